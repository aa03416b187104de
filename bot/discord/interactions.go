package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// responder sends an interaction's initial response: a REST callback on the
// gateway, the HTTP answer in interactions mode.
type responder func(*discordgo.InteractionResponse) error

func (a *Adapter) gatewayResponder(i *discordgo.Interaction) responder {
	return func(r *discordgo.InteractionResponse) error { return a.s.InteractionRespond(i, r) }
}

// noMentions keeps replies from pinging anyone, whatever curated text holds.
var noMentions = &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}

// inbound is an interaction as received, with what discordgo v0.29 does
// not decode: the parent channel of a thread it was sent in.
type inbound struct {
	*discordgo.Interaction
	// parent is the id of the channel the interaction's thread is in; ""
	// outside a thread. A thread's settings fall back to its channel's.
	parent string
}

// decode decodes one interaction as received and checks what the adapter
// relies on; a malformed one is logged once, with its id, and refused.
func (a *Adapter) decode(raw []byte) (*inbound, bool) {
	i, id, err := decodeInteraction(raw)
	if err != nil {
		a.log.Warn("malformed interaction skipped", "interaction", id, "reason", err.Error())
		return nil, false
	}
	return i, true
}

// decodeInteraction decodes an interaction. Every field may be missing or
// of the wrong type: the error then says what, and id is the interaction's
// id when it has a readable one.
func decodeInteraction(raw []byte) (in *inbound, id string, err error) {
	var head struct {
		ID      string `json:"id"`
		Channel *struct {
			Type     discordgo.ChannelType `json:"type"`
			ParentID string                `json:"parent_id"`
		} `json:"channel"`
	}
	_ = json.Unmarshal(raw, &head) // best effort: the id to log, a thread's parent
	i := &discordgo.Interaction{}
	if err := json.Unmarshal(raw, i); err != nil {
		return nil, head.ID, err
	}
	in = &inbound{Interaction: i}
	if c := head.Channel; c != nil && (&discordgo.Channel{Type: c.Type}).IsThread() {
		in.parent = c.ParentID
	}
	return in, i.ID, checkInteraction(i)
}

// checkInteraction reports what an interaction lacks for the adapter to
// answer it: an id and a token always; for the kinds it serves, their
// data, a channel and a user; and a type the adapter knows.
func checkInteraction(i *discordgo.Interaction) error {
	switch {
	case i.ID == "":
		return errors.New("no id")
	case i.Token == "":
		return errors.New("no token")
	}
	switch i.Type {
	case discordgo.InteractionPing:
		return nil
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
		if !ok {
			return errors.New("no command data")
		}
		if err := checkOptions(data.Options); err != nil {
			return err
		}
	case discordgo.InteractionMessageComponent:
		if _, ok := i.Data.(discordgo.MessageComponentInteractionData); !ok {
			return errors.New("no component data")
		}
	default:
		return fmt.Errorf("unknown type %d", i.Type)
	}
	switch {
	case i.ChannelID == "":
		return errors.New("no channel")
	case (i.Member == nil || i.Member.User == nil) && i.User == nil:
		return errors.New("no user")
	}
	return nil
}

// checkOptions refuses null options, at any depth.
func checkOptions(opts []*discordgo.ApplicationCommandInteractionDataOption) error {
	for _, o := range opts {
		if o == nil {
			return errors.New("an option is null")
		}
		if err := checkOptions(o.Options); err != nil {
			return err
		}
	}
	return nil
}

