package bot

import (
	"context"
	"errors"
	"fmt"
)

// Sender delivers a reply to a chat outside of any request: the daily
// briefing's outbox uses each platform adapter through it. to names the
// chat by its Key, and the topic within it by its Thread ("" for none).
type Sender interface {
	Send(ctx context.Context, to Chat, r *Reply) error
}

// ErrChatGone means a chat can no longer be written to: the bot was blocked
// or removed, the chat or channel was deleted, or it lacks the permission to
// post. Retrying cannot help; the chat is marked inactive.
var ErrChatGone = errors.New("chat is gone")

// ChatMovedError says a chat continues under a new key (a Telegram group
// upgraded to a supergroup). The adapter has already resent the message
// there; the caller should move its records.
type ChatMovedError struct{ From, To string }

func (e *ChatMovedError) Error() string { return fmt.Sprintf("chat %s moved to %s", e.From, e.To) }

// ChatStates records what adapters learn about chats: that one is gone (log
// once, stop writing) or has moved (keep its settings under the new key).
type ChatStates interface {
	MarkInactive(ctx context.Context, chat, reason string) (changed bool, err error)
	MoveChat(ctx context.Context, from, to string) error
}
