package discord

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// responder sends an interaction's initial response: a REST callback on the
// gateway, the HTTP answer in interactions mode.
type responder func(*discordgo.InteractionResponse) error

func (a *Adapter) gatewayResponder(i *discordgo.Interaction) responder {
	return func(r *discordgo.InteractionResponse) error { return a.s.InteractionRespond(i, r) }
}

// noMentions keeps replies from pinging anyone, whatever curated text holds.
var noMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}

// handle answers one interaction; a panic is logged, not fatal.
func (a *Adapter) handle(ctx context.Context, i *discordgo.Interaction, respond responder) {
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("interaction handler panicked", "interaction", i.ID, "panic", p)
		}
	}()
	var err error
	switch i.Type {
	case discordgo.InteractionPing:
		err = respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
	case discordgo.InteractionApplicationCommand:
		err = a.answer(ctx, i, a.commandRequest(i), false, respond)
	case discordgo.InteractionApplicationCommandAutocomplete:
		err = respond(a.autocomplete(ctx, i))
	case discordgo.InteractionMessageComponent:
		act, ok := a.decodeAction(i.MessageComponentData().CustomID)
		if !ok {
			lang := a.langFor(ctx, i, "")
			err = respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: a.core.Messages().T(lang, "button_expired"),
					Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions}})
			break
		}
		req := a.baseRequest(i)
		req.Command, req.Args, req.Lang = act.Command, act.Args, act.Lang
		err = a.answer(ctx, i, req, true, respond)
	}
	if err != nil {
		a.log.Error("answering an interaction", "interaction", i.ID, "type", i.Type, "err", err)
	}
}

// answer runs req through the core and answers the interaction: at once when
// the reply is ready within DeferAfter, else by acknowledging first and
// editing the response when it is ready. A reply longer than one message
// continues in follow-ups. update answers a button by replacing its message.
func (a *Adapter) answer(ctx context.Context, i *discordgo.Interaction, req *bot.Request, update bool, respond responder) error {
	done := make(chan *bot.Reply, 1)
	go func() { done <- a.core.Handle(ctx, req) }()
	var reply *bot.Reply
	deferred := false
	timer := time.NewTimer(a.cfg.DeferAfter)
	defer timer.Stop()
	select {
	case reply = <-done:
	case <-timer.C:
		deferred = true
		typ := discordgo.InteractionResponseDeferredChannelMessageWithSource
		data := &discordgo.InteractionResponseData{}
		if update {
			typ, data = discordgo.InteractionResponseDeferredMessageUpdate, nil
		} else if req.Private {
			data.Flags = discordgo.MessageFlagsEphemeral
		}
		if err := respond(&discordgo.InteractionResponse{Type: typ, Data: data}); err != nil {
			return err
		}
		reply = <-done
	}
	if reply == nil { // the core chose silence (a flooding user): say so privately
		lang := req.Lang
		if lang == "" {
			lang = a.core.DefaultLang()
		}
		reply = &bot.Reply{Lang: lang, Private: true, Blocks: []bot.Block{bot.Paragraph{Text: a.core.Messages().N(lang, "error_rate_limited", 2, "N", 2)}}}
	}
	if reply.Error {
		reply.Private = true // a failed lookup concerns only whoever asked
	}
	out := a.render(reply)
	parts, components := out.parts, out.components
	var flags discordgo.MessageFlags
	if reply.Private {
		flags = discordgo.MessageFlagsEphemeral
	}
	first := parts[0]
	switch {
	case !deferred:
		typ := discordgo.InteractionResponseChannelMessageWithSource
		if update {
			typ = discordgo.InteractionResponseUpdateMessage
		}
		if err := respond(&discordgo.InteractionResponse{Type: typ, Data: &discordgo.InteractionResponseData{
			Embeds: first.Embeds, Components: components, Flags: flags, AllowedMentions: noMentions,
		}}); err != nil {
			return err
		}
	default:
		if _, err := a.s.InteractionResponseEdit(i, &discordgo.WebhookEdit{
			Embeds: &first.Embeds, Components: &components, AllowedMentions: noMentions,
		}); err != nil {
			return err
		}
	}
	for _, p := range parts[1:] {
		if _, err := a.s.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
			Embeds: p.Embeds, Flags: flags, AllowedMentions: noMentions,
		}); err != nil {
			return err
		}
	}
	return nil
}

