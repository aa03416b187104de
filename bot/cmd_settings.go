package bot

import (
	"context"

	"github.com/briefbot/briefbot/summaries"
)

// mayChange reports whether the sender may change the settings of target:
// anyone in a private chat, administrators elsewhere; a server's settings
// need the server's administrators.
func (b *Bot) mayChange(ctx context.Context, req *Request, server bool) (bool, error) {
	switch {
	case server:
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
func (b *Bot) refuseChange(ctx context.Context, req *Request, server bool) *Reply {
	ok, err := b.mayChange(ctx, req, server)
	switch {
	case err != nil:
		b.log.Warn("checking admin rights", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_admin_check"))
	case !ok && server:
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_server_admins_only"))
	case !ok:
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_admins_only"))
	}
	return nil
}

// changeSettings applies change to the settings of the chat (or of its
// server) if the sender may, and answers with done.
func (b *Bot) changeSettings(ctx context.Context, req *Request, server bool, change func(*ChatSettings), done func(ChatSettings) *Reply) *Reply {
	if r := b.refuseChange(ctx, req, server); r != nil {
		return r
	}
	key := req.Chat.Key
	if server {
		key = req.Chat.Parent
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

// scope reads the scope option: whether a setting is for the whole
// server the chat belongs to. bad is the answer when it asks for a server
// and the chat has none.
func (b *Bot) scope(req *Request) (server bool, bad *Reply) {
	if req.Options.Text("scope") != "server" {
		return false, nil
	}
	if req.Chat.Parent == "" {
		return false, b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_no_server"))
	}
	return true, nil
}

// setLang answers /lang ar|en [server]: the chat's (or its server's)
// language from now on.
func (b *Bot) setLang(ctx context.Context, req *Request) *Reply {
	server, bad := b.scope(req)
	if bad != nil {
		return bad
	}
	lang, ok := summaries.ParseLang(req.Options.Text("lang"))
	if !ok || len(req.Options.Unplaced) > 0 {
		f := b.fmt(req)
		return &Reply{Lang: req.Lang, Error: len(req.Options.Unplaced) > 0, Blocks: usage(f, req,
			Paragraph{Text: f.t("lang_current", "Lang", f.t("lang_name_"+string(req.Lang)))}, "usage_lang")}
	}
	return b.changeSettings(ctx, req, server, func(s *ChatSettings) { s.Lang = lang }, func(ChatSettings) *Reply {
		req.Lang = lang
		id := "lang_set"
		if server {
			id = "lang_set_server"
		}
		return &Reply{Lang: lang, Blocks: []Block{Paragraph{Text: b.msgs.T(lang, id)}}}
	})
}

// setDigits answers /digits western|arabic [server]: how Arabic replies
// write numbers.
func (b *Bot) setDigits(ctx context.Context, req *Request) *Reply {
	server, bad := b.scope(req)
	if bad != nil {
		return bad
	}
	d := Digits(req.Options.Text("style"))
	if d == "" || len(req.Options.Unplaced) > 0 {
		f := b.fmt(req)
		ex := formatter{msgs: b.msgs, lang: summaries.AR, digits: req.Settings.Digits}
		return &Reply{Lang: req.Lang, Error: len(req.Options.Unplaced) > 0, Blocks: usage(f, req,
			Paragraph{Text: f.t("digits_current", "Example", ex.Amount(exampleFigure))}, "usage_digits")}
	}
	return b.changeSettings(ctx, req, server, func(s *ChatSettings) { s.Digits = d }, func(s ChatSettings) *Reply {
		ex := formatter{msgs: b.msgs, lang: summaries.AR, digits: s.Digits}
		return &Reply{Lang: req.Lang, Blocks: []Block{Paragraph{Text: b.msgs.T(req.Lang, "digits_set", "Example", ex.Amount(exampleFigure))}}}
	})
}

// usage is a settings command's current value and how to change it, with
// the server scope where the chat has a server.
func usage(f formatter, req *Request, current Block, usageID string) []Block {
	blocks := []Block{current, Note{Text: f.t(usageID)}}
	if req.Chat.Parent != "" {
		blocks = append(blocks, Note{Text: f.t("usage_server_scope")})
	}
	return blocks
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
		return &Reply{Lang: req.Lang, Error: len(req.Options.Unplaced) > 0, Blocks: []Block{Paragraph{Text: f.t(id)}, Note{Text: f.t("usage_private")}}}
	}
	on := state == "on"
	return b.changeSettings(ctx, req, false, func(s *ChatSettings) { s.Private = on }, func(ChatSettings) *Reply {
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
