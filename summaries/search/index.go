package search

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/briefbot/briefbot/summaries"
)

// Amounts renders a figure's amount as the bot shows it in lang (qualifier,
// value, unit: "more than $20 billion", "أكثر من 20 مليار دولار"). The bot
// passes its own renderer, because wording lives in the bot's message
// catalogs; the index stores what it returns so that an editor finds a
// figure by the words the bot displays. A nil Amounts indexes values only.
type Amounts func(f summaries.Figure, lang summaries.Lang) string

// ErrClosed is returned by an Index used after Close.
var ErrClosed = errors.New("search: index closed")

// Index is a full-text index over one catalog. It is immutable: Update
// returns a new Index for the next catalog and leaves this one answering for
// its own. An Index is safe for concurrent use.
type Index struct {
	cat     *summaries.Catalog
	store   *store
	amounts Amounts
	view    *view
	cleanup runtime.Cleanup
	// epoch is the store's state this view shows; only the newest view of
	// a store may be updated in place (see Update).
	epoch uint64
	// tiers are the statement ids of the segments written by updates,
	// oldest first; see update.go.
	tiers [][]string
}

// view is what an Index pins: one scorch snapshot. It is separate from the
// Index so that a cleanup can release it when the Index is garbage.
type view struct {
	snap  index.IndexReader
	store *store
	// mu is held for reading by each search, so Close waits for them.
	mu     sync.RWMutex
	closed bool
}

// release returns the snapshot to scorch; the last view of a store closes it.
func (v *view) release() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.closed {
		return
	}
	v.closed = true
	_ = v.snap.Close()
	v.store.unref()
}

// store is one scorch index and what writes to it. All the Index values made
// from one Build by Update share it; each pins its own snapshot.
type store struct {
	idx     index.Index
	queue   *index.AnalysisQueue
	an      *analyzers
	mapping mapping.IndexMapping

	mu    sync.Mutex // serialises writes and the choice of the newest view
	epoch uint64     // of the newest view

	refs atomic.Int64 // live views
}

func (s *store) unref() {
	if s.refs.Add(-1) == 0 {
		_ = s.idx.Close()
		s.queue.Close()
	}
}

// newStore opens an in-memory scorch index. Scorch keeps every batch as an
// immutable segment and every reader on an immutable snapshot, which is
// what lets an old Index keep answering for its catalog (see doc.go).
func newStore() (*store, error) {
	q := index.NewAnalysisQueue(max(1, runtime.GOMAXPROCS(0)))
	idx, err := scorch.NewScorch(scorch.Name, map[string]any{"path": ""}, q)
	if err != nil {
		q.Close()
		return nil, fmt.Errorf("search: creating index: %w", err)
	}
	if err := idx.Open(); err != nil {
		q.Close()
		return nil, fmt.Errorf("search: opening index: %w", err)
	}
	return &store{idx: idx, queue: q, an: newAnalyzers(), mapping: mappingFor()}, nil
}

// newIndex pins the store's current snapshot as the Index for cat.
// The caller holds s.mu, or is the only one using s.
func (s *store) newIndex(cat *summaries.Catalog, amounts Amounts, tiers [][]string) (*Index, error) {
	snap, err := s.idx.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: opening a reader: %w", err)
	}
	s.refs.Add(1)
	s.epoch++
	ix := &Index{cat: cat, store: s, amounts: amounts, epoch: s.epoch, tiers: tiers,
		view: &view{snap: snap, store: s}}
	ix.cleanup = runtime.AddCleanup(ix, (*view).release, ix.view)
	return ix, nil
}

// Catalog returns the catalog this index was built for.
func (ix *Index) Catalog() *summaries.Catalog { return ix.cat }

// Close releases the index's snapshot. It is optional (an unreachable Index
// releases it when collected) but frees memory sooner. A search of a closed
// index returns ErrClosed; Close is idempotent.
func (ix *Index) Close() error {
	ix.cleanup.Stop()
	ix.view.release()
	return nil
}
