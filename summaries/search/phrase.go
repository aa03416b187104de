package search

import (
	"context"
	"slices"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// adjacentQuery matches a phrase in one field: its terms at consecutive
// positions (a nil slot is a stop word, which matches any position).
//
// It is built from bleve's own searchers, a conjunction of term searchers
// with term vectors under a FilteringSearcher that checks the positions,
// rather than bleve's phrase searcher: that one turns every candidate's
// term locations into maps before it looks at them, which made a phrase
// of common words (شمال شرق سوريا, in nearly every statement) cost several
// times what its terms cost, and run past MaxSearchTime on 10,000
// statements. The filter also keeps, of a document's term locations, only
// the phrase's occurrences, so a snippet marks the phrase and not every
// occurrence of its words.
type adjacentQuery struct {
	phrase [][]string
	field  string
	boost  float64
	slots  map[string][]int // the phrase positions of each term
}

// newAdjacentQuery returns the query of phrase in field; its first slot
// must hold a term (toPhrase starts phrases with one).
func newAdjacentQuery(phrase [][]string, field string, boost float64) *adjacentQuery {
	q := &adjacentQuery{phrase: phrase, field: field, boost: boost, slots: map[string][]int{}}
	for i, slot := range phrase {
		for _, t := range slot {
			q.slots[t] = append(q.slots[t], i)
		}
	}
	return q
}

var _ query.Query = (*adjacentQuery)(nil)

// Searcher implements query.Query.
func (q *adjacentQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	opts.IncludeTermVectors = true
	var subs []bsearch.Searcher
	closeAll := func() {
		for _, s := range subs {
			_ = s.Close()
		}
	}
	for _, slot := range q.phrase {
		var alts []bsearch.Searcher
		for _, term := range slot {
			ts, err := searcher.NewTermSearcher(ctx, r, term, q.field, q.boost, opts)
			if err != nil {
				for _, s := range alts {
					_ = s.Close()
				}
				closeAll()
				return nil, err
			}
			alts = append(alts, ts)
		}
		switch len(alts) {
		case 0: // a stop word's place
		case 1:
			subs = append(subs, alts[0])
		default:
			d, err := searcher.NewDisjunctionSearcher(ctx, r, alts, 1, opts)
			if err != nil {
				closeAll()
				return nil, err
			}
			subs = append(subs, d)
		}
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, subs, opts)
	if err != nil {
		closeAll()
		return nil, err
	}
	return searcher.NewFilteringSearcher(ctx, conj, q.boundedFilter(ctx)), nil
}

// checkDeadlineEvery is how many candidates a phrase checks between two
// looks at the deadline.
const checkDeadlineEvery = 64

// boundedFilter is adjacent, stopping at ctx's deadline: from then on it
// rejects every candidate, so the search ends at once, and flags the
// results as cut short (see cutShortKey), so they are not taken as whole.
// Without the flag in ctx it never stops early.
func (q *adjacentQuery) boundedFilter(ctx context.Context) func(*bsearch.SearchContext, *bsearch.DocumentMatch) bool {
	cut, _ := ctx.Value(cutShortKey{}).(*atomic.Bool)
	seen := 0
	return func(sctx *bsearch.SearchContext, d *bsearch.DocumentMatch) bool {
		if cut != nil {
			if seen++; seen%checkDeadlineEvery == 0 && ctx.Err() != nil {
				cut.Store(true)
			}
			if cut.Load() {
				return false
			}
		}
		return q.adjacent(sctx, d)
	}
}

// adjacent reports whether d holds the phrase, and leaves in d only the
// term locations of its occurrences. Our documents give no field value
// array positions (see arrayPos), so positions alone place a term.
func (q *adjacentQuery) adjacent(_ *bsearch.SearchContext, d *bsearch.DocumentMatch) bool {
	pos := make([][]uint64, len(q.phrase))
	slotsOf := q.slotsOf()
	for _, ftl := range d.FieldTermLocations {
		for _, i := range slotsOf(ftl) {
			pos[i] = append(pos[i], ftl.Location.Pos)
		}
	}
	for _, p := range pos {
		if !slices.IsSorted(p) {
			slices.Sort(p)
		}
	}
	// starts are the positions the phrase starts at: the first slot's
	// positions from which every other slot's term is where it should be.
	var starts []uint64
	for _, p := range pos[0] {
		ok := true
		for j := 1; j < len(pos) && ok; j++ {
			if len(q.phrase[j]) > 0 {
				_, ok = slices.BinarySearch(pos[j], p+uint64(j))
			}
		}
		if ok {
			starts = append(starts, p)
		}
	}
	if len(starts) == 0 {
		return false
	}
	kept := d.FieldTermLocations[:0]
	slotsOf = q.slotsOf()
	for _, ftl := range d.FieldTermLocations {
		for _, i := range slotsOf(ftl) {
			if ftl.Location.Pos < uint64(i) {
				continue
			}
			if _, in := slices.BinarySearch(starts, ftl.Location.Pos-uint64(i)); in {
				kept = append(kept, ftl)
				break
			}
		}
	}
	d.FieldTermLocations = kept
	return true
}

// slotsOf returns a function giving the phrase positions of a location's
// term, none for another field. Locations come term by term, so it looks
// each term up once.
func (q *adjacentQuery) slotsOf() func(bsearch.FieldTermLocation) []int {
	var term string
	var slots []int
	return func(ftl bsearch.FieldTermLocation) []int {
		if ftl.Field != q.field {
			return nil
		}
		if ftl.Term != term {
			term, slots = ftl.Term, q.slots[ftl.Term]
		}
		return slots
	}
}
