package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// arabicStemmer is bleve's stemmer_ar (Lucene's ArabicStemmer: one
// prefix, then each suffix in turn) on the term's bytes: bleve's decodes
// every term into runes and builds a new term from them, which was a fifth
// of analysing a source text. A test compares the two.
type arabicStemmer struct{}

// The affixes, as stemmer_ar lists them, in that order. Each of their
// letters is two bytes long.
var (
	arPrefixes = [...]string{"ال", "وال", "بال", "كال", "فال", "لل", "و"}
	arSuffixes = [...]string{"ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي"}
)

func (arabicStemmer) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = stemArabic(t.Term)
	}
	return input
}

// stemArabic strips one prefix and then the suffixes of term, keeping at
// least two letters (three after و) as stemmer_ar does.
func stemArabic(term []byte) []byte {
	n := utf8.RuneCount(term)
	for _, p := range arPrefixes {
		pn := len(p) / 2
		if pn == 1 && n < 4 || n-pn < 2 || string(term[:min(len(p), len(term))]) != p {
			continue
		}
		term, n = term[len(p):], n-pn
		break
	}
	for _, s := range arSuffixes {
		sn := len(s) / 2
		if n-sn < 2 || len(term) < len(s) || string(term[len(term)-len(s):]) != s {
			continue
		}
		term, n = term[:len(term)-len(s)], n-sn
	}
	return term
}
