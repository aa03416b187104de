package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// tokenAlphabet is one character of every class wordTokenizer reads, and
// a few it hands to bleve.
var tokenAlphabet = []string{"a", "Z", "5", "٥", "۵", "ب", "ة", "ـ", "\u064e", "\u0670", "\u06d6", ":", ".", ",", ";", "'", "_",
	" ", "\t", "\n", "\r", "،", "٬", "٫", "؛", "؟", "۔", "٪", "؍", "٭", "«", "»", "“", "”", "‘", "’", "–", "—", "…", "²",
	"\u00a0", "-", "$", "%", "(", ")", "/", "@", "#", "\u200f", "é", "🙂", "\x1e"}

// sameTokens reports how wordTokenizer's tokens of s differ from bleve's
// unicode tokenizer's, or "".
func sameTokens(s string) string {
	want := unicode.NewUnicodeTokenizer().Tokenize([]byte(s))
	got := newWordTokenizer().Tokenize([]byte(s))
	show := func(ts analysis.TokenStream) string {
		var b strings.Builder
		for _, t := range ts {
			fmt.Fprintf(&b, "[%q %d-%d @%d %d]", t.Term, t.Start, t.End, t.Position, t.Type)
		}
		return b.String()
	}
	if g, w := show(got), show(want); g != w {
		return fmt.Sprintf("%q:\n got %s\nwant %s", s, g, w)
	}
	return ""
}

// TestWordTokenizerIsBleves: the fast tokenizer gives bleve's tokens,
// term, offsets, positions and types, on the curated texts and on every
// string of up to three characters of its alphabet.
func TestWordTokenizerIsBleves(t *testing.T) {
	cat := seedCatalog(t)
	var texts []string
	for _, st := range cat.All() {
		texts = append(texts, st.Source.Text, st.Summary.AR, st.Summary.EN, st.Title.AR, st.Title.EN)
		for _, f := range st.Figures {
			texts = append(texts, f.Quote, f.Label.AR, f.Label.EN)
		}
	}
	for _, s := range texts {
		if d := sameTokens(s); d != "" {
			t.Fatal(d)
		}
	}
	bad := 0
	for _, a := range tokenAlphabet {
		for _, b := range tokenAlphabet {
			for _, c := range tokenAlphabet {
				if d := sameTokens(a + b + c); d != "" {
					t.Error(d)
					if bad++; bad > 20 {
						t.FailNow()
					}
				}
			}
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20_000 {
		var b strings.Builder
		for range 1 + rng.IntN(10) {
			b.WriteString(tokenAlphabet[rng.IntN(len(tokenAlphabet))])
		}
		if d := sameTokens(b.String()); d != "" {
			t.Error(d)
			if bad++; bad > 20 {
				t.FailNow()
			}
		}
	}
}

func FuzzWordTokenizerIsBleves(f *testing.F) {
	for _, s := range []string{"110,000 كم²", "U.S. G20 ال2020", "don't ١١٠٬٠٠٠ ٧٫٧", "a_b _1 x.y.z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d := sameTokens(s); d != "" {
			t.Fatal(d)
		}
	})
}
