package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

// Served is one catalog with the index built for it: what one request is
// answered from. Index is nil while the catalog's index is being built.
type Served struct {
	Catalog *summaries.Catalog
	Index   *Index
}

// Live holds what the bot serves, a catalog and its index, and swaps them
// together with one atomic store, so that a request that takes Served once
// never pairs a catalog with another catalog's index.
//
// A new catalog is served at once. Its index comes from Update of the
// index being served when only a few statements changed, which takes
// milliseconds and is swapped in with the catalog; otherwise (at start, or
// after a large reload) the catalog is served with no index while one is
// built in the background, and the pair is swapped when it is ready,
// unless a newer catalog was published meanwhile. A fragmented index is
// rebuilt the same way.
//
// Live satisfies bot.CatalogSource (Catalog), and the bot takes Served
// once per request.
type Live struct {
	cur     atomic.Pointer[Served]
	amounts Amounts
	log     *slog.Logger
	ctx     context.Context // ends background builds

	mu       sync.Mutex
	gen      uint64             // numbers each served catalog
	cancel   context.CancelFunc // stops the running background build, if any
	changed  chan struct{}      // closed and replaced on every swap
	failed   error              // why the served catalog's index could not be built
	building sync.WaitGroup
}

// maxUpdate is the most statements a reload may change for the index to
// be updated in place; past it, a build in the background is cheaper than
// one batch holding them all while the reload waits.
const maxUpdate = 64

// NewLive serves cat at once and builds its index in the background, with
// amounts (see Build). Background builds end when ctx does. A nil log
// discards.
func NewLive(ctx context.Context, cat *summaries.Catalog, amounts Amounts, log *slog.Logger) *Live {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	l := &Live{amounts: amounts, log: log, ctx: ctx, changed: make(chan struct{})}
	l.mu.Lock()
	l.swap(&Served{Catalog: cat})
	if cat != nil {
		l.rebuild(cat)
	}
	l.mu.Unlock()
	return l
}

// Catalog returns the catalog being served.
func (l *Live) Catalog() *summaries.Catalog { return l.cur.Load().Catalog }

// Served returns the catalog being served and its index (nil while it is
// being built), as one pair.
func (l *Live) Served() *Served { return l.cur.Load() }

// Reload serves the catalog of an accepted reload (see Publish); a
// refused reload changes nothing.
func (l *Live) Reload(u summaries.Update) {
	if !u.Accepted || u.State == nil {
		return
	}
	changed := slices.Clone(u.Added)
	for _, c := range u.Changed {
		changed = append(changed, c.ID)
	}
	l.Publish(u.State.Catalog(), changed, u.Removed)
}

// Publish serves next, a catalog that differs from the one being served
// in the statements named (changed or added ids, and removed ids). Its
// index is the served one updated for them, or, when there is none yet,
// when too many changed or when updating fails, one built in the
// background.
func (l *Live) Publish(next *summaries.Catalog, changed, removed []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopBuild()
	cur := l.cur.Load()
	if cur.Index == nil || next == nil || len(changed)+len(removed) > maxUpdate {
		l.swap(&Served{Catalog: next})
		if next != nil {
			l.rebuild(next)
		}
		return
	}
	start := time.Now()
	ix, err := cur.Index.Update(l.ctx, next, changed, removed)
	if err != nil {
		l.log.Error("updating the search index; rebuilding it", "err", err)
		l.swap(&Served{Catalog: next})
		l.rebuild(next)
		return
	}
	l.swap(&Served{Catalog: next, Index: ix})
	l.log.Debug("search index updated", "statements", len(changed)+len(removed), "took", time.Since(start))
	if ix.Fragmented() {
		l.rebuild(next) // the updated index serves until the new one is ready
	}
}

// Ready waits until the catalog being served has its index, or ctx ends,
// or the index could not be built.
func (l *Live) Ready(ctx context.Context) error {
	for {
		l.mu.Lock()
		s, changed, failed := l.cur.Load(), l.changed, l.failed
		l.mu.Unlock()
		switch {
		case s.Index != nil:
			return nil
		case failed != nil:
			return failed
		case s.Catalog == nil:
			return errors.New("search: no catalog")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		}
	}
}

// Wait waits for the background build, if one runs, to end; for tests.
func (l *Live) Wait() { l.building.Wait() }

// swap serves s and wakes Ready. The caller holds l.mu.
func (l *Live) swap(s *Served) {
	l.gen++
	l.failed = nil
	l.cur.Store(s)
	close(l.changed)
	l.changed = make(chan struct{})
}

// stopBuild cancels the running background build: its catalog is no
// longer the one being served. The caller holds l.mu.
func (l *Live) stopBuild() {
	if l.cancel != nil {
		l.cancel()
		l.cancel = nil
	}
}

// rebuild builds cat's index in the background and serves it with cat if
// cat is still the catalog being served when it is ready. The caller holds
// l.mu.
func (l *Live) rebuild(cat *summaries.Catalog) {
	ctx, cancel := context.WithCancel(l.ctx)
	l.cancel = cancel
	gen := l.gen
	l.building.Go(func() {
		defer cancel()
		start := time.Now()
		ix, err := Build(ctx, cat, l.amounts)
		l.mu.Lock()
		defer l.mu.Unlock()
		if err != nil {
			if l.gen == gen && ctx.Err() == nil {
				l.log.Error("building the search index", "err", err)
				l.failed = fmt.Errorf("building the search index: %w", err)
				close(l.changed)
				l.changed = make(chan struct{})
			}
			return
		}
		if l.gen != gen {
			ix.Close() // a newer catalog is served, with its own index
			return
		}
		l.swap(&Served{Catalog: cat, Index: ix})
		l.log.Info("search index ready", "statements", cat.Len(), "took", time.Since(start))
	})
}
