package bot

import (
	"context"
	"strings"

	"github.com/briefbot/briefbot/summaries"
)

// mayChange reports whether the sender may change the chat's settings:
// anyone in a private chat, administrators elsewhere.
func (b *Bot) mayChange(ctx context.Context, req *Request) (bool, error) {
	if req.Chat.Kind == Private {
		return true, nil
	}
	if req.IsAdmin == nil {
		return false, nil
	}
	return req.IsAdmin(ctx)
}

// changeSettings applies change to the chat's settings if the sender may,
// and answers with done (in the language of the new settings).
func (b *Bot) changeSettings(ctx context.Context, req *Request, change func(*ChatSettings), done func(ChatSettings) *Reply) *Reply {
	ok, err := b.mayChange(ctx, req)
	if err != nil {
		b.log.Warn("checking admin rights", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_admin_check"))
	}
	if !ok {
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_admins_only"))
	}
	s := req.Settings
	change(&s)
	if err := b.settings.SaveChatSettings(ctx, req.Chat.Key, s); err != nil {
		b.log.Error("saving chat settings", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_internal"))
	}
	req.Settings = s
	return done(s)
}

// setLang answers /lang ar|en: the chat's language from now on.
func (b *Bot) setLang(ctx context.Context, req *Request) *Reply {
	arg := strings.ToLower(strings.TrimSpace(req.Args))
	lang, ok := summaries.ParseLang(arg)
	if arg == "العربية" || arg == "عربي" {
		lang, ok = summaries.AR, true
	}
	if !ok {
		f := b.fmt(req)
		r := &Reply{Lang: req.Lang, Blocks: []Block{
			Paragraph{Text: f.t("lang_current", "Lang", f.t("lang_name_"+string(req.Lang)))},
			Note{Text: f.t("usage_lang")},
		}}
		r.Error = arg != ""
		return r
	}
	return b.changeSettings(ctx, req, func(s *ChatSettings) { s.Lang = lang }, func(ChatSettings) *Reply {
		req.Lang = lang
		return &Reply{Lang: lang, Blocks: []Block{Paragraph{Text: b.msgs.T(lang, "lang_set")}}}
	})
}

// setDigits answers /digits western|arabic: how Arabic replies write numbers.
func (b *Bot) setDigits(ctx context.Context, req *Request) *Reply {
	var d Digits
	switch strings.ToLower(strings.TrimSpace(req.Args)) {
	case "western", "latin", "123", "غربية":
		d = WesternDigits
	case "arabic", "arabic-indic", "eastern", "١٢٣", "هندية", "عربية":
		d = ArabicIndicDigits
	default:
		f := b.fmt(req)
		return &Reply{Lang: req.Lang, Error: req.Args != "", Blocks: []Block{
			Paragraph{Text: f.t("digits_current", "Example", f.Amount(exampleFigure))},
			Note{Text: f.t("usage_digits")},
		}}
	}
	return b.changeSettings(ctx, req, func(s *ChatSettings) { s.Digits = d }, func(s ChatSettings) *Reply {
		f := formatter{msgs: b.msgs, lang: req.Lang, digits: s.Digits}
		return &Reply{Lang: req.Lang, Blocks: []Block{Paragraph{Text: f.t("digits_set", "Example", f.Amount(exampleFigure))}}}
	})
}

// exampleFigure shows what a digit style looks like.
var exampleFigure = summaries.Figure{Value: 7_700_000, Unit: summaries.UnitPeople, Qualifier: summaries.About}
