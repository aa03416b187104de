package discord

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// maxCustomID is Discord's limit on a component's custom_id.
const maxCustomID = 100

// encodeAction writes a button's action as a custom_id
// ("v1|<command>|<lang>|<args>"); one that does not fit is kept in memory
// under a random token.
func (a *Adapter) encodeAction(b bot.Button) string {
	id := "v1|" + b.Command + "|" + string(b.Lang) + "|" + b.Args
	if len(id) <= maxCustomID {
		return id
	}
	return "t|" + a.buttons.put(b)
}

func (a *Adapter) decodeAction(id string) (bot.Button, bool) {
	if tok, ok := strings.CutPrefix(id, "t|"); ok {
		return a.buttons.get(tok)
	}
	parts := strings.SplitN(id, "|", 4)
	if len(parts) != 4 || parts[0] != "v1" {
		return bot.Button{}, false
	}
	lang, ok := summaries.ParseLang(parts[2])
	if !ok {
		return bot.Button{}, false
	}
	return bot.Button{Command: parts[1], Lang: lang, Args: parts[3]}, true
}

// components is one row of buttons for a reply's actions.
func (a *Adapter) components(r *bot.Reply) []discordgo.MessageComponent {
	if len(r.Buttons) == 0 {
		return []discordgo.MessageComponent{}
	}
	var row discordgo.ActionsRow
	for _, b := range r.Buttons[:min(len(r.Buttons), 5)] {
		row.Components = append(row.Components, discordgo.Button{
			Label: bot.Clean(b.Label, 80), Style: discordgo.SecondaryButton, CustomID: a.encodeAction(b),
		})
	}
	return []discordgo.MessageComponent{row}
}

// buttonTokens remembers actions too long for a custom_id.
type buttonTokens struct {
	mu    sync.Mutex
	max   int
	order []string
	acts  map[string]bot.Button
}

func newButtonTokens(max int) *buttonTokens {
	return &buttonTokens{max: max, acts: map[string]bot.Button{}}
}

func (t *buttonTokens) put(b bot.Button) string {
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

func (t *buttonTokens) get(tok string) (bot.Button, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, ok := t.acts[tok]
	return b, ok
}
