package bot

import (
	"context"
	"strings"
)

// start greets a new chat: what the bot holds and how to begin. Started
// from a deep link ("/start fa_<statement>", see StartPayload) it opens the
// view the link names instead; a link it cannot read gets the greeting
// with a word about the link.
func (b *Bot) start(ctx context.Context, req *Request) *Reply {
	f := b.fmt(req)
	link := req.Options.Text("link")
	if link != "" {
		if act, ok := parseStartPayload(link); ok {
			return b.openLink(ctx, req, act)
		}
	}
	n := 0
	if cat := b.catalogOf(req); cat != nil {
		n = cat.Len()
	}
	r := &Reply{Lang: req.Lang, Title: f.t("start_title"), Blocks: []Block{
		Heading{Text: f.t("start_title")},
		Paragraph{Text: f.t("start_body")},
		Note{Text: f.n("statement_count", n)},
		Paragraph{Text: f.t("start_next")},
	}}
	if link != "" {
		r.Blocks = append(r.Blocks[:1], append([]Block{Paragraph{Text: f.t("link_unknown")}}, r.Blocks[1:]...)...)
	}
	return r
}

// openLink answers a deep link with the view its action names, in the
// link's language: the same handler the command has, with the
// statement (and figure) the link carries as its options.
func (b *Bot) openLink(ctx context.Context, req *Request, act Button) *Reply {
	c := b.command(act.Command)
	if c == nil {
		return b.unknown(ctx, req)
	}
	view := *req
	view.Command, view.Lang, view.Options = act.Command, act.Lang, Options{}
	ids := strings.Fields(act.Args)
	view.Options.Set("statement", Value{Text: ids[0]})
	if len(ids) > 1 {
		view.Options.Set("figure", Value{Text: ids[1]})
	}
	return c.handler(b, ctx, &view)
}
