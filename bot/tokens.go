package bot

import (
	"crypto/rand"
	"encoding/hex"
	"sync"
)

// ActionTokens remembers button actions too long for a platform's button
// data (Telegram: 64 bytes, Discord: 100 characters) under short random
// tokens. The newest max tokens are kept; an older button answers that it
// has expired.
type ActionTokens struct {
	mu    sync.Mutex
	max   int
	order []string
	acts  map[string]Button
}

// NewActionTokens keeps up to max actions.
func NewActionTokens(max int) *ActionTokens {
	return &ActionTokens{max: max, acts: map[string]Button{}}
}

// Put stores b and returns its token (24 hex characters).
func (t *ActionTokens) Put(b Button) string {
	var raw [12]byte
	rand.Read(raw[:])
	tok := hex.EncodeToString(raw[:])
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.order) >= t.max {
		delete(t.acts, t.order[0])
		t.order = t.order[1:]
	}
	t.order = append(t.order, tok)
	t.acts[tok] = b
	return tok
}

// Get returns the action stored under tok.
func (t *ActionTokens) Get(tok string) (Button, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, ok := t.acts[tok]
	return b, ok
}
