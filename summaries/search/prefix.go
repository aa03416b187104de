package search

import (
	"context"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// Bounds on completing a word still being typed (Query.Prefix).
const (
	// minPrefixRunes is the shortest analysed word completed: two letters
	// begin too many words to say anything.
	minPrefixRunes = 3
	// maxPrefixTerms bounds the dictionary terms one prefix stands for, in
	// each field: the first in dictionary order, the closest to the prefix.
	maxPrefixTerms = 32
	// prefixBoost weighs a completion below the word itself.
	prefixBoost = 0.5
)

// completes reports whether a term is completed when it is the query's
// last: a word with a letter, not a phrase or an exclusion. A number is
// matched whole: 20 is not 2020.
func completes(t Term) bool {
	return !t.Phrase && !t.Exclude && hasLetter(t.Text)
}

// hasLetter reports whether s holds a letter.
func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// prefixClauses match the words p's single analysed term begins, in each
// language's fields, and the ids and aliases its folded text begins.
func prefixClauses(p termPlan) []query.Query {
	var out []query.Query
	for _, f := range searchFields() {
		ph := p.phrase[f.lang]
		if len(ph) != 1 || len(ph[0]) != 1 || utf8.RuneCountInString(ph[0][0]) < minPrefixRunes {
			continue
		}
		out = append(out, &prefixQuery{prefix: ph[0][0], field: f.name, boost: boost(f.base) * prefixBoost})
	}
	if utf8.RuneCountInString(p.key) >= minPrefixRunes {
		out = append(out, &prefixQuery{prefix: p.key, field: fieldKey, boost: boost(fieldKey) * prefixBoost})
	}
	return out
}

// prefixQuery matches the terms of a field that begin with prefix, at most
// maxPrefixTerms of them. Bleve's own prefix query expands to every such
// term, which for a short prefix over a large index is thousands.
type prefixQuery struct {
	prefix, field string
	boost         float64
}

var _ query.Query = (*prefixQuery)(nil)

// Searcher implements query.Query.
func (q *prefixQuery) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	dict, err := r.FieldDictPrefix(q.field, []byte(q.prefix))
	if err != nil {
		return nil, err
	}
	var terms []string
	for len(terms) < maxPrefixTerms {
		e, err := dict.Next()
		if err != nil {
			_ = dict.Close()
			return nil, err
		}
		if e == nil {
			break
		}
		terms = append(terms, e.Term)
	}
	if err := dict.Close(); err != nil {
		return nil, err
	}
	if len(terms) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	return searcher.NewMultiTermSearcher(ctx, r, terms, q.field, q.boost, opts, false)
}