// baseRequest is what every request from interaction i shares: the chat,
// its server, the user, and the rights that settings commands need.
func (a *Adapter) baseRequest(i *discordgo.Interaction) *bot.Request {
	req := &bot.Request{
		Chat: bot.Chat{Key: channelKey(i.ChannelID), Kind: bot.Private},
		Caps: []bot.Capability{bot.CapPrivateReplies},
	}
	var u *discordgo.User
	if i.Member != nil {
		u = i.Member.User
		perms := i.Member.Permissions
		req.IsAdmin = func(context.Context) (bool, error) {
			return perms&(permAdministrator|permManageChannels) != 0, nil
		}
		req.IsParentAdmin = func(context.Context) (bool, error) {
			return perms&(permAdministrator|permManageServer) != 0, nil
		}
	} else {
		u = i.User
	}
	if i.GuildID != "" {
		req.Chat.Kind = bot.Group
		req.Chat.Parent = guildKey(i.GuildID)
	}
	if u != nil {
		// The client locale is not a language choice here: Discord has no
		// Arabic locale, so Arabic newsrooms read Discord in English. Arabic
		// comes from the lang option, a channel or server /lang, or the default.
		req.User = bot.User{Key: "discord-user:" + u.ID}
	}
	return req
}

// commandRequest turns a slash command's options into a request.
func (a *Adapter) commandRequest(i *discordgo.Interaction) *bot.Request {
	data := i.ApplicationCommandData()
	req := a.baseRequest(i)
	req.Command = data.Name
	opt := map[string]*discordgo.ApplicationCommandInteractionDataOption{}
	for _, o := range data.Options {
		opt[o.Name] = o
	}
	str := func(name string) string {
		if o, ok := opt[name]; ok {
			if s, ok := o.Value.(string); ok {
				return s
			}
		}
		return ""
	}
	scope := ""
	if str("scope") == "server" {
		scope = " server"
	}
	switch data.Name {
	case "lang":
		req.Args = str("lang") + scope
	case "digits":
		req.Args = str("style") + scope
	case "private":
		req.Args = str("state")
	case "subscribe":
		words := []string{str("time"), str("timezone"), str("lang")}
		if o, ok := opt["daily"]; ok && o.BoolValue() {
			words = append(words, "daily")
		}
		req.Args = strings.Join(strings.Fields(strings.Join(words, " ")), " ")
	default:
		req.Args = str("statement")
		if o, ok := opt["page"]; ok {
			req.Args = strconv.FormatInt(o.IntValue(), 10)
		}
		if l, ok := summaries.ParseLang(str("lang")); ok {
			req.Lang = l
		}
		if o, ok := opt["private"]; ok && o.BoolValue() {
			req.Private = true
		}
	}
	return req
}

// maxChoices is Discord's limit on autocomplete choices.
const maxChoices = 25

// autocomplete offers statements matching what the user is typing: ids,
// aliases and titles in both languages.
func (a *Adapter) autocomplete(ctx context.Context, i *discordgo.Interaction) *discordgo.InteractionResponse {
	data := i.ApplicationCommandData()
	typed, lang, focused := "", "", ""
	for _, o := range data.Options {
		if o.Focused {
			typed, _ = o.Value.(string)
			focused = o.Name
		}
		if o.Name == "lang" {
			lang, _ = o.Value.(string)
		}
	}
	if focused == "timezone" {
		return zoneChoices(typed)
	}
	l := a.langFor(ctx, i, lang)
	var choices []*discordgo.ApplicationCommandOptionChoice
	for _, r := range a.core.Quick(typed, l, bot.WesternDigits, true) {
		if len(choices) == maxChoices {
			break
		}
		name := clip(r.Title, 100-len(" · ")-len(r.StatementID))
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: name + " · " + r.StatementID, Value: r.StatementID})
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices}}
}

// langFor picks the language of text the adapter writes itself (choices,
// notices): an explicit choice, the channel's or server's setting, the default.
func (a *Adapter) langFor(ctx context.Context, i *discordgo.Interaction, explicit string) summaries.Lang {
	if l, ok := summaries.ParseLang(explicit); ok {
		return l
	}
	for _, key := range []string{channelKey(i.ChannelID), guildKey(i.GuildID)} {
		if s, err := a.states.ChatSettings(ctx, key); err == nil && s.Lang != "" {
			return s.Lang
		}
	}
	return a.core.DefaultLang()
}

func channelKey(id string) string { return "discord:" + id }
func guildKey(id string) string {
	if id == "" {
		return ""
	}
	return "discord-guild:" + id
}

// ParseChannelKey returns the Discord channel id of a chat key.
func ParseChannelKey(key string) (string, bool) {
	id, ok := strings.CutPrefix(key, "discord:")
	return id, ok && id != ""
}

// isGone reports the REST errors that mean the bot cannot post in a channel:
// missing permissions or access, an unknown or deleted channel.
func isGone(err error) bool {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Message == nil {
		return false
	}
	switch re.Message.Code {
	case discordgo.ErrCodeMissingPermissions, discordgo.ErrCodeMissingAccess, discordgo.ErrCodeUnknownChannel:
		return true
	}
	return false
}
