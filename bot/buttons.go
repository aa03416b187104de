package bot

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"slices"
	"strings"
	"sync"

	"github.com/briefbot/briefbot/summaries"
)

// ButtonCodec writes a button's action into a platform's button data and
// reads it back, for every adapter alike: "<command>|<lang>|<owner>|<args>"
// (owner "" for anyone, "-" for a pointer opened apart; data of the older
// form "<command>|<lang>|<args>" still reads), or, when that does not fit
// the platform's bound, "~" and a token under which the action is kept in
// memory. Kept actions expire with the process or
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
	owner := b.Owner
	if b.Apart {
		owner = apartOwner
	}
	data := b.Command + "|" + string(b.Lang) + "|" + owner + "|" + b.Args
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
	parts := strings.SplitN(data, "|", 4)
	if len(parts) == 3 { // written before buttons had owners
		parts = []string{parts[0], parts[1], "", parts[2]}
	}
	if len(parts) != 4 || parts[0] == "" {
		return Button{}, false
	}
	lang, ok := summaries.ParseLang(parts[1])
	if !ok {
		return Button{}, false
	}
	b := Button{Command: parts[0], Lang: lang, Owner: parts[2], Args: parts[3]}
	if b.Owner == apartOwner {
		b.Owner, b.Apart = "", true
	}
	return b, true
}

// apartOwner is the owner field of a button opened apart.
const apartOwner = "-"

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

// OwnerTag is the short tag of a user key that a button carries to know
// whose message it is under: 6 characters of a hash, enough to tell the
// members of a chat apart within a button's 64 bytes.
func OwnerTag(userKey string) string {
	sum := sha256.Sum256([]byte(userKey))
	return base64.RawURLEncoding.EncodeToString(sum[:])[:6]
}

// Changes reports whether a press of b by the user userKey may change the
// message b is under. Not when b is a pointer opened apart, nor when the
// message is someone else's: that presser gets the view for themselves,
// and the message stays as its owner left it for everyone.
func (b Button) Changes(userKey string) bool {
	return !b.Apart && (b.Owner == "" || b.Owner == OwnerTag(userKey))
}

// ownButtons gives a reply's buttons the owner who asked for it, where
// others may press them (every chat but a private one); shared buttons of
// cached replies are copied, not changed.
func ownButtons(bs []Button, req *Request) []Button {
	if len(bs) == 0 || req.Chat.Kind == Private {
		return bs
	}
	tag := OwnerTag(req.User.Key)
	out := slices.Clone(bs)
	for i := range out {
		if !out[i].Apart && out[i].Owner == "" {
			out[i].Owner = tag
		}
	}
	return out
}
