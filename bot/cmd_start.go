package bot

import "context"

// start greets a new chat: what the bot holds and how to begin.
func (b *Bot) start(_ context.Context, req *Request) *Reply {
	f := b.fmt(req)
	n := 0
	if cat := b.catalogOf(req); cat != nil {
		n = cat.Len()
	}
	return &Reply{Lang: req.Lang, Title: f.t("start_title"), Blocks: []Block{
		Heading{Text: f.t("start_title")},
		Paragraph{Text: f.t("start_body")},
		Note{Text: f.n("statement_count", n)},
		Paragraph{Text: f.t("start_next")},
	}}
}
