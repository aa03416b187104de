package briefing

import (
	"cmp"
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/summaries"
)

// NoticeStore is what the notifier needs of the database.
type NoticeStore interface {
	// EnqueueReload writes, in one transaction, the corrections and instant
	// posts an accepted reload calls for, records the instant posts'
	// statements as received, and cancels admin notices still waiting.
	EnqueueReload(ctx context.Context, r schedule.Reload) (schedule.ReloadOutcome, error)
	// EnqueueRefusal writes the notice of a refused reload to each admin
	// chat not told of the same problem set before, due at due.
	EnqueueRefusal(ctx context.Context, chats []string, r schedule.Refusal, due time.Time) (int, error)
}

// DefaultAdminDelay is how long a refused reload waits before the admin
// chats are told of it: an editor's next save usually fixes a file caught
// half written, and a refusal fixed or replaced within the delay is never
// told, so saves in progress do not flood the admin chats.
const DefaultAdminDelay = 5 * time.Second

// Notifier writes to the outbox what each reload of the data tells chats:
// corrections to the chats that received a statement whose figures
// changed, instant posts of new statements, and refusals to the admin
// chats. It is called right after the new catalog is served and before
// anything is sent; the outbox then sends each row once, across restarts.
type Notifier struct {
	Store NoticeStore
	// Admins are the chat keys told of refused reloads (BRIEFBOT_ADMIN_CHATS).
	Admins []string
	// AdminDelay defaults to DefaultAdminDelay.
	AdminDelay time.Duration
	Clock      func() time.Time
	Log        *slog.Logger
	// Enqueued is told when rows were written, so the outbox wakes up.
	Enqueued func()
}

// Reloaded writes the notices of one reload: for an accepted one its
// corrections and instant posts; for a refused one that does not repeat the
// previous refusal, one admin notice per admin chat. A nil Notifier does
// nothing. Failing to write is logged: the reload itself stands.
func (n *Notifier) Reloaded(ctx context.Context, u summaries.Update) {
	if n == nil {
		return
	}
	// The catalog is already served: its notices are written even when
	// the bot is stopping meanwhile.
	ctx = context.WithoutCancel(ctx)
	now := n.Clock()
	if !u.Accepted {
		n.refused(ctx, u, now)
		return
	}
	r := reloadNotices(u, now)
	out, err := n.Store.EnqueueReload(ctx, r)
	if err != nil {
		n.Log.Error("writing the notices of a reload; they are lost", "corrections", len(r.Corrections), "new", len(r.Published), "err", err)
		return
	}
	if out.Corrections+out.Posts+out.Cancelled > 0 {
		n.Log.Info("reload notices enqueued", "corrections", out.Corrections, "instant_posts", out.Posts, "admin_notices_cancelled", out.Cancelled)
	}
	if out.Corrections+out.Posts > 0 && n.Enqueued != nil {
		n.Enqueued()
	}
}

// refused enqueues the admin notices of a refused reload.
func (n *Notifier) refused(ctx context.Context, u summaries.Update, now time.Time) {
	if u.Repeated || len(n.Admins) == 0 || len(u.Problems) == 0 {
		return
	}
	problems := make([]string, len(u.Problems))
	for i, p := range u.Problems {
		problems[i] = p.String()
	}
	rf := schedule.NewRefusal(problems)
	delay := cmp.Or(n.AdminDelay, DefaultAdminDelay)
	written, err := n.Store.EnqueueRefusal(ctx, n.Admins, rf, now.Add(delay))
	if err != nil {
		n.Log.Error("writing the admin notice of a refused reload", "err", err)
		return
	}
	if written == 0 {
		n.Log.Info("refused reload already told to the admin chats", "problems", rf.Total)
		return
	}
	n.Log.Info("admin notice of a refused reload enqueued", "chats", written, "problems", rf.Total, "in", delay)
	if n.Enqueued != nil {
		n.Enqueued()
	}
}

// reloadNotices is what an accepted reload tells: a correction for each
// changed statement that corrects a figure (schedule.NewCorrection), and
// the new statements, oldest first, so a chat reads them in the order they
// were issued.
func reloadNotices(u summaries.Update, at time.Time) schedule.Reload {
	r := schedule.Reload{At: at}
	for _, ch := range u.Changed {
		if c, ok := schedule.NewCorrection(ch.Old, ch.New); ok {
			r.Corrections = append(r.Corrections, c)
		}
	}
	cat := u.State.Catalog()
	var added []*summaries.Statement
	for _, id := range u.Added {
		if st := cat.Get(id); st != nil {
			added = append(added, st)
		}
	}
	slices.SortStableFunc(added, func(a, b *summaries.Statement) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID))
	})
	for _, st := range added {
		r.Published = append(r.Published, st.ID)
	}
	return r
}
