package desk

import (
	"context"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/desk/records"
)

// historyShown is how many changes a statement's page lists.
const historyShown = 50

// record appends a change to the history. A failure is logged: the change
// itself is already saved, and refusing it now would lose the curator's work.
func (d *Desk) record(ctx context.Context, c records.Change) {
	if err := d.cfg.Store.AddChange(ctx, c); err != nil {
		d.log.Error("history not recorded", "statement", c.Statement, "curator", c.Curator, "action", c.Action, "err", err)
	}
}

// historyItem is one change as the statement's page lists it.
type historyItem struct {
	At      string
	Curator string
	Action  string // the text id of what was done
	Fields  string
}

func (d *Desk) history(ctx context.Context, id string) []historyItem {
	changes, err := d.cfg.Store.Changes(ctx, id, historyShown)
	if err != nil {
		d.log.Error("history unreadable", "statement", id, "err", err)
		return nil
	}
	out := make([]historyItem, len(changes))
	for i, c := range changes {
		out[i] = historyItem{At: c.At.UTC().Format(time.DateTime + " UTC"), Curator: c.Curator,
			Action: "history_" + c.Action, Fields: strings.Join(c.Fields, ", ")}
	}
	return out
}
