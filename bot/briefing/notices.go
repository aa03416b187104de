package briefing

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
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
	// ServedHashes and ServedRecords read the record of what chats were
	// last told of each statement's figures (schedule.Served), which
	// EnqueueReload keeps.
	ServedHashes(ctx context.Context) (map[string]string, error)
	ServedRecords(ctx context.Context, ids []string) (map[string]schedule.Served, error)
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
	// Catalog is the catalog being served. Notices are worked out against
	// it, the newest, rather than against the reload that called: a
	// reload told late then finds nothing left to tell. Nil: the reload's.
	Catalog bot.CatalogSource

	mu sync.Mutex // one comparison with the record at a time
	// recorded is set once the record is known to exist (see baseline).
	recorded bool
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
	n.mu.Lock()
	defer n.mu.Unlock()
	cat := u.State.Catalog()
	if n.Catalog != nil {
		cat = n.Catalog.Catalog()
	}
	ids := slices.Concat(u.Added, u.Removed)
	prior := map[string]*summaries.Statement{}
	for _, ch := range u.Changed {
		ids = append(ids, ch.New.ID)
		prior[ch.New.ID] = ch.Old
	}
	_, err := n.baseline(ctx, cat, ids)
	var r schedule.Reload
	if err == nil {
		r, err = n.notices(ctx, cat, ids, prior, now)
	}
	if err == nil {
		err = n.enqueue(ctx, r, "reload notices enqueued")
	}
	if err != nil {
		n.Log.Error("writing the notices of a reload; the next start tells them", "err", err)
	}
}

// Reconcile tells what the catalog being served changed since chats were
// last told, by the record the store keeps (schedule.Served): the edits
// made while the bot was stopped or on standby, and a reload served just
// before a crash whose notices were not written. The bot calls it when it
// starts sending. The first start that keeps the record only writes it:
// what is served then is taken as what chats were told.
func (n *Notifier) Reconcile(ctx context.Context) error {
	if n == nil || n.Catalog == nil {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	cat, now := n.Catalog.Catalog(), n.Clock()
	if written, err := n.baseline(ctx, cat, nil); err != nil || written {
		return err
	}
	hashes, err := n.Store.ServedHashes(ctx)
	if err != nil {
		return fmt.Errorf("reconciling notices: %w", err)
	}
	var ids []string
	for _, st := range cat.All() {
		if h, ok := hashes[st.ID]; !ok || h != schedule.ServedOf(st).Hash {
			ids = append(ids, st.ID)
		}
	}
	for id := range hashes {
		if cat.Get(id) == nil {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	r, err := n.notices(ctx, cat, ids, nil, now)
	if err != nil {
		return err
	}
	r.Reconciled = true
	return n.enqueue(ctx, r, "notices of edits made while the bot was not sending enqueued")
}

// baseline writes the record of what chats were told when there is none
// yet, at the first start or reload of a release that keeps it: what cat
// serves, but for the statements skip, which the caller is about to tell,
// is taken as told. It reports whether it wrote the record. Without it, a
// reload told before the first Reconcile would leave a record of its own
// statements only, and the next start would take every other statement
// for a new one.
func (n *Notifier) baseline(ctx context.Context, cat *summaries.Catalog, skip []string) (bool, error) {
	if n.recorded {
		return false, nil
	}
	hashes, err := n.Store.ServedHashes(ctx)
	if err != nil {
		return false, fmt.Errorf("reading the record of what chats were told: %w", err)
	}
	if len(hashes) > 0 {
		n.recorded = true
		return false, nil
	}
	r := schedule.Reload{At: n.Clock(), Reconciled: true}
	for _, st := range cat.All() {
		if !slices.Contains(skip, st.ID) {
			r.Serve = append(r.Serve, schedule.ServedOf(st))
		}
	}
	if _, err := n.Store.EnqueueReload(ctx, r); err != nil {
		return false, fmt.Errorf("writing the record of what chats were told: %w", err)
	}
	n.recorded = true
	return true, nil
}

// enqueue writes r to the outbox and wakes it.
func (n *Notifier) enqueue(ctx context.Context, r schedule.Reload, what string) error {
	out, err := n.Store.EnqueueReload(ctx, r)
	if err != nil {
		return fmt.Errorf("writing %d corrections and %d new statements: %w", len(r.Corrections), len(r.Published), err)
	}
	if out.Corrections+out.Posts+out.Cancelled > 0 {
		n.Log.Info(what, "corrections", out.Corrections, "instant_posts", out.Posts, "admin_notices_cancelled", out.Cancelled)
	}
	if out.Corrections+out.Posts > 0 && n.Enqueued != nil {
		n.Enqueued()
	}
	return nil
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

// notices is what the statements ids of cat tell chats: a correction for
// each whose figures differ from the record of what chats were told
// (schedule.NewCorrection), or, without a record, from prior's version of
// it; the statements with neither, new, oldest first, so a chat reads them
// in the order they were issued; and the record's updates.
func (n *Notifier) notices(ctx context.Context, cat *summaries.Catalog, ids []string, prior map[string]*summaries.Statement, at time.Time) (schedule.Reload, error) {
	r := schedule.Reload{At: at}
	recs, err := n.Store.ServedRecords(ctx, ids)
	if err != nil {
		return r, err
	}
	var added []*summaries.Statement
	for _, id := range ids {
		cur := cat.Get(id)
		rec, had := recs[id]
		if cur == nil {
			if had {
				r.Unserve = append(r.Unserve, id)
			}
			continue
		}
		old := prior[id]
		if had {
			old = rec.Old()
		}
		if old == nil {
			added = append(added, cur)
		} else if c, ok := schedule.NewCorrection(old, cur); ok {
			r.Corrections = append(r.Corrections, c)
		}
		if sv := schedule.ServedOf(cur); !had || rec.Hash != sv.Hash {
			r.Serve = append(r.Serve, sv)
		}
	}
	slices.SortStableFunc(added, func(a, b *summaries.Statement) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.ID, b.ID))
	})
	for _, st := range added {
		r.Published = append(r.Published, st.ID)
	}
	return r, nil
}
