package search

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/briefbot/briefbot/summaries"
)

// The second generator: statements that differ as real ones do. Each
// text is drawn word by word, by Zipf's law, from the seed's own
// vocabulary in its language, ranked by how often the seed uses each word,
// followed by a long tail of synthetic words; so common words (the
// coalition, ISIS, the ministers) are in most statements and rarer ones
// in a few, as in an archive, where the copies of gen_test.go put every
// seed word in every statement. Titles, places, figures' labels and their
// numbers vary too; a figure's quote is drawn words around one of the
// qualified numbers the copies' figure sentences write.

// zipfExponent and zipfTail shape the draw: P(rank k) ∝ (2+k)^-1.1 over
// the seed's words and zipfTail synthetic ones after them.
const (
	zipfExponent = 1.1
	zipfTail     = 60_000
)

// seedVocab is the seed's words in one language, most used first.
type seedVocab []string

var (
	vocabOnce sync.Once
	vocabs    map[summaries.Lang]seedVocab
)

// vocabularies ranks the words of the seed's texts in each language: its
// Arabic source, title, summary, key points and labels, and their
// English counterparts.
func vocabularies(seed *summaries.Statement) map[summaries.Lang]seedVocab {
	vocabOnce.Do(func() {
		texts := map[summaries.Lang][]string{summaries.AR: {seed.Source.Text}}
		add := func(t summaries.Text) {
			texts[summaries.AR] = append(texts[summaries.AR], t.AR)
			texts[summaries.EN] = append(texts[summaries.EN], t.EN)
		}
		add(seed.Title)
		add(seed.Summary)
		for _, kp := range seed.KeyPoints {
			add(kp)
		}
		for _, f := range seed.Figures {
			add(f.Label)
		}
		vocabs = map[summaries.Lang]seedVocab{}
		for lang, ts := range texts {
			vocabs[lang] = rankWords(strings.Join(ts, " "))
		}
	})
	return vocabs
}

// rankWords lists the words of s (letters, or digits), most frequent
// first, first seen first among equals.
func rankWords(s string) seedVocab {
	count, first := map[string]int{}, map[string]int{}
	for i, w := range strings.Fields(s) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if w == "" {
			continue
		}
		if _, ok := count[w]; !ok {
			first[w] = i
		}
		count[w]++
	}
	words := make([]string, 0, len(count))
	for w := range count {
		words = append(words, w)
	}
	slices.SortFunc(words, func(a, b string) int {
		return cmp.Or(count[b]-count[a], first[a]-first[b])
	})
	return words
}

// zipfWords draws the words of one statement.
type zipfWords struct {
	rng   *rand.Rand
	zipf  map[summaries.Lang]*rand.Zipf
	vocab map[summaries.Lang]seedVocab
}

func newZipfWords(seed *summaries.Statement, key uint64) *zipfWords {
	z := &zipfWords{rng: rand.New(rand.NewPCG(key, 11)), zipf: map[summaries.Lang]*rand.Zipf{}, vocab: vocabularies(seed)}
	for _, lang := range summaries.Langs {
		z.zipf[lang] = rand.NewZipf(z.rng, zipfExponent, 2, uint64(len(z.vocab[lang])+zipfTail-1))
	}
	return z
}

// word draws one word of lang.
func (z *zipfWords) word(lang summaries.Lang) string {
	k := z.zipf[lang].Uint64()
	if v := z.vocab[lang]; k < uint64(len(v)) {
		return v[k]
	}
	return word(k, lang)
}

// sentence draws min to max words, with a comma now and then, and ends it.
func (z *zipfWords) sentence(lang summaries.Lang, min, max int) string {
	comma, stop := "،", "."
	if lang == summaries.EN {
		comma = ","
	}
	n := min + z.rng.IntN(max-min+1)
	var b strings.Builder
	for i := range n {
		if i > 0 {
			if z.rng.IntN(9) == 0 {
				b.WriteString(comma)
			}
			b.WriteByte(' ')
		}
		b.WriteString(z.word(lang))
	}
	b.WriteString(stop)
	return b.String()
}

// phrase draws min to max words of lang, without punctuation.
func (z *zipfWords) phrase(lang summaries.Lang, min, max int) string {
	words := make([]string, min+z.rng.IntN(max-min+1))
	for i := range words {
		words[i] = z.word(lang)
	}
	return strings.Join(words, " ")
}

// text draws a text in both languages of n sentences.
func (z *zipfWords) text(n, min, max int) summaries.Text {
	var t summaries.Text
	for i := range n {
		if i > 0 {
			t.AR += " "
			t.EN += " "
		}
		t.AR += z.sentence(summaries.AR, min, max)
		t.EN += z.sentence(summaries.EN, min, max)
	}
	return t
}

// generateZipfStatement makes statement i of the Zipf generator; edit > 0
// makes a different version of the same statement.
func generateZipfStatement(i int, seed *summaries.Statement, edit int) *summaries.Statement {
	z := newZipfWords(seed, uint64(i)<<8|uint64(edit))
	title := z.text(1, 5, 9)
	st := &summaries.Statement{
		ID:        fmt.Sprintf("generated-statement-%05d", i),
		Aliases:   []string{fmt.Sprintf("gen-%05d", i), fmt.Sprintf("بيان-%05d", i)},
		Date:      statementDate(i),
		Place:     places[(i*7+edit)%len(places)],
		Publisher: seed.Publisher,
		Title: summaries.Text{AR: fmt.Sprintf("%s رقم %d", strings.TrimSuffix(title.AR, "."), i),
			EN: fmt.Sprintf("%s no. %d", strings.TrimSuffix(title.EN, "."), i)},
		Summary: z.text(3, 12, 24),
	}
	for range len(seed.KeyPoints) {
		st.KeyPoints = append(st.KeyPoints, z.text(1, 10, 28))
	}
	var src strings.Builder
	fmt.Fprintf(&src, "بيان مشترك رقم %d صادر عن وزراء الخارجية في %s\n\n", i, st.Place.AR)
	for k, fs := range figureSentences {
		value, written := fs.value(i*3 + k + edit)
		quote := z.phrase(summaries.AR, 2, 6) + " " + fmt.Sprintf(fs.core, written) + " " + z.phrase(summaries.AR, 2, 6)
		for range 1 + z.rng.IntN(3) {
			src.WriteString(z.sentence(summaries.AR, 8, 30) + " ")
		}
		src.WriteString(quote + " ، " + z.sentence(summaries.AR, 4, 12) + "\n")
		label := summaries.Text{AR: z.phrase(summaries.AR, 3, 8), EN: z.phrase(summaries.EN, 3, 8)}
		st.Figures = append(st.Figures, summaries.Figure{
			ID: fmt.Sprintf("figure-%d", k+1), Value: value, Unit: fs.unit, Qualifier: fs.qualifier,
			Label: label, Quote: quote,
		})
	}
	for src.Len() < len(seed.Source.Text) {
		for range 2 + z.rng.IntN(4) {
			src.WriteString(z.sentence(summaries.AR, 8, 30) + " ")
		}
		src.WriteString("\n")
	}
	st.Source = summaries.Source{File: st.ID + ".ar.txt", Lang: summaries.AR, Name: seed.Source.Name, Text: src.String()}
	return st
}
