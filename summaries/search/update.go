package search

import (
	"context"
	"errors"
	"fmt"
	"slices"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/briefbot/briefbot/summaries"
)

// Bounds on the segments updates write. An update rewrites at most
// maxMerge statements (indexing one statement of the bundled size takes
// about 6 ms), and past fragmentedTiers segments an index reports that a
// fresh build would answer faster.
const (
	maxMerge        = 8
	fragmentedTiers = 32
)

// Update returns the index for next, a catalog that differs from the one ix
// was built for only in the statements named (changed or added ids, and
// removed ids), without re-indexing the rest. ix itself keeps answering
// exactly as before for requests still using the old catalog.
//
// One batch replaces the documents of the named statements, and scorch
// writes it as one new segment. In-memory scorch never merges segments,
// so updates keep their own tiers, as in a log-structured merge: when the
// newest tier is no more than twice as large as the new one, and both
// together hold at most maxMerge statements, its statements are written
// again with the new batch, which leaves every document of its old segment
// deleted, and scorch drops such a segment. So an update rewrites a few
// statements at the most, and segments grow by one per maxMerge edits or
// so; see Fragmented.
//
// Only the newest Index of a store can be updated in place: updating an
// older one (a branch) would show its catalog documents of a newer one,
// so that case builds a new index from next instead, as does an update of
// an index whose every view was closed.
func (ix *Index) Update(ctx context.Context, next *summaries.Catalog, changed, removed []string) (*Index, error) {
	if next == nil {
		return nil, errors.New("search: nil catalog")
	}
	s := ix.store
	s.mu.Lock()
	defer s.mu.Unlock()
	if ix.epoch != s.epoch || !s.acquire() {
		return Build(ctx, next, ix.amounts)
	}
	defer s.unref()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search: updating index: %w", err)
	}

	touched := map[string]bool{}
	for _, id := range slices.Concat(changed, removed) {
		touched[id] = true
	}
	ids := make([]string, 0, len(touched))
	for id := range touched {
		ids = append(ids, id)
	}
	slices.Sort(ids)

	// The touched statements leave their tiers; empty tiers' segments go.
	var tiers [][]string
	for _, t := range ix.tiers {
		t = slices.DeleteFunc(slices.Clone(t), func(id string) bool { return touched[id] })
		if len(t) > 0 {
			tiers = append(tiers, t)
		}
	}
	var tier []string
	for _, id := range ids {
		if st := statementIn(next, id); st != nil {
			tier = append(tier, id)
		}
	}
	for n := len(tiers); n > 0 && len(tier) > 0; n = len(tiers) {
		last := tiers[n-1]
		if len(last) > 2*len(tier) || len(last)+len(tier) > maxMerge {
			break
		}
		tier = append(tier, last...)
		tiers = tiers[:n-1]
	}

	b := index.NewBatch()
	for _, id := range ids {
		if old := statementIn(ix.cat, id); old != nil {
			deleteStatement(b, old)
		}
	}
	for _, id := range tier {
		if st := statementIn(next, id); st != nil {
			addStatement(b, st, ix.amounts, s.an)
		}
	}
	if err := s.idx.Batch(b); err != nil {
		return nil, fmt.Errorf("search: updating index: %w", err)
	}
	if len(tier) > 0 {
		tiers = append(tiers, tier)
	}
	return s.newIndex(next, ix.amounts, tiers)
}

// Fragmented reports whether updates have left so many segments that a
// fresh Build of ix.Catalog() would answer queries noticeably faster (each
// segment costs every query term a dictionary lookup per field). The bot
// may then build one in the background and swap it in, as after a reload.
func (ix *Index) Fragmented() bool { return len(ix.tiers) > fragmentedTiers }

// statementIn returns the statement with exactly this id in cat (Get also
// accepts aliases).
func statementIn(cat *summaries.Catalog, id string) *summaries.Statement {
	if st := cat.Get(id); st != nil && st.ID == id {
		return st
	}
	return nil
}

// acquire takes a reference on a store that still has a live view, so that
// it stays open while an update writes to it.
func (s *store) acquire() bool {
	for {
		n := s.refs.Load()
		if n <= 0 {
			return false
		}
		if s.refs.CompareAndSwap(n, n+1) {
			return true
		}
	}
}
