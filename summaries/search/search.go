package search

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/briefbot/briefbot/summaries"
)

// MaxSearchTime bounds one Search, whatever the caller's context allows.
const MaxSearchTime = 200 * time.Millisecond

// Results are the hits of one page of a search.
type Results struct {
	Hits  []Hit
	Total int // matching statements and figures, on every page
	// Suggestion is the query with its unknown words replaced by close words
	// that exist in the index, when nothing matched; "" otherwise.
	Suggestion string
}

// Hit is one matching statement or figure.
type Hit struct {
	StatementID string
	FigureID    string // "" for a statement hit
	Score       float64
	// Field is the text that matched best: "title", "summary", "point",
	// "place", "publisher", "id", "alias", "source" for a statement;
	// "label", "quote", "amount", "value", "unit", "qualifier" for a figure.
	Field   string
	Snippet Snippet
}

// Search runs q against the index's catalog. It honours ctx and stops at
// MaxSearchTime; a query that would run longer is answered ErrTimeout,
// never with results it did not finish. (The deadline is checked between
// batches of documents, and the page's snippets follow, so a search may
// end a few milliseconds after it.)
//
// Every term is analysed in both languages, each language for the fields
// written in it: a query word is looked up in the Arabic fields as the
// Arabic analyser reads it and in the English fields as the English one
// does, so an English word typed in an Arabic chat finds English text and
// digits find both. A term that either analyser drops entirely (في, the)
// is left out of the query, as it would match everything in one language
// and nothing in the other.
func (ix *Index) Search(ctx context.Context, q Query) (*Results, error) {
	v := ix.view
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	switch {
	case len(q.Terms) == 0:
		return nil, ErrEmpty
	case !q.positive():
		return nil, ErrExclusionsOnly
	}
	ctx, cancel := context.WithTimeout(ctx, MaxSearchTime)
	defer cancel()

	plans := ix.store.an.plan(q.Terms, q.Prefix)
	for i := range plans {
		plans[i].isKey = ix.cat.Get(plans[i].term.Text) != nil
	}
	bq, ok := buildQuery(plans, q.StatementsOnly)
	if !ok {
		return nil, ErrCommonWordsOnly
	}
	limit, offset := pageOf(q)
	matches, total, err := ix.collect(ctx, bq, limit, offset, false)
	if err != nil {
		return nil, err
	}
	locs, err := ix.locations(ctx, plans, matches)
	if err != nil {
		return nil, err
	}
	res := &Results{Total: total}
	for _, m := range matches {
		if h, ok := ix.hit(m, locs[m.ID], q.Lang); ok {
			res.Hits = append(res.Hits, h)
		}
	}
	if total == 0 {
		res.Suggestion = ix.suggest(ctx, q, plans)
	}
	return res, nil
}

// pageOf bounds the page q asks for.
func pageOf(q Query) (limit, offset int) {
	limit = q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	return min(limit, MaxLimit), min(max(q.Offset, 0), MaxOffset)
}

// collect runs bq on the view's snapshot and returns the page of matches
// and the total; with vectors, the matches carry the term locations
// snippets are cut by.
func (ix *Index) collect(ctx context.Context, bq query.Query, limit, offset int, vectors bool) ([]*bsearch.DocumentMatch, int, error) {
	cut := new(atomic.Bool)
	ctx = context.WithValue(ctx, cutShortKey{}, cut)
	snap := ix.view.snap
	s, err := bq.Searcher(ctx, snap, ix.store.mapping, bsearch.SearcherOptions{IncludeTermVectors: vectors})
	if err != nil {
		return nil, 0, fmt.Errorf("search: preparing query: %w", err)
	}
	defer s.Close()
	coll := collector.NewTopNCollector(limit, offset, bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
	if err := coll.Collect(ctx, s, snap); err != nil {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return nil, 0, &QueryError{Kind: KindTimeout, Err: ctx.Err()}
		}
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	if cut.Load() {
		return nil, 0, &QueryError{Kind: KindTimeout, Err: context.DeadlineExceeded}
	}
	return coll.Results(), int(coll.Total()), nil
}

// cutShortKey holds, in a search's context, the flag a searcher of ours
// sets when it stopped early at the deadline (see adjacentQuery): the
// results are then incomplete, and the search is answered ErrTimeout
// rather than with them. bleve's collector checks the deadline only every
// 1024 hits, and a phrase can reject thousands of candidates between two.
type cutShortKey struct{}

// locations returns where the positive terms of plans occur in matches,
// by document id. Reading term locations costs more than scoring (every
// occurrence of every term in every matching document is decoded), so
// the page is ranked without them, and they are read here for the page's
// documents only: the same terms, restricted to those ids.
func (ix *Index) locations(ctx context.Context, plans []termPlan, matches []*bsearch.DocumentMatch) (map[string]bsearch.FieldTermLocationMap, error) {
	if len(matches) == 0 {
		return nil, nil
	}
	ids := make([]string, len(matches))
	for i, m := range matches {
		ids[i] = m.ID
	}
	var or []query.Query
	for _, p := range plans {
		if !p.term.Exclude && p.searchable() {
			or = append(or, termClause(p))
		}
	}
	q := query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), query.NewDisjunctionQuery(or)})
	ms, _, err := ix.collect(ctx, q, len(ids), 0, true)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bsearch.FieldTermLocationMap, len(ms))
	for _, m := range ms {
		out[m.ID] = m.Locations
	}
	return out, nil
}

// hit turns a match into a Hit of the view's catalog, with its snippet.
func (ix *Index) hit(m *bsearch.DocumentMatch, locs bsearch.FieldTermLocationMap, lang summaries.Lang) (Hit, bool) {
	stID, figID := parseDocID(m.ID)
	st := statementIn(ix.cat, stID)
	if st == nil {
		return Hit{}, false // cannot happen: the snapshot holds this catalog's documents only
	}
	h := Hit{StatementID: stID, FigureID: figID, Score: m.Score}
	texts := ix.textsOf(st, figID)
	if texts == nil {
		return Hit{}, false
	}
	h.Field, h.Snippet = bestSnippet(st, texts, locs, lang)
	return h, true
}

// textsOf lists the indexed texts of a statement, or of its figure figID.
func (ix *Index) textsOf(st *summaries.Statement, figID string) texts {
	if figID == "" {
		return append(statementTexts(st), keyTexts(st)...)
	}
	for i := range st.Figures {
		if st.Figures[i].ID == figID {
			return figureTexts(st, &st.Figures[i], ix.amounts)
		}
	}
	return nil
}

// mappingFor is the index mapping queries are prepared with. Our queries
// name their fields and carry analysed terms, so it is bleve's default.
func mappingFor() mapping.IndexMapping { return mapping.NewIndexMapping() }
