package discord

import (
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// Permission bits the bot checks in an interaction's member.permissions.
const (
	permAdministrator  = int64(discordgo.PermissionAdministrator)
	permManageChannels = int64(discordgo.PermissionManageChannels)
	permManageServer   = int64(discordgo.PermissionManageGuild)
)

// settingsCommands change a channel's settings: Discord shows them only to
// members with Manage Channels (default_member_permissions), and the bot
// checks the permission again.
var settingsCommands = map[string]bool{"lang": true, "digits": true, "private": true, "subscribe": true, "unsubscribe": true}

// langOption is the explicit reply language. Discord has no Arabic locale,
// so Arabic is chosen here, by a channel's or server's /lang, or by default.
func langOption(required bool) *discordgo.ApplicationCommandOption {
	return &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "lang", Required: required,
		Description: "Reply language",
		Choices: []*discordgo.ApplicationCommandOptionChoice{
			{Name: "English", Value: "en"},
			{Name: "العربية", Value: "ar"},
		},
	}
}

var (
	privateOption = &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionBoolean, Name: "private",
		Description: "Show the answer only to you",
	}
	scopeOption = &discordgo.ApplicationCommandOption{
		Type: discordgo.ApplicationCommandOptionString, Name: "scope",
		Description: "This channel (default) or the whole server (needs Manage Server)",
		Choices: []*discordgo.ApplicationCommandOptionChoice{
			{Name: "This channel", Value: "channel"},
			{Name: "Whole server", Value: "server"},
		},
	}
)

// commandDefs are the slash commands: the core's commands, in English
// (Discord's locales do not include Arabic, so no "ar" localisation is
// ever sent), with options that fit each one.
func (a *Adapter) commandDefs() []*discordgo.ApplicationCommand {
	var out []*discordgo.ApplicationCommand
	for _, c := range a.core.Commands(summaries.EN) {
		if c.Name == "start" || c.Needs != "" && c.Needs != bot.CapPrivateReplies {
			continue // Discord has no /start; the bot introduces itself in /help
		}
		cmd := &discordgo.ApplicationCommand{Name: c.Name, Description: bot.Clean(c.Description, 100),
			Type: discordgo.ChatApplicationCommand}
		if settingsCommands[c.Name] {
			p := permManageChannels
			cmd.DefaultMemberPermissions = &p
		}
		switch c.Name {
		case "lang":
			cmd.Options = []*discordgo.ApplicationCommandOption{langOption(true), scopeOption}
		case "digits":
			cmd.Options = []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "style", Required: true,
				Description: "How Arabic replies write numbers",
				Choices: []*discordgo.ApplicationCommandOptionChoice{
					{Name: "Western (123)", Value: string(bot.WesternDigits)},
					{Name: "Arabic-Indic (١٢٣)", Value: string(bot.ArabicIndicDigits)},
				},
			}, scopeOption}
		case "subscribe":
			lang := langOption(false)
			lang.Description = "Language of the briefing (default: the channel's)"
			cmd.Options = []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "time", Description: "Local time HH:MM (default 07:00)", MinLength: ptr(4), MaxLength: 5},
				{Type: discordgo.ApplicationCommandOptionString, Name: "timezone", Description: "IANA time zone, e.g. Asia/Riyadh (default Asia/Baghdad)", Autocomplete: true},
				lang,
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "daily", Description: "Post every day, even with no new statement"},
			}
		case "unsubscribe", "subscription", "briefing":
			cmd.Options = []*discordgo.ApplicationCommandOption{privateOption}
		case "private":
			cmd.Options = []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "state", Required: true,
				Description: "On: replies in this channel are shown only to whoever asked",
				Choices: []*discordgo.ApplicationCommandOptionChoice{
					{Name: "on", Value: "on"}, {Name: "off", Value: "off"},
				},
			}}
		default:
			for _, arg := range c.Args {
				switch arg.Kind {
				case bot.ArgStatement:
					cmd.Options = append(cmd.Options, &discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionString, Name: "statement", Autocomplete: true,
						Description: "Statement id, alias or title (default: the latest)",
					})
				case bot.ArgNumber:
					one := 1.0
					cmd.Options = append(cmd.Options, &discordgo.ApplicationCommandOption{
						Type: discordgo.ApplicationCommandOptionInteger, Name: arg.Name, MinValue: &one,
						Description: "Page number",
					})
				}
			}
			cmd.Options = append(cmd.Options, langOption(false), privateOption)
		}
		out = append(out, cmd)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

// registerCommands publishes the commands with one bulk overwrite: in one
// guild when DISCORD_GUILD_ID is set (instant), else globally.
func (a *Adapter) registerCommands() error {
	cmds := a.commandDefs()
	if _, err := a.s.ApplicationCommandBulkOverwrite(a.appID, a.cfg.GuildID, cmds); err != nil {
		return fmt.Errorf("discord: registering commands: %w", err)
	}
	where := "globally"
	if a.cfg.GuildID != "" {
		where = "in guild " + a.cfg.GuildID
	}
	a.log.Info("commands registered", "count", len(cmds), "where", where)
	return nil
}
