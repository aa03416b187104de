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

// caps are what Discord can do beyond plain replies: ephemeral answers,
// settings of each user (a user's own /lang, scope me), and arguments as
// typed slash options. Discord does not report a usable app language (it
// has no Arabic locale), so CapUserLang is not among them.
var caps = []bot.Capability{bot.CapPrivateReplies, bot.CapUserSettings, bot.CapTypedOptions}

func can(c bot.Capability) bool {
	for _, x := range caps {
		if x == c {
			return true
		}
	}
	return c == ""
}

// optionTypes are the Discord option type of each parameter kind.
var optionTypes = map[bot.ParamKind]discordgo.ApplicationCommandOptionType{
	bot.ParamStatement: discordgo.ApplicationCommandOptionString,
	bot.ParamChoice:    discordgo.ApplicationCommandOptionString,
	bot.ParamNumber:    discordgo.ApplicationCommandOptionInteger,
	bot.ParamTime:      discordgo.ApplicationCommandOptionString,
	bot.ParamZone:      discordgo.ApplicationCommandOptionString,
	bot.ParamFlag:      discordgo.ApplicationCommandOptionBoolean,
	bot.ParamFigure:    discordgo.ApplicationCommandOptionString,
	bot.ParamLink:      discordgo.ApplicationCommandOptionString,
	bot.ParamText:      discordgo.ApplicationCommandOptionString,
}

// commandDefs are the slash commands, built from the core's declarations in
// English (Discord's locales do not include Arabic, so no "ar"
// localisation is ever sent): every command and parameter Discord can serve.
// Commands that change settings default to members with Manage Channels.
func (a *Adapter) commandDefs() []*discordgo.ApplicationCommand {
	var out []*discordgo.ApplicationCommand
	for _, c := range a.core.Commands(summaries.EN) {
		if !can(c.Needs) {
			continue
		}
		cmd := &discordgo.ApplicationCommand{Name: c.Name, Description: bot.Clean(c.Description, 100),
			Type: discordgo.ChatApplicationCommand}
		if c.Admin {
			p := permManageChannels
			cmd.DefaultMemberPermissions = &p
		}
		for _, p := range c.Params {
			if !can(p.Needs) {
				continue
			}
			cmd.Options = append(cmd.Options, option(p))
		}
		out = append(out, cmd)
	}
	return out
}

// option is one parameter as a Discord option.
func option(p bot.ParamInfo) *discordgo.ApplicationCommandOption {
	o := &discordgo.ApplicationCommandOption{
		Type: optionTypes[p.Kind], Name: p.Name, Description: bot.Clean(p.Description, 100), Required: p.Required,
		Autocomplete: p.Kind == bot.ParamStatement || p.Kind == bot.ParamZone || p.Kind == bot.ParamFigure,
	}
	for _, ch := range p.Choices {
		if can(ch.Needs) {
			o.Choices = append(o.Choices, &discordgo.ApplicationCommandOptionChoice{Name: bot.Clean(ch.Label, 100), Value: ch.Value})
		}
	}
	if p.Kind == bot.ParamNumber {
		v := float64(p.Min)
		o.MinValue = &v
	}
	if p.MinLen > 0 {
		o.MinLength = &p.MinLen
	}
	o.MaxLength = p.MaxLen
	return o
}

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

// options reads a slash command's options into typed values, by the
// kind its parameter declares: the core never parses them from text.
func options(c *bot.CommandInfo, given []*discordgo.ApplicationCommandInteractionDataOption) bot.Options {
	var o bot.Options
	for _, g := range given {
		for _, p := range c.Params {
			if p.Name != g.Name {
				continue
			}
			// A value of another type than declared is dropped, never
			// asserted: a malformed interaction must not panic.
			switch p.Kind {
			case bot.ParamNumber:
				if f, ok := g.Value.(float64); ok { // JSON numbers
					o.Set(p.Name, bot.Value{Int: int64(f)})
				}
			case bot.ParamFlag:
				if b, ok := g.Value.(bool); ok {
					o.Set(p.Name, bot.Value{Bool: b})
				}
			default:
				if s, ok := g.Value.(string); ok {
					o.Set(p.Name, bot.Value{Text: s})
				}
			}
		}
	}
	return o
}