// handle answers one interaction that passed checkInteraction; a panic is
// logged, not fatal. Every kind goes through the core's Mux: commands,
// button presses (expired ones too) and autocomplete.
func (a *Adapter) handle(ctx context.Context, in *inbound, respond responder) {
	i := in.Interaction
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("interaction handler panicked", "interaction", i.ID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	var err error
	switch i.Type {
	case discordgo.InteractionPing:
		err = respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
	case discordgo.InteractionApplicationCommand:
		err = a.answer(ctx, i, a.commandRequest(in), false, respond)
	case discordgo.InteractionApplicationCommandAutocomplete:
		err = respond(a.autocomplete(ctx, in))
	case discordgo.InteractionMessageComponent:
		req := a.baseRequest(in)
		if act, ok := a.buttons.Decode(i.MessageComponentData().CustomID); ok {
			req.Command, req.Args, req.Lang = act.Command, act.Args, act.Lang
			// Someone else's message, or a pointer that opens apart: the
			// presser gets the view for themselves, the message stays.
			changes := act.Changes(req.User.Key)
			req.Private = !changes
			err = a.answer(ctx, i, req, changes, respond)
		} else {
			req.Kind = bot.KindExpired
			err = a.answer(ctx, i, req, false, respond)
		}
	}
	if i.Type == discordgo.InteractionApplicationCommand || i.Type == discordgo.InteractionMessageComponent {
		a.observe(ctx, err) // their answer is a message
	}
	if err != nil {
		a.log.Warn("answering an interaction", "interaction", i.ID, "type", i.Type, "err", err)
	}
}

// answer runs req through the core and answers the interaction: at once when
// the reply is ready within DeferAfter, else by acknowledging first and
// editing the response when it is ready. A reply longer than one message
// continues in follow-ups. update answers a button by replacing its message.
func (a *Adapter) answer(ctx context.Context, i *discordgo.Interaction, req *bot.Request, update bool, respond responder) error {
	done := make(chan *bot.Reply, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil { // the core recovers its handlers; this is the last guard
				a.log.Error("interaction handler panicked", "interaction", i.ID, "panic", fmt.Sprint(p))
				done <- &bot.Reply{Silent: true}
			}
		}()
		done <- a.core.Handle(ctx, req)
	}()
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
	if reply.Silent {
		return a.acknowledge(i, update, deferred, respond)
	}
	// An error is shown to the requester only.
	if reply.Error {
		reply.Private = true
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
			Content: first.Content, Embeds: first.Embeds, Components: components, Flags: flags, AllowedMentions: noMentions,
		}}); err != nil {
			return err
		}
	default:
		if _, err := a.s.InteractionResponseEdit(i, &discordgo.WebhookEdit{
			Content: &first.Content, Embeds: &first.Embeds, Components: &components, AllowedMentions: noMentions,
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

// acknowledge answers an interaction whose reply is Silent (a flooding
// user's further commands) without showing anything: Discord needs an
// answer to every interaction, so a button press is acknowledged as a
// deferred update that changes nothing, and a command with a private
// "thinking" response that is deleted at once.
func (a *Adapter) acknowledge(i *discordgo.Interaction, update, deferred bool, respond responder) error {
	if update {
		if deferred {
			return nil
		}
		return respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredMessageUpdate})
	}
	if !deferred {
		if err := respond(&discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}}); err != nil {
			return err
		}
	}
	return a.s.InteractionResponseDelete(i)
}

// baseRequest is what every request from interaction in shares: the chat
// (and, in a thread, its channel), its server, the user, and the rights
// that settings commands need.
func (a *Adapter) baseRequest(in *inbound) *bot.Request {
	i := in.Interaction
	req := &bot.Request{
		Chat: bot.Chat{Key: channelKey(i.ChannelID), Kind: bot.Private},
		Caps: caps, Platform: bot.PlatformDiscord,
	}
	if in.parent != "" {
		req.Chat.Channel = channelKey(in.parent)
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

// commandRequest turns a slash command into a request with its options
// as typed values.
func (a *Adapter) commandRequest(in *inbound) *bot.Request {
	data := in.ApplicationCommandData()
	req := a.baseRequest(in)
	req.Command = data.Name
	if c, ok := a.commands[data.Name]; ok {
		req.Options = options(&c, data.Options)
	}
	return req
}

// maxChoices is Discord's limit on autocomplete choices.
const maxChoices = 25

// autocomplete offers what the core finds for the option being typed
// (statements by id, alias or title; time zones), in the language the core
// decides for this channel.
func (a *Adapter) autocomplete(ctx context.Context, in *inbound) *discordgo.InteractionResponse {
	i := in.Interaction
	req := a.commandRequest(in)
	req.Kind = bot.KindLookup
	req.Lookup.Limit = maxChoices
	for _, o := range i.ApplicationCommandData().Options {
		if o.Focused {
			req.Lookup.Param = o.Name
			req.Args, _ = o.Value.(string)
		}
	}
	reply := a.core.Handle(ctx, req)
	choices := []*discordgo.ApplicationCommandOptionChoice{}
	for _, r := range reply.Results[:min(len(reply.Results), maxChoices)] {
		name := r.Title
		if r.Value != r.Title {
			name = clip(r.Title, 100-len(" · ")-len(r.Value)) + " · " + r.Value
		}
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: clip(name, 100), Value: r.Value})
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices}}
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
