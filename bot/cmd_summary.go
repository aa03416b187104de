package bot

import (
	"context"

	"github.com/briefbot/briefbot/summaries"
)

// summary answers /summary [statement]: title, date, place and source, then
// the summary and the key points.
func (b *Bot) summary(_ context.Context, req *Request) *Reply {
	return b.statementView(req, "summary", b.SummaryReply)
}

// SummaryReply renders a statement's summary for req's language and settings.
func (b *Bot) SummaryReply(req *Request, st *summaries.Statement) *Reply {
	f := b.fmt(req)
	lang := req.Lang
	r := &Reply{Lang: lang, Title: st.Title.In(lang), Footer: sourceFooter(f, st)}
	r.Blocks = []Block{
		Heading{Text: st.Title.In(lang)},
		Facts{Items: []Fact{
			{Label: f.t("fact_date"), Value: f.Date(st.Date)},
			{Label: f.t("fact_place"), Value: st.Place.In(lang)},
			{Label: f.t("fact_issued_by"), Value: st.Publisher.In(lang)},
			{Label: f.t("fact_source"), Value: sourceLine(f, st)},
		}},
		Paragraph{Text: st.Summary.In(lang)},
	}
	points := Bullets{Title: f.t("key_points")}
	for _, kp := range st.KeyPoints {
		points.Items = append(points.Items, kp.In(lang))
	}
	r.Blocks = append(r.Blocks, points)
	r.Buttons = viewButtons(f, "summary", st.ID, "")
	return r
}

// sourceLine names the source text and its language.
func sourceLine(f formatter, st *summaries.Statement) string {
	s := f.t("source_line", "Name", st.Source.Name.In(f.lang), "Lang", f.t("lang_name_"+string(st.Source.Lang)))
	if st.Source.URL != "" {
		s += " " + st.Source.URL
	}
	return s
}

// sourceFooter is the one-line source and date under a card.
func sourceFooter(f formatter, st *summaries.Statement) string {
	return st.Publisher.In(f.lang) + " · " + st.Place.In(f.lang) + " · " + f.Date(st.Date)
}

// viewButtons lead from one view of statement id (its summary, its
// figures or its figure fig) to the other views, and to the same view in
// the other language. They name the statement, so they open it, never
// the latest one.
func viewButtons(f formatter, view, id, fig string) []Button {
	var out []Button
	for _, v := range []string{"summary", "figures"} {
		if v != view {
			out = append(out, Button{Label: f.t("button_" + v), Command: v, Args: id, Lang: f.lang})
		}
	}
	args := id
	if fig != "" {
		args += " " + fig
	}
	other := f.lang.Other()
	return append(out, Button{Label: f.msgs.T(other, "lang_switch"), Command: view, Args: args, Lang: other})
}
