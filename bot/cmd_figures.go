package bot

import (
	"context"

	"github.com/briefbot/briefbot/summaries"
)

// figures answers /figures [statement]: title and date, then every figure
// with its qualifier, value, unit and label, and the source sentence.
func (b *Bot) figures(_ context.Context, req *Request) *Reply {
	return b.statementView(req, "figures", b.FiguresReply)
}

// FiguresReply renders a statement's key figures for req's language and settings.
func (b *Bot) FiguresReply(req *Request, st *summaries.Statement) *Reply {
	f := b.fmt(req)
	lang := req.Lang
	r := &Reply{Lang: lang, Title: st.Title.In(lang), Footer: sourceFooter(f, st)}
	list := Figures{}
	quoteLabel := f.t("quote_label", "Lang", f.t("lang_name_"+string(st.Source.Lang)))
	for _, fig := range st.Figures {
		list.Items = append(list.Items, FigureItem{
			ID: fig.ID, Amount: f.Amount(fig), Label: fig.Label.In(lang),
			QuoteLabel: quoteLabel, Quote: fig.Quote,
		})
	}
	r.Blocks = []Block{
		Heading{Text: st.Title.In(lang)},
		Note{Text: f.Date(st.Date) + " · " + f.n("figure_count", len(st.Figures))},
		list,
		Note{Text: f.t("hint_summary", "Command", "/summary "+st.ID)},
	}
	r.Buttons = viewButtons(f, "figures", st.ID)
	return r
}
