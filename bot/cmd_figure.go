package bot

import (
	"context"

	"github.com/briefbot/briefbot/summaries"
)

// figure answers /figure [statement] <figure>: one figure, with its amount,
// label and source sentence, and a citation ready to paste. Without a
// figure, or with one the statement does not have, it lists the
// statement's figures, each behind a button.
func (b *Bot) figure(_ context.Context, req *Request) *Reply {
	st, errReply := b.findStatement(req)
	if errReply != nil {
		return errReply
	}
	name := req.Options.Text("figure")
	fig := findFigure(st, name)
	if fig == nil {
		return b.figureChoice(req, st, name)
	}
	return b.cached(req, st, "figure "+fig.ID, func() *Reply { return b.FigureReply(req, st, *fig) })
}

// FigureReply renders one figure of st for req's language and settings:
// the figure with its quote (and the curators' translation, when there is
// one in the reply's language), then its citation.
func (b *Bot) FigureReply(req *Request, st *summaries.Statement, fig summaries.Figure) *Reply {
	f := b.fmt(req)
	r := &Reply{Lang: f.lang, Title: st.Title.In(f.lang), Footer: sourceFooter(f, st), Blocks: []Block{
		Figures{Items: []FigureItem{figureItem(f, st, fig)}},
		Citation{Label: f.t("citation_label"), Text: citation(f, st, fig)},
	}}
	r.Buttons = viewButtons(f, "figure", st.ID, fig.ID)
	return r
}

// figureChoice lists the figures of st to choose from, headline figures
// first, each a button that opens it; typed names a figure st lacks.
func (b *Bot) figureChoice(req *Request, st *summaries.Statement, typed string) *Reply {
	f := b.fmt(req)
	title := st.Title.In(f.lang)
	r := &Reply{Lang: f.lang, Title: title, Footer: sourceFooter(f, st)}
	text := f.t("figure_which", "Title", title)
	if typed != "" {
		r.Error = true
		text = f.t("figure_unknown", "Query", Clean(typed, maxEcho), "Title", title)
	}
	var list Figures
	for _, fig := range st.FiguresHeadlineFirst() {
		list.Items = append(list.Items, FigureItem{ID: fig.ID, Amount: f.Amount(fig), Label: fig.Label.In(f.lang)})
		r.Buttons = append(r.Buttons, Button{Label: f.Amount(fig), Command: "figure", Args: st.ID + " " + fig.ID, Lang: f.lang})
	}
	r.Blocks = []Block{Paragraph{Text: text}, list}
	return r
}

// figureItem is fig as a list item in f's language: the source's words
// exactly, and the curators' translation only when it is in the reply's
// language.
func figureItem(f formatter, st *summaries.Statement, fig summaries.Figure) FigureItem {
	it := FigureItem{
		ID: fig.ID, Amount: f.Amount(fig), Label: fig.Label.In(f.lang),
		QuoteLabel: f.t("quote_label", "Lang", f.t("lang_name_"+string(st.Source.Lang))),
		Quote:      fig.Quote, QuoteLang: st.Source.Lang,
	}
	if t := fig.Translation; t.Text != "" && t.Lang == f.lang {
		it.TranslationLabel, it.Translation = f.t("translation_label"), t.Text
	}
	return it
}

// citation is the line an editor pastes under a figure: amount, label,
// the statement's title, place and date, and the source's name and URL.
// Its words need no direction mark in either language.
func citation(f formatter, st *summaries.Statement, fig summaries.Figure) string {
	source := st.Source.Name.In(f.lang)
	if st.Source.URL != "" {
		source = f.t("citation_source_url", "Name", source, "URL", st.Source.URL)
	}
	return f.t("citation", "Amount", f.Amount(fig), "Label", fig.Label.In(f.lang), "Title", st.Title.In(f.lang),
		"Place", st.Place.In(f.lang), "Date", f.Date(st.Date), "Source", source)
}
