package search

import (
	"context"
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
// releases it when collected) but frees memory sooner; an Index must not be
// searched after Close. Close is idempotent.
func (ix *Index) Close() error {
	ix.cleanup.Stop()
	ix.view.release()
	return nil
}

// Build writes batches of batchStatements statements, batchesInFlight at a
// time. In-memory scorch never merges segments, and each segment costs
// every query term a dictionary lookup per field, so batches are as large
// as memory allows: analysis holds every token's location until the batch's
// segment is written. Two batches in flight keep both cores busy, one
// analysing while the other writes its segment, which bleve does on one.
const (
	batchStatements = 500
	batchesInFlight = 2
)

// Build indexes every statement of cat and its figures.
func Build(ctx context.Context, cat *summaries.Catalog, amounts Amounts) (*Index, error) {
	if cat == nil {
		return nil, errors.New("search: nil catalog")
	}
	s, err := newStore()
	if err != nil {
		return nil, err
	}
	if err := s.write(ctx, cat.All(), amounts); err != nil {
		s.close()
		return nil, err
	}
	ix, err := s.newIndex(cat, amounts, nil)
	if err != nil {
		s.close()
		return nil, err
	}
	return ix, nil
}

// write indexes stmts in batches, batchesInFlight at a time.
func (s *store) write(ctx context.Context, stmts []*summaries.Statement, amounts Amounts) error {
	sem := make(chan struct{}, batchesInFlight)
	errs := make(chan error, (len(stmts)+batchStatements-1)/batchStatements)
	var wg sync.WaitGroup
	for start := 0; start < len(stmts); start += batchStatements {
		if ctx.Err() != nil {
			break
		}
		b := index.NewBatch()
		for _, st := range stmts[start:min(start+batchStatements, len(stmts))] {
			addStatement(b, st, amounts, s.an)
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := s.idx.Batch(b); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: building index: %w", err)
	}
	if err := <-errs; err != nil {
		return fmt.Errorf("search: indexing statements: %w", err)
	}
	return nil
}

// close closes a store no view was made of.
func (s *store) close() {
	_ = s.idx.Close()
	s.queue.Close()
}

// addStatement adds the documents of st and its figures to b.
func addStatement(b *index.Batch, st *summaries.Statement, amounts Amounts, an *analyzers) {
	b.Update(statementDoc(st, an))
	for i := range st.Figures {
		b.Update(figureDoc(st, &st.Figures[i], amounts, an))
	}
}

// deleteStatement deletes the documents of st and its figures in b.
func deleteStatement(b *index.Batch, st *summaries.Statement) {
	b.Delete(statementDocID(st.ID))
	for _, f := range st.Figures {
		b.Delete(figureDocID(st.ID, f.ID))
	}
}
