package bot

import (
	"context"

	"github.com/briefbot/briefbot/summaries"
)

// figures answers /figures [statement]: title and date, then every figure,
// the headline ones first, with its qualifier, value, unit and label, and
// the source sentence.
func (b *Bot) figures(_ context.Context, req *Request) *Reply {
	return b.statementView(req, "figures", b.FiguresReply)
}

// FiguresReply renders a statement's key figures for req's language and settings.
func (b *Bot) FiguresReply(req *Request, st *summaries.Statement) *Reply {
	f := b.fmt(req)
	lang := req.Lang
	r := &Reply{Lang: lang, Title: st.Title.In(lang), Footer: sourceFooter(f, st)}
	list := Figures{}
	for _, fig := range st.FiguresHeadlineFirst() {
		list.Items = append(list.Items, figureItem(f, st, fig))
	}
	r.Blocks = []Block{
		Heading{Text: st.Title.In(lang)},
		Note{Text: f.Date(st.Date) + " · " + f.n("figure_count", len(st.Figures))},
		list,
	}
	r.Buttons = viewButtons(f, "figures", st.ID, "")
	return r
}
