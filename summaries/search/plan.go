package search

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// termPlan is one query term as each language's analyser reads it: a
// phrase of term positions (one position for most words), nil when the
// analyser drops the term.
type termPlan struct {
	term   Term
	phrase map[summaries.Lang][][]string
	key    string // the term folded as ids and aliases are
	// isKey is set when key is an id or alias of the catalog: only then is
	// the key field searched for it whole.
	isKey  bool
	prefix bool // also match the words it begins (see Query.Prefix)
	// arabic is a term in Arabic letters, with no Latin one: English
	// fields are not searched for it (an Arabic text may hold a Latin
	// name, an English text does not hold Arabic words).
	arabic bool
}

// searchable reports whether every language kept something of the term.
func (p termPlan) searchable() bool {
	for _, lang := range summaries.Langs {
		if len(p.phrase[lang]) == 0 {
			return false
		}
	}
	return true
}

// plan analyses terms in both languages; with prefix, the last term, if
// it completes (see completes), also matches the words it begins.
func (a *analyzers) plan(terms []Term, prefix bool) []termPlan {
	out := make([]termPlan, 0, len(terms))
	for i, t := range terms {
		p := termPlan{term: t, phrase: map[summaries.Lang][][]string{}, key: arabic.Normalize(t.Text),
			prefix: prefix && i == len(terms)-1 && completes(t), arabic: arabicOnly(t.Text)}
		for _, lang := range summaries.Langs {
			p.phrase[lang] = toPhrase(a.of(lang).Analyze([]byte(t.Text)))
		}
		out = append(out, p)
	}
	return out
}

// arabicOnly reports a text with an Arabic letter and no Latin one.
func arabicOnly(s string) bool {
	ar := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && unicode.IsLetter(r):
			return false
		case unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r):
			ar = true
		}
	}
	return ar
}

// toPhrase arranges tokens by position, leaving stop words as gaps, as
// bleve's match-phrase query does.
func toPhrase(tokens analysis.TokenStream) [][]string {
	if len(tokens) == 0 {
		return nil
	}
	first, last := tokens[0].Position, tokens[0].Position
	for _, t := range tokens {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range tokens {
		out[t.Position-first] = append(out[t.Position-first], string(t.Term))
	}
	return out
}

// buildQuery makes the bleve query of plans: every searchable positive
// term must match in some field, no excluded term may match. It reports
// false when no positive term is searchable.
func buildQuery(plans []termPlan, statementsOnly bool) (query.Query, bool) {
	var must, not []query.Query
	for _, p := range plans {
		if !p.searchable() {
			continue
		}
		if p.term.Exclude {
			not = append(not, termClause(p))
		} else {
			must = append(must, termClause(p))
		}
	}
	if len(must) == 0 {
		return nil, false
	}
	if statementsOnly {
		kind := query.NewTermQuery(kindStatement)
		kind.SetField(fieldKind)
		kind.SetBoost(0)
		must = append(must, kind)
	}
	if len(not) == 0 {
		return query.NewConjunctionQuery(must), true
	}
	return query.NewBooleanQuery(must, nil, not), true
}

// termClause matches p in any field: the analysed term (or phrase) in each
// language's fields, with the field's boost, or the whole term as an id.
func termClause(p termPlan) query.Query {
	var or []query.Query
	for _, f := range searchFields() {
		if f.lang == summaries.EN && p.arabic {
			continue
		}
		if q := phraseQuery(p.phrase[f.lang], f.name, boost(f.base)); q != nil {
			or = append(or, q)
		}
	}
	if p.isKey {
		k := query.NewTermQuery(p.key)
		k.SetField(fieldKey)
		k.SetBoost(boost(fieldKey))
		or = append(or, k)
	}
	if p.prefix {
		or = append(or, prefixClauses(p)...)
	}
	return query.NewDisjunctionQuery(or)
}

// phraseQuery is a term query for one position, an adjacentQuery for a
// phrase.
func phraseQuery(phrase [][]string, field string, boost float64) query.Query {
	switch {
	case len(phrase) == 0:
		return nil
	case len(phrase) == 1 && len(phrase[0]) == 1:
		q := query.NewTermQuery(phrase[0][0])
		q.SetField(field)
		q.SetBoost(boost)
		return q
	}
	return newAdjacentQuery(phrase, field, boost)
}
