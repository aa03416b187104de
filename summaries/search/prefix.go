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
	// (or digits) begin too many words to say anything.
	minPrefixRunes = 3
	// maxPrefixTerms bounds the dictionary terms one prefix stands for, in
	// each field: the first in dictionary order, the closest to the prefix.
	maxPrefixTerms = 32
	// prefixBoost weighs a completion below the word itself.
	prefixBoost = 0.5
	// maxPrefixScan bounds the dictionary terms read for one number
	// prefix, most of which are not whole groups of it.
	maxPrefixScan = 4096
)

// completes reports whether a term is completed when it is the query's
// last: a word with a letter, or a number, not a phrase or an exclusion.
// A number completes only by whole groups of three digits, as it is
// typed towards its thousands (110 is 110,000 but 201 is not 2019), and
// like a word only from three digits on: 20 is the figure that says 20.
func completes(t Term) bool {
	return !t.Phrase && !t.Exclude && (hasLetter(t.Text) || allDigits(t.Text))
}

// allDigits reports a typed text of digits only, in any script (١١٠).
func allDigits(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// isNumber reports an analysed term of digits only (folded to 0–9).
func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// groupsOf reports whether term is prefix followed by whole groups of
// three digits.
func groupsOf(term, prefix string) bool {
	rest := len(term) - len(prefix)
	return rest > 0 && rest%3 == 0 && isNumber(term)
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
		if len(ph) != 1 || len(ph[0]) != 1 {
			continue
		}
		w := ph[0][0]
		if utf8.RuneCountInString(w) >= minPrefixRunes {
			out = append(out, &prefixQuery{prefix: w, field: f.name, boost: boost(f.base) * prefixBoost, number: isNumber(w)})
		}
	}
	if utf8.RuneCountInString(p.key) >= minPrefixRunes && !isNumber(p.key) {
		out = append(out, &prefixQuery{prefix: p.key, field: fieldKey, boost: boost(fieldKey) * prefixBoost})
	}
	return out
}

// prefixQuery matches the terms of a field that begin with prefix, at most
// maxPrefixTerms of them. Bleve's own prefix query expands to every such
// term, which for a short prefix over a large index is thousands. A
// number prefix matches only the numbers it begins by whole groups.
type prefixQuery struct {
	prefix, field string
	boost         float64
	number        bool
}

var _ query.Query = (*prefixQuery)(nil)

// Searcher implements query.Query.
func (q *prefixQuery) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, opts bsearch.SearcherOptions) (bsearch.Searcher, error) {
	dict, err := r.FieldDictPrefix(q.field, []byte(q.prefix))
	if err != nil {
		return nil, err
	}
	var terms []string
	for scanned := 0; len(terms) < maxPrefixTerms && scanned < maxPrefixScan; scanned++ {
		e, err := dict.Next()
		if err != nil {
			_ = dict.Close()
			return nil, err
		}
		if e == nil {
			break
		}
		if q.number && !groupsOf(e.Term, q.prefix) {
			continue
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
