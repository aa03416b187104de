package bot

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"

	"github.com/briefbot/briefbot/summaries"
)

// ButtonCodec writes a button's action into a platform's button data and
// reads it back, for every adapter alike: "<command>|<lang>|<args>", or,
// when that does not fit the platform's bound, "~" and a token under which
// the action is kept in memory. Kept actions expire with the process or
// when newer ones push them out; a press on one is then a KindExpired
// request.
type ButtonCodec struct {
	max int // bytes of button data the platform allows

	mu    sync.Mutex
	keep  int
	order []string
	acts  map[string]Button
}

// Button data bounds of the platforms.
const (
	TelegramButtonData = 64  // callback_data, bytes
	DiscordButtonData  = 100 // custom_id, characters (ASCII here)
)

// tokenPrefix starts the data of a button whose action is kept in memory.
const tokenPrefix = "~"

// NewButtonCodec encodes into at most max bytes and keeps up to keep
// actions that do not fit.
func NewButtonCodec(max, keep int) *ButtonCodec {
	return &ButtonCodec{max: max, keep: keep, acts: map[string]Button{}}
}

// Encode returns the button data for b's action.
func (c *ButtonCodec) Encode(b Button) string {
	data := b.Command + "|" + string(b.Lang) + "|" + b.Args
	if len(data) <= c.max {
		return data
	}
	return tokenPrefix + c.put(b)
}

// Decode returns the action data stands for; false when it is unknown or
// has expired.
func (c *ButtonCodec) Decode(data string) (Button, bool) {
	if tok, ok := strings.CutPrefix(data, tokenPrefix); ok {
		c.mu.Lock()
		defer c.mu.Unlock()
		b, ok := c.acts[tok]
		return b, ok
	}
	parts := strings.SplitN(data, "|", 3)
	if len(parts) != 3 || parts[0] == "" {
		return Button{}, false
	}
	lang, ok := summaries.ParseLang(parts[1])
	if !ok {
		return Button{}, false
	}
	return Button{Command: parts[0], Lang: lang, Args: parts[2]}, true
}

// Expires reports whether button data holds a kept action, which must not
// be cached beyond the action's life.
func Expires(data string) bool { return strings.HasPrefix(data, tokenPrefix) }

// put keeps b under a new random token (24 hex characters).
func (c *ButtonCodec) put(b Button) string {
	var raw [12]byte
	rand.Read(raw[:])
	tok := hex.EncodeToString(raw[:])
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.order) >= c.keep {
		delete(c.acts, c.order[0])
		c.order = c.order[1:]
	}
	c.order = append(c.order, tok)
	c.acts[tok] = b
	return tok
}
