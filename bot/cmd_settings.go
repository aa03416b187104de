package bot

import (
	"context"

	"github.com/briefbot/briefbot/summaries"
)

// scope is whose settings a command changes.
type scope int

const (
	scopeChat   scope = iota // the chat's (a Telegram chat, a Discord channel)
	scopeServer              // the server's the chat belongs to
	scopeUser                // the requester's own, where the platform keeps them
)

// mayChange reports whether the sender may change the settings of target:
// anyone their own and a private chat's, administrators a group's; a
// server's settings need the server's administrators.
func (b *Bot) mayChange(ctx context.Context, req *Request, target scope) (bool, error) {
	switch {
	case target == scopeUser:
		return true, nil
	case target == scopeServer:
		if req.IsParentAdmin == nil {
			return false, nil
		}
		return req.IsParentAdmin(ctx)
	case req.Chat.Kind == Private:
		return true, nil
	case req.IsAdmin == nil:
		return false, nil
	}
	return req.IsAdmin(ctx)
}

// refuseChange answers a sender who may not change the settings of the
// chat (or of its server), or whose rights could not be checked; nil when
// the change may go ahead.
func (b *Bot) refuseChange(ctx context.Context, req *Request, target scope) *Reply {
	ok, err := b.mayChange(ctx, req, target)
	switch {
	case err != nil:
		b.log.Warn("checking admin rights", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_admin_check"))
	case !ok && target == scopeServer:
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_server_admins_only"))
	case !ok:
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_admins_only"))
	}
	return nil
}

// changeSettings applies change to the settings of target if the sender
// may, and answers with done.
func (b *Bot) changeSettings(ctx context.Context, req *Request, target scope, change func(*ChatSettings), done func(ChatSettings) *Reply) *Reply {
	if r := b.refuseChange(ctx, req, target); r != nil {
		return r
	}
	key := req.Chat.Key
	switch target {
	case scopeServer:
		key = req.Chat.Parent
	case scopeUser:
		key = req.User.Key
	}
	s, err := b.settings.ChatSettings(ctx, key) // the chat's own, not what it inherits
	if err == nil {
		change(&s)
		err = b.settings.SaveChatSettings(ctx, key, s)
	}
	if err != nil {
		b.log.Error("saving chat settings", "chat", key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_internal"))
	}
	return done(s)
}

// scope reads the scope option: the chat's settings (the default), its
// server's, or the requester's own. bad is the answer when it asks for a
// server the chat does not have, or for a user the request does not name.
func (b *Bot) scope(req *Request) (target scope, bad *Reply) {
	switch req.Options.Text("scope") {
	case "server":
		if req.Chat.Parent == "" {
			return scopeChat, b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_no_server"))
		}
		return scopeServer, nil
	case "me":
		if req.User.Key == "" || !req.Can(CapUserSettings) {
			return scopeChat, b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_not_here", "Command", "/"+req.Command+" me"))
		}
		return scopeUser, nil
	}
	return scopeChat, nil
}

// setLang answers /lang ar|en [server|me]: the chat's (or its server's,
// or the requester's own) language from now on.
func (b *Bot) setLang(ctx context.Context, req *Request) *Reply {
	target, bad := b.scope(req)
	if bad != nil {
		return bad
	}
	lang, ok := summaries.ParseLang(req.Options.Text("lang"))
	if !ok || len(req.Options.Unplaced) > 0 {
		f := b.fmt(req)
		return &Reply{Lang: req.Lang, Error: len(req.Options.Unplaced) > 0, Blocks: b.settingUsage(f, req,
			Paragraph{Text: f.t("lang_current", "Lang", f.t("lang_name_"+string(req.Lang)))})}
	}
	return b.changeSettings(ctx, req, target, func(s *ChatSettings) { s.Lang = lang }, func(ChatSettings) *Reply {
		req.Lang = lang
		id := map[scope]string{scopeChat: "lang_set", scopeServer: "lang_set_server", scopeUser: "lang_set_user"}[target]
		return &Reply{Lang: lang, Blocks: []Block{Paragraph{Text: b.msgs.T(lang, id)}}}
	})
}

// setDigits answers /digits western|arabic [server]: how Arabic replies
// write numbers.
func (b *Bot) setDigits(ctx context.Context, req *Request) *Reply {
	target, bad := b.scope(req)
	if bad != nil {
		return bad
	}
	d := Digits(req.Options.Text("style"))
	if d == "" || len(req.Options.Unplaced) > 0 {
		f := b.fmt(req)
		ex := formatter{msgs: b.msgs, lang: summaries.AR, digits: req.Settings.Digits}
		return &Reply{Lang: req.Lang, Error: len(req.Options.Unplaced) > 0, Blocks: b.settingUsage(f, req,
			Paragraph{Text: f.t("digits_current", "Example", ex.Amount(exampleFigure))})}
	}
	return b.changeSettings(ctx, req, target, func(s *ChatSettings) { s.Digits = d }, func(s ChatSettings) *Reply {
		ex := formatter{msgs: b.msgs, lang: summaries.AR, digits: s.Digits}
		return &Reply{Lang: req.Lang, Blocks: []Block{Paragraph{Text: b.msgs.T(req.Lang, "digits_set", "Example", ex.Amount(exampleFigure))}}}
	})
}

// settingUsage is a settings command's current value and how to change
// it on the request's platform, with the server scope where the chat has a
// server and the platform takes it as typed text.
func (b *Bot) settingUsage(f formatter, req *Request, current Block) []Block {
	blocks := []Block{current}
	if c := b.command(req.Command); c != nil {
		blocks = append(blocks, Note{Text: b.usage(req, *c)})
	}
	if req.Chat.Parent != "" && !req.Can(CapTypedOptions) {
		blocks = append(blocks, Note{Text: f.t("usage_server_scope")})
	}
	return blocks
}

// badArgReply answers a typed value its parameter does not take: the
// parameter's own message ("“two” is not a page number"), or for a choice
// that the value is none of them, with the choices and how to write them.
func (b *Bot) badArgReply(req *Request, bad *badArg) *Reply {
	f := b.fmt(req)
	arg := Clean(bad.word, maxEcho)
	if bad.param.Kind != ParamChoice {
		return b.errorReply(req.Lang, f.t(bad.param.Invalid, "Arg", arg))
	}
	choices := Bullets{Title: f.t("choices_title")}
	for _, ch := range bad.param.Choices {
		if req.Can(ch.Needs) {
			choices.Items = append(choices.Items, ch.Value+" — "+f.t(ch.Label))
		}
	}
	r := b.errorReply(req.Lang, f.t("error_bad_choice", "Arg", arg))
	r.Blocks = append(r.Blocks, choices)
	if c := b.command(req.Command); c != nil {
		r.Blocks = append(r.Blocks, Note{Text: b.usage(req, *c)})
	}
	return r
}

// setPrivate answers /private on|off: whether replies in this chat are
// shown only to whoever asked (on platforms that can).
func (b *Bot) setPrivate(ctx context.Context, req *Request) *Reply {
	state := req.Options.Text("state")
	if state == "" || len(req.Options.Unplaced) > 0 {
		f := b.fmt(req)
		id := "private_is_off"
		if req.Settings.Private {
			id = "private_is_on"
		}
		return &Reply{Lang: req.Lang, Error: len(req.Options.Unplaced) > 0, Blocks: b.settingUsage(f, req, Paragraph{Text: f.t(id)})}
	}
	on := state == "on"
	return b.changeSettings(ctx, req, scopeChat, func(s *ChatSettings) { s.Private = on }, func(ChatSettings) *Reply {
		id := "private_set_off"
		if on {
			id = "private_set_on"
		}
		req.Settings.Private = false // confirm publicly either way
		return &Reply{Lang: req.Lang, Blocks: []Block{Paragraph{Text: b.msgs.T(req.Lang, id)}}}
	})
}

// exampleFigure shows what a digit style looks like.
var exampleFigure = summaries.Figure{Value: 7_700_000, Unit: summaries.UnitPeople, Qualifier: summaries.About}
