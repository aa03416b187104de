package search

import (
	"context"
	"slices"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Bounds on the work of a suggestion, which only runs when nothing matched.
const (
	maxFuzzyEntries = 64 // dictionary terms read per field
	maxCandidates   = 8  // closest terms whose frequency is compared
	longTypo        = 8  // letters from which two edits are allowed
)

// suggest returns q with each word that matches nothing on its own
// replaced by the closest word the index holds, as it is written in the
// text (not its stem), or "" when there is nothing to suggest.
func (ix *Index) suggest(ctx context.Context, q Query, plans []termPlan) string {
	fuzzy, ok := ix.view.snap.(index.IndexReaderFuzzy)
	if !ok {
		return ""
	}
	terms := slices.Clone(q.Terms)
	changed := false
	for i, p := range plans {
		if p.term.Exclude || p.term.Phrase || !p.searchable() || ctx.Err() != nil {
			continue
		}
		if ix.matchesAny(ctx, termClause(p)) {
			continue
		}
		if w := ix.closest(ctx, fuzzy, p); w != "" && w != p.term.Text {
			terms[i].Text, changed = w, true
		}
	}
	if !changed {
		return ""
	}
	return Query{Terms: terms}.String()
}

// candidate is an indexed term close to a query term.
type candidate struct {
	field, term string
	dist        uint8
	count       uint64
}

// closest finds the indexed term nearest to p's single-position analysis
// in any field (one edit, two for terms of eight letters or more; the most
// frequent among the nearest) and returns a word of the text it stems from.
// Two edits on a shorter term cost a Levenshtein automaton run over every
// segment's dictionary, tens of milliseconds on a large index, to find
// words that are mostly other words.
func (ix *Index) closest(ctx context.Context, fuzzy index.IndexReaderFuzzy, p termPlan) string {
	var cands []candidate
	for _, f := range searchFields() {
		ph := p.phrase[f.lang]
		if len(ph) != 1 || len(ph[0]) != 1 {
			continue
		}
		term := ph[0][0]
		n := utf8.RuneCountInString(term)
		if n < 3 {
			continue
		}
		fuzz := 1
		if n >= longTypo {
			fuzz = 2
		}
		cands = append(cands, fuzzyTerms(fuzzy, f.name, term, fuzz)...)
	}
	if len(cands) == 0 {
		return ""
	}
	slices.SortStableFunc(cands, func(a, b candidate) int { return int(a.dist) - int(b.dist) })
	cands = cands[:min(len(cands), maxCandidates)]
	for i := range cands {
		if tfr, err := ix.view.snap.TermFieldReader(ctx, []byte(cands[i].term), cands[i].field, false, false, false); err == nil {
			cands[i].count = tfr.Count()
			_ = tfr.Close()
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if a.dist != b.dist {
			return int(a.dist) - int(b.dist)
		}
		return int(b.count) - int(a.count)
	})
	for _, c := range cands {
		if w := ix.surface(ctx, c); w != "" {
			return w
		}
	}
	return ""
}

// fuzzyTerms lists the terms of field within fuzz edits of term.
func fuzzyTerms(fuzzy index.IndexReaderFuzzy, field, term string, fuzz int) []candidate {
	dict, auto, err := fuzzy.FieldDictFuzzyAutomaton(field, term, fuzz, "")
	if err != nil {
		return nil
	}
	defer dict.Close()
	var out []candidate
	for range maxFuzzyEntries {
		e, err := dict.Next()
		if err != nil || e == nil {
			break
		}
		if e.Term == term {
			continue
		}
		d := uint8(fuzz)
		if auto != nil {
			if ok, dist := auto.MatchAndDistance(e.Term); ok {
				d = dist
			}
		}
		out = append(out, candidate{field: field, term: e.Term, dist: d})
	}
	return out
}

// matchesAny reports whether q matches a document, reading the first
// match only (collecting would score every one).
func (ix *Index) matchesAny(ctx context.Context, q query.Query) bool {
	s, err := q.Searcher(ctx, ix.view.snap, ix.store.mapping, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return true // cannot tell: suggest nothing for it
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	m, err := s.Next(sctx)
	return err != nil || m != nil
}

// surface returns the word of a live document that c's term was indexed
// from, "" when no live document holds it (a term may linger in the
// dictionary of a segment whose documents were replaced). It reads the
// term's first posting, with its locations, not every document's.
func (ix *Index) surface(ctx context.Context, c candidate) string {
	tq := query.NewTermQuery(c.term)
	tq.SetField(c.field)
	s, err := tq.Searcher(ctx, ix.view.snap, ix.store.mapping, bsearch.SearcherOptions{IncludeTermVectors: true, Score: "none"})
	if err != nil {
		return ""
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	m, err := s.Next(sctx)
	if err != nil || m == nil {
		return ""
	}
	id, err := ix.view.snap.ExternalID(m.IndexInternalID)
	if err != nil {
		return ""
	}
	m.Complete(nil) // turn the term vectors into Locations
	ms := []*bsearch.DocumentMatch{m}
	ms[0].ID = id
	stID, figID := parseDocID(ms[0].ID)
	st := statementIn(ix.cat, stID)
	if st == nil {
		return ""
	}
	_, parts := joined(ix.textsOf(st, figID))
	for _, l := range ms[0].Locations[c.field][c.term] {
		if i, sp, ok := locate(parts[c.field], l); ok {
			return trimPunct(parts[c.field][i].text.text[sp.Start:sp.End])
		}
	}
	return ""
}
