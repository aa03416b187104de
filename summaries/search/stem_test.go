package search

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
)

// TestArabicStemmerIsBleves: arabicStemmer stems as bleve's stemmer_ar,
// on every word of the seed and on random words of Arabic letters.
func TestArabicStemmerIsBleves(t *testing.T) {
	words := strings.Fields(seedCatalog(t).Latest().Source.Text)
	letters := []rune("الوبكفنتيةهاقمس")
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20_000 {
		w := make([]rune, 1+rng.IntN(8))
		for i := range w {
			w[i] = letters[rng.IntN(len(letters))]
		}
		words = append(words, string(w))
	}
	bleve := ar.NewArabicStemmerFilter()
	for _, w := range words {
		want := bleve.Filter(analysis.TokenStream{{Term: []byte(w)}})[0].Term
		if got := stemArabic([]byte(w)); string(got) != string(want) {
			t.Errorf("%q: %q, bleve %q", w, got, want)
		}
	}
}
