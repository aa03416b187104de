package bot

import (
	"time"

	"github.com/briefbot/briefbot/summaries"
)

// DailyReply composes the daily briefing for the local date day: each
// statement (newest first) with its title, summary and headline figures,
// and buttons to its summary and all its figures, which open apart: the
// briefing stays as it was posted. With no statements it says nothing is new (for
// subscriptions that asked for a post every day).
//
// A briefing goes to many chats at once, so it is built once per (date,
// statements, language, digits) and shared (see cached).
func (b *Bot) DailyReply(lang summaries.Lang, digits Digits, day time.Time, sts []*summaries.Statement) *Reply {
	view := "briefing " + day.Format(time.DateOnly)
	for _, st := range sts {
		view += " " + st.ID
	}
	req := &Request{Lang: lang, Settings: ChatSettings{Digits: digits}}
	f := formatter{msgs: b.msgs, lang: lang, digits: digits}
	return b.cached(req, nil, view, func() *Reply { return b.dailyReply(f, day, sts) })
}

func (b *Bot) dailyReply(f formatter, day time.Time, sts []*summaries.Statement) *Reply {
	lang := f.lang
	title := f.t("briefing_title", "Date", f.LongDate(day))
	r := &Reply{Lang: lang, Title: title, Footer: f.n("statement_count", len(sts))}
	r.Blocks = append(r.Blocks, Heading{Text: title})
	if len(sts) == 0 {
		r.Blocks = append(r.Blocks, Paragraph{Text: f.t("briefing_nothing_new")})
	}
	for i, st := range sts {
		r.Blocks = append(r.Blocks, statementDigest(f, st)...)
		r.Buttons = append(r.Buttons, briefingButtons(f, st, i, len(sts))...)
	}
	return r
}

// statementDigest is how a briefing and an instant post show one
// statement: its title, date, place and publisher, its summary and its
// headline figures; buttons under the post open the rest
// (briefingButtons).
func statementDigest(f formatter, st *summaries.Statement) []Block {
	lang := f.lang
	blocks := []Block{
		Heading{Text: st.Title.In(lang)},
		Note{Text: f.Date(st.Date) + " · " + st.Place.In(lang) + " · " + st.Publisher.In(lang)},
		Paragraph{Text: st.Summary.In(lang)},
	}
	var figs Figures
	for _, fig := range st.HeadlineFigures() {
		figs.Items = append(figs.Items, FigureItem{ID: fig.ID, Amount: f.Amount(fig), Label: fig.Label.In(lang)})
	}
	if len(figs.Items) > 0 {
		blocks = append(blocks, figs)
	}
	return blocks
}

// briefingButtons are one statement's row of buttons under a briefing:
// its summary and its figures, opened apart. With several statements each
// label names its statement.
func briefingButtons(f formatter, st *summaries.Statement, row, of int) []Button {
	var out []Button
	for _, v := range []string{"summary", "figures"} {
		label := f.t("button_" + v)
		if of > 1 {
			label = f.t("button_of", "Button", label, "Title", shortTitle(st.Title.In(f.lang)))
		}
		out = append(out, Button{Label: label, Command: v, Args: st.ID, Lang: f.lang, Row: row, Apart: true})
	}
	return out
}

// shortTitle cuts a title to what a button label can show on a phone,
// at a word, with an ellipsis when it was cut.
func shortTitle(title string) string {
	const max = 32
	if UTF16Len(title) <= max {
		return title
	}
	return SplitText(title, max-1)[0] + "…"
}

// LongDate renders a date with its weekday: "Monday 30 November 2026".
func (f formatter) LongDate(d time.Time) string {
	return f.digitsOf(f.t("date_long", "Weekday", f.t("weekday_"+d.Weekday().String()), "Day", d.Day(),
		"Month", f.t("month_"+itoa(int(d.Month()))), "Year", d.Year()))
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
