package bot

import (
	"context"
	"strings"
)

// text answers a message without a command (KindText): in a private chat,
// a search for it (what people type there is what they look for); in a
// group, nothing, since people there talk to each other. When the search
// finds nothing, the text may have been meant for a person or a question
// of another kind, so the answer also points to /help.
func (b *Bot) text(ctx context.Context, req *Request) *Reply {
	if req.Chat.Kind != Private || strings.TrimSpace(req.Args) == "" {
		return &Reply{Lang: req.Lang, Silent: true}
	}
	r := b.searchReply(ctx, req, req.Args)
	if r.Error {
		r.Blocks = append(r.Blocks, Note{Text: b.fmt(req).t("text_help")})
	}
	return r
}
