package bot

import (
	"context"
	"strings"
)

// text answers a message without a command (KindText): in a private chat,
// a short pointer to /help in the user's language; in a group, nothing,
// since people there talk to each other. It is the one handler of free
// text, so a search can take its place.
func (b *Bot) text(_ context.Context, req *Request) *Reply {
	if req.Chat.Kind != Private || strings.TrimSpace(req.Args) == "" {
		return &Reply{Lang: req.Lang, Silent: true}
	}
	// Error: nothing was served; `briefbot ask` exits 1 on it.
	return &Reply{Lang: req.Lang, Error: true, Blocks: []Block{Paragraph{Text: b.msgs.T(req.Lang, "text_pointer")}}}
}
