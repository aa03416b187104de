package desk

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/telegram"
	"github.com/briefbot/briefbot/summaries"
)

// Views are what a preview can show: the replies readers get.
var previewViews = []string{"summary", "figures", "briefing"}

// previewSettings are a preview's chat settings: none but the digits.
type previewSettings struct{ digits bot.Digits }

var _ bot.Settings = previewSettings{}

// ChatSettings are the digits previewed.
func (s previewSettings) ChatSettings(context.Context, string) (bot.ChatSettings, error) {
	return bot.ChatSettings{Digits: s.digits}, nil
}

// SaveChatSettings refuses: a preview has no chat to remember.
func (previewSettings) SaveChatSettings(context.Context, string, bot.ChatSettings) error {
	return errors.New("a preview keeps no settings")
}

// previewQuery is what a preview shows: a view, in a language, with digits.
type previewQuery struct {
	Lang   summaries.Lang
	View   string
	Digits bot.Digits
}

func parsePreviewQuery(r *http.Request) previewQuery {
	q := previewQuery{Lang: summaries.AR, View: "summary", Digits: bot.WesternDigits}
	if l, ok := summaries.ParseLang(r.FormValue("lang")); ok {
		q.Lang = l
	}
	for _, v := range previewViews {
		if r.FormValue("view") == v {
			q.View = v
		}
	}
	if r.FormValue("digits") == string(bot.ArabicIndicDigits) {
		q.Digits = bot.ArabicIndicDigits
	}
	return q
}

func (q previewQuery) values() url.Values {
	return url.Values{"lang": {string(q.Lang)}, "view": {q.View}, "digits": {string(q.Digits)}}
}

// reply builds the reply readers get, with the command core itself over a
// catalog of this one statement: /summary and /figures through the Mux and
// its middleware, the briefing through DailyReply, dated today.
func (d *Desk) reply(ctx context.Context, st *summaries.Statement, q previewQuery) *bot.Reply {
	cat, _ := summaries.NewCatalog([]*summaries.Statement{st}) // one statement: no names clash
	core := bot.New(bot.Config{Catalog: summaries.NewLive(cat), Settings: previewSettings{q.Digits},
		Messages: d.cfg.Messages, DefaultLang: q.Lang, Logger: d.log, Now: d.now})
	if q.View == "briefing" {
		return core.DailyReply(q.Lang, q.Digits, d.now(), cat.All())
	}
	return core.Handle(ctx, &bot.Request{Kind: bot.KindCommand, Command: q.View, Args: st.ID, Lang: q.Lang,
		Chat: bot.Chat{Key: "desk:preview", Kind: bot.Private}, User: bot.User{Key: "desk:preview"}})
}

// previewView is the data of the preview page.
type previewView struct {
	ID    string
	Query previewQuery
	// Ready is false while the statement has problems: readers only ever
	// get a valid statement, so there is nothing true to show yet.
	Ready    bool
	Problems int
	Tabs     []previewTab
	FrameURL string
	Embeds   []embedView
	Plain    string
	Buttons  []string
}

// previewTab links to one view in one language.
type previewTab struct {
	Lang    summaries.Lang
	View    string
	URL     string
	Current bool
}

// previewPage shows one reply as Telegram (in a sandboxed frame), as a
// Discord embed and as plain text, each rendered by its adapter's renderer.
func (d *Desk) previewPage(w http.ResponseWriter, r *http.Request, req *request) {
	wk, v, ok := d.loadChecked(w, r, req)
	if !ok {
		return
	}
	st := v.Statement
	q := parsePreviewQuery(r)
	pv := &previewView{ID: wk.ID, Query: q, Ready: st != nil, Problems: len(v.Problems)}
	base := statementURL(wk.ID) + "/preview"
	for _, lang := range summaries.Langs {
		for _, view := range previewViews {
			t := previewQuery{Lang: lang, View: view, Digits: q.Digits}
			pv.Tabs = append(pv.Tabs, previewTab{Lang: lang, View: view, URL: base + "?" + t.values().Encode(), Current: t == q})
		}
	}
	if st != nil {
		reply := d.reply(r.Context(), st, q)
		pv.FrameURL = base + "/telegram?" + q.values().Encode()
		for _, part := range discord.Render(reply) {
			for _, e := range part.Embeds {
				footer := ""
				if e.Footer != nil {
					footer = e.Footer.Text
				}
				var fields []embedField
				for _, f := range e.Fields {
					fields = append(fields, embedField{Name: f.Name, Lines: markdownLines(f.Value)})
				}
				pv.Embeds = append(pv.Embeds, newEmbedView(e.Title, e.Description, footer, fields))
			}
		}
		pv.Plain = console.Render(reply)
		pv.Buttons = buttonLabels(reply)
	}
	d.render(w, r, http.StatusOK, "preview", d.pageFor(r, req, pv))
}

// telegramFrame is the Telegram preview: the messages telegram.Render
// makes, in a document of their own that the preview page frames with a
// sandbox and that runs no script. The renderer escapes every text and
// emits only the tags Telegram allows; this frame is the only place the
// desk writes its HTML as markup.
func (d *Desk) telegramFrame(w http.ResponseWriter, r *http.Request, req *request) {
	wk, v, ok := d.loadChecked(w, r, req)
	if !ok {
		return
	}
	st := v.Statement
	q := parsePreviewQuery(r)
	var msgs []template.HTML
	var buttons []string
	if st != nil {
		reply := d.reply(r.Context(), st, q)
		for _, m := range telegram.Render(reply, telegram.MaxText) {
			msgs = append(msgs, template.HTML(m)) // sanitised by the renderer; see above
		}
		buttons = buttonLabels(reply)
	}
	framed(w)
	p := d.pageFor(r, req, map[string]any{"ID": wk.ID, "Messages": msgs, "Buttons": buttons, "Lang": q.Lang})
	d.render(w, r, http.StatusOK, "frame", p)
}

// buttonLabels are the labels of the buttons under a reply.
func buttonLabels(r *bot.Reply) []string {
	var out []string
	for _, b := range r.Buttons {
		out = append(out, b.Label)
	}
	return out
}
