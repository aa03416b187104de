package bot

import (
	"slices"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// The notices the outbox posts besides the daily briefing, composed when
// they are sent, in the language bot.DecideLang gives the chat.

// CorrectionReply composes a correction notice: the statement's title,
// each changed figure's amount before and after (rendered as every reply
// renders amounts, qualifier and unit included) with the source's sentence
// for the new one, and the curators' correction: note.
func (b *Bot) CorrectionReply(lang summaries.Lang, digits Digits, c schedule.Correction) *Reply {
	f := formatter{msgs: b.msgs, lang: lang, digits: digits}
	head := f.t("correction_title", "Title", c.Title.In(lang))
	r := &Reply{Lang: lang, Title: head, Footer: f.n("correction_count", len(c.Figures))}
	r.Blocks = append(r.Blocks, Heading{Text: head}, Paragraph{Text: f.n("correction_intro", len(c.Figures))})
	quoteLabel := f.t("quote_label", "Lang", f.t("lang_name_"+string(c.SourceLang)))
	var figs Figures
	var notes []string
	for _, ch := range c.Figures {
		old := f.Amount(ch.Old.Figure())
		change := f.t("correction_removed", "Old", old)
		if ch.New != nil {
			change = f.t("correction_change", "Old", old, "New", f.Amount(ch.New.Figure()))
		}
		it := FigureItem{ID: ch.ID, Amount: change, Label: ch.Label.In(lang)}
		if ch.Quote != "" {
			it.QuoteLabel, it.Quote = quoteLabel, ch.Quote
		}
		figs.Items = append(figs.Items, it)
		if ch.Note != "" && !slices.Contains(notes, ch.Note) {
			notes = append(notes, ch.Note)
		}
	}
	r.Blocks = append(r.Blocks, figs)
	switch len(notes) {
	case 0:
	case 1:
		r.Blocks = append(r.Blocks, Paragraph{Text: f.t("correction_note", "Note", notes[0])})
	default:
		r.Blocks = append(r.Blocks, Bullets{Title: f.t("correction_notes"), Items: notes})
	}
	r.Buttons = []Button{{Label: f.t("button_figures"), Command: "figures", Args: c.Statement, Lang: f.lang, Apart: true}}
	return r
}

// InstantReply composes the instant post of a newly published statement:
// what a briefing shows of it (statementDigest). It is built once per
// statement, language and digits, and shared by every chat.
func (b *Bot) InstantReply(lang summaries.Lang, digits Digits, st *summaries.Statement) *Reply {
	req := &Request{Lang: lang, Settings: ChatSettings{Digits: digits}}
	f := formatter{msgs: b.msgs, lang: lang, digits: digits}
	r := b.cached(req, st, "instant", func() *Reply {
		head := f.t("instant_title")
		r := &Reply{Lang: lang, Title: head + " — " + st.Title.In(lang), Footer: f.Date(st.Date)}
		r.Blocks = append([]Block{Heading{Text: head}}, statementDigest(f, st)...)
		r.Buttons = briefingButtons(f, st, 0, 1)
		return r
	})
	return r
}

// RefusalReply composes the admin notice of a reload that was refused: the
// bot still serves the previous statements; the problems, as file:line:
// field: message; and how many were left out of the message.
func (b *Bot) RefusalReply(lang summaries.Lang, digits Digits, rf schedule.Refusal) *Reply {
	f := formatter{msgs: b.msgs, lang: lang, digits: digits}
	head := f.t("refusal_title")
	count := f.n("refusal_count", rf.Total)
	r := &Reply{Lang: lang, Title: head, Footer: count}
	list := Bullets{Title: count}
	for _, p := range rf.Problems {
		p = Clean(p, schedule.MaxNoticeProblemLen)
		if lang == summaries.AR { // file:line: field: message reads left to right, as a whole
			p = string(arabic.LRI) + p + string(arabic.PDI)
		}
		list.Items = append(list.Items, p)
	}
	r.Blocks = []Block{Heading{Text: head}, Paragraph{Text: f.t("refusal_body")}, list}
	if more := rf.Total - len(rf.Problems); more > 0 {
		r.Blocks = append(r.Blocks, Note{Text: f.n("refusal_more", more)})
	}
	r.Blocks = append(r.Blocks, Note{Text: f.t("refusal_hint")})
	return r
}
