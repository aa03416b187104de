package bot

import (
	"context"
	"strconv"

	"github.com/briefbot/briefbot/summaries"
)

// listPage is how many statements one /list answer shows.
const listPage = 20

// list answers /list [page]: the statements, newest first, a page at a time.
func (b *Bot) list(_ context.Context, req *Request) *Reply {
	f := b.fmt(req)
	cat := b.catalogOf(req)
	if cat == nil || cat.Len() == 0 {
		return b.errorReply(req.Lang, f.t("error_no_statements"))
	}
	page := 1
	if p, ok := req.Options.Int("page"); ok {
		page = int(min(p, 1<<20))
	}
	return b.cached(req, nil, "list "+strconv.Itoa(page), func() *Reply { return b.listReply(req, cat, page) })
}

func (b *Bot) listReply(req *Request, cat *summaries.Catalog, page int) *Reply {
	f := b.fmt(req)
	all := cat.All()
	pages := (len(all) + listPage - 1) / listPage
	if page > pages {
		return b.errorReply(req.Lang, f.t("error_page_range", "Page", f.digitsOf(strconv.Itoa(page)), "Pages", f.digitsOf(strconv.Itoa(pages))))
	}
	shown := all[(page-1)*listPage : min(page*listPage, len(all))]
	r := &Reply{Lang: req.Lang, Title: f.t("list_title"), Blocks: []Block{
		Heading{Text: f.t("list_title")},
		Note{Text: f.n("statement_count", len(all))},
		statementList(f, shown),
	}}
	if pages > 1 {
		r.Blocks = append(r.Blocks, Note{Text: f.t("list_page", "Page", f.digitsOf(strconv.Itoa(page)), "Pages", f.digitsOf(strconv.Itoa(pages)), "Next", "/list "+strconv.Itoa(min(page+1, pages)))})
	}
	r.Blocks = append(r.Blocks, Note{Text: f.t("hint_open")})
	return r
}
