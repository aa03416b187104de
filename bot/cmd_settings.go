package bot

import (
	"context"
	"strings"

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

// changeSettings applies change to the settings of the chat (or of its
// server) if the sender may, and answers with done.
func (b *Bot) changeSettings(ctx context.Context, req *Request, server bool, change func(*ChatSettings), done func(ChatSettings) *Reply) *Reply {
	key := req.Chat.Key
	if server {
		key = req.Chat.Parent
	}
	ok, err := b.mayChange(ctx, req, server)
	if err != nil {
		b.log.Warn("checking admin rights", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_admin_check"))
	}
	if !ok {
		id := "error_admins_only"
		if server {
			id = "error_server_admins_only"
		}
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, id))
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

// serverScope reads a trailing "server" word: the setting is for the whole
// server the chat belongs to.
func serverScope(req *Request, words []string) ([]string, bool, *Reply) {
	if n := len(words); n > 0 && (words[n-1] == "server" || words[n-1] == "الخادم") {
		if req.Chat.Parent == "" {
			return nil, false, &Reply{Lang: req.Lang, Error: true}
		}
		return words[:n-1], true, nil
	}
	return words, false, nil
}

// setLang answers /lang ar|en [server]: the chat's (or its server's)
// language from now on.
func (b *Bot) setLang(ctx context.Context, req *Request) *Reply {
	words, server, bad := serverScope(req, strings.Fields(strings.ToLower(req.Args)))
	if bad != nil {
		bad.Blocks = []Block{Paragraph{Text: b.msgs.T(req.Lang, "error_no_server")}}
		return bad
	}
	arg := strings.Join(words, " ")
	lang, ok := summaries.ParseLang(arg)
	if arg == "العربية" || arg == "عربي" {
		lang, ok = summaries.AR, true
	}
	if !ok || len(arg) > 2 && lang != summaries.AR {
		f := b.fmt(req)
		return &Reply{Lang: req.Lang, Error: arg != "", Blocks: usage(f, req,
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
	words, server, bad := serverScope(req, strings.Fields(strings.ToLower(req.Args)))
	if bad != nil {
		bad.Blocks = []Block{Paragraph{Text: b.msgs.T(req.Lang, "error_no_server")}}
		return bad
	}
	var d Digits
	switch strings.Join(words, " ") {
	case "western", "latin", "123", "غربية":
		d = WesternDigits
	case "arabic", "arabic-indic", "eastern", "١٢٣", "هندية", "عربية":
		d = ArabicIndicDigits
	default:
		f := b.fmt(req)
		ex := formatter{msgs: b.msgs, lang: summaries.AR, digits: req.Settings.Digits}
		return &Reply{Lang: req.Lang, Error: req.Args != "", Blocks: usage(f, req,
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
	var on bool
	switch strings.ToLower(strings.TrimSpace(req.Args)) {
	case "on", "yes", "true", "نعم", "تشغيل":
		on = true
	case "off", "no", "false", "لا", "إيقاف":
		on = false
	default:
		f := b.fmt(req)
		id := "private_is_off"
		if req.Settings.Private {
			id = "private_is_on"
		}
		return &Reply{Lang: req.Lang, Error: req.Args != "", Blocks: []Block{Paragraph{Text: f.t(id)}, Note{Text: f.t("usage_private")}}}
	}
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
