package search

import (
	"bytes"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/ar"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/stop"
	"github.com/blevesearch/bleve/v2/analysis/token/unicodenorm"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// analyzers are the analysers of one index. They are built from bleve's
// own tokenizer and filters and are safe for concurrent use; they are not
// registered in bleve's global registry, because the fields of our
// documents carry their analyser with them (see fields.go).
type analyzers struct {
	ar, en analysis.Analyzer
	key    analysis.Analyzer
}

// of returns the analyser of lang.
func (a *analyzers) of(lang summaries.Lang) analysis.Analyzer {
	if lang == summaries.AR {
		return a.ar
	}
	return a.en
}

// newAnalyzers composes the Arabic, English and key analysers.
//
// Arabic is bleve's "ar" analyser (lowercase, NFKC, stop words, normalize_ar,
// stemmer_ar) with three filters added where it falls short of what Arabic
// readers expect:
//   - numbers: Arabic-Indic digits, "٬"/"," thousands and "٫" decimals
//     become one ASCII form, so ١١٠٬٠٠٠, 110,000 and 110000 are one term;
//   - fold: every harakah (normalize_ar knows eight), superscript alef and
//     bidi or zero-width controls are dropped, and the hamza seats
//     normalize_ar leaves alone (ؤ ئ ء ٱ) and Persian yeh/keheh are unified;
//   - clitics: after stemmer_ar, which strips one prefix, the conjunctions
//     and prepositions و ف ب ل and the article are stripped again, so
//     وبالمقاتلين, لداعش and الوزراء meet مقاتل, داعش and وزراء.
//
// The stop list is bleve's Arabic list folded the same way and applied after
// normalisation: the list itself says it is not normalised, and the seed
// writes علي for على, so both spellings must be dropped alike.
//
// English is bleve's "en" analyser (possessive, lowercase, stop words,
// porter) with the numbers filter added.
func newAnalyzers() *analyzers {
	tok := newWordTokenizer()
	nums := numberFilter{}
	arNorm := ar.NewArabicNormalizeFilter()
	arStops := analysis.NewTokenMap()
	raw := analysis.NewTokenMap()
	_ = raw.LoadBytes(ar.ArabicStopWords) // a constant list; LoadBytes cannot fail on it
	for w := range raw {
		arStops.AddToken(string(normalizeArabicTerm(arNorm, []byte(w))))
	}
	enStops := analysis.NewTokenMap()
	_ = enStops.LoadBytes(en.EnglishStopWords)
	return &analyzers{
		ar: valuesAnalyzer{&analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: []analysis.TokenFilter{
			onlyIf{hasCase, lowercase.NewLowerCaseFilter()},
			onlyIf{mayCompose, unicodenorm.MustNewUnicodeNormalizeFilter(unicodenorm.NFKC)},
			nums,
			foldFilter{},
			onlyIf{hasVariant, arNorm},
			stop.NewStopTokensFilter(arStops),
			onlyIf{isNonASCII, arabicStemmer{}},
			cliticFilter{},
		}}},
		en: valuesAnalyzer{&analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: []analysis.TokenFilter{
			en.NewPossessiveFilter(),
			lowercase.NewLowerCaseFilter(),
			nums,
			stop.NewStopTokensFilter(enStops),
			porter.NewPorterStemmer(),
		}}},
		key: valuesAnalyzer{keyAnalyzer{}},
	}
}

// valuesAnalyzer analyses a field value made of several texts joined by
// valueSep (see fields.go) text by text, with their offsets in the whole
// value and a gap of positions between them, so that a phrase never
// matches across two key points. One field value per field, rather than
// one per text, saves bleve a field's worth of work per text.
type valuesAnalyzer struct{ inner analysis.Analyzer }

// positionGap separates the positions of two texts of one value.
const positionGap = 100

func (v valuesAnalyzer) Analyze(input []byte) analysis.TokenStream {
	if bytes.IndexByte(input, valueSep[0]) < 0 {
		return v.inner.Analyze(input)
	}
	var out analysis.TokenStream
	at, base := 0, 0
	for p := range bytes.SplitSeq(input, []byte(valueSep)) {
		last := 0
		for _, t := range v.inner.Analyze(p) {
			t.Start += at
			t.End += at
			last = max(last, t.Position)
			t.Position += base
			out = append(out, t)
		}
		at += len(p) + len(valueSep)
		base += last + positionGap
	}
	return out
}

// normalizeArabicTerm folds one stop word as the Arabic analyser folds a
// token before its stop filter.
func normalizeArabicTerm(norm analysis.TokenFilter, w []byte) []byte {
	ts := analysis.TokenStream{{Term: w}}
	ts = foldFilter{}.Filter(ts)
	ts = norm.Filter(ts)
	return ts[0].Term
}

// onlyIf runs a filter only on the tokens that need it. Arabic has no
// case and its own block is already in NFKC form as far as search cares
// (foldFilter drops the combining hamza and madda NFKC would compose), yet
// bleve's lowercase, NFKC, normalize_ar and stemmer_ar look up or decode
// every rune of every token; skipping the tokens they cannot change halves
// the cost of analysing Arabic. The wrapped filters rewrite tokens in
// place and keep them all, so running them on a sub-stream is the same as
// running them on the whole.
type onlyIf struct {
	need func([]byte) bool
	f    analysis.TokenFilter
}

func (o onlyIf) Filter(input analysis.TokenStream) analysis.TokenStream {
	first, n := -1, 0
	for i, t := range input {
		if o.need(t.Term) {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	switch {
	case n == 0:
		return input
	case n == len(input):
		o.f.Filter(input)
		return input
	}
	sub := make(analysis.TokenStream, 0, n)
	for _, t := range input[first:] {
		if o.need(t.Term) {
			sub = append(sub, t)
		}
	}
	o.f.Filter(sub)
	return input
}

func isNonASCII(b []byte) bool { return !isASCII(b) }

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isArabicBlock reports a rune of the Arabic block that NFKC leaves alone
// (U+0675–U+0678 are compatibility forms).
func isArabicBlock(r rune) bool { return r >= 0x0600 && r <= 0x06FF && (r < 0x0675 || r > 0x0678) }

// hasCase reports an upper-case ASCII letter or a letter outside ASCII and
// the Arabic block, which lowercase may change.
func hasCase(b []byte) bool { return outsideArabic(b, true) }

// mayCompose reports a rune outside ASCII and the Arabic block, which NFKC
// may change (presentation forms, ligatures, full-width digits, "²").
func mayCompose(b []byte) bool { return outsideArabic(b, false) }

// outsideArabic reports a rune beyond ASCII and the Arabic block, or, with
// upper, an upper-case ASCII letter.
func outsideArabic(b []byte, upper bool) bool {
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf {
			if upper && c >= 'A' && c <= 'Z' {
				return true
			}
			i++
			continue
		}
		r, w := decodeRune(b[i:])
		if !isArabicBlock(r) {
			return true
		}
		i += w
	}
	return false
}

// hasVariant reports a letter normalize_ar unifies (أ إ آ ى ة) or a mark it
// drops.
func hasVariant(b []byte) bool {
	for i := 0; i < len(b); {
		r, w := decodeRune(b[i:])
		switch {
		case r == ar.AlefMadda, r == ar.AlefHamzaAbove, r == ar.AlefHamzaBelow, r == ar.DotlessYeh, r == ar.TehMarbuta,
			r == ar.Tatweel, r >= ar.Fathatan && r <= ar.Sukun:
			return true
		}
		i += w
	}
	return false
}

// numberFilter writes every number token in one form: ASCII digits, no
// thousands separators, "." before decimals. The tokenizer keeps
// "110,000", "١١٠٬٠٠٠" and "7.7" whole, so this sees whole numbers.
type numberFilter struct{}

func (numberFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if t.Type == analysis.Numeric || hasDigit(t.Term) {
			t.Term = normalizeNumber(t.Term)
		}
	}
	return input
}

func hasDigit(b []byte) bool {
	for i := 0; i < len(b); {
		r, w := decodeRune(b[i:])
		if isDigitRune(r) {
			return true
		}
		i += w
	}
	return false
}

func isDigitRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= '٠' && r <= '٩' || r >= '۰' && r <= '۹'
}

// normalizeNumber rewrites digits as ASCII and drops separators between
// digits: "," and "٬" (U+066C) group thousands, "." and "٫" (U+066B) mark
// decimals. Letters glued to digits ("ال2020", "G20") are kept.
func normalizeNumber(b []byte) []byte {
	out := make([]byte, 0, len(b))
	prevDigit := false
	for i := 0; i < len(b); {
		r, w := decodeRune(b[i:])
		i += w
		switch {
		case r >= '٠' && r <= '٩':
			out = append(out, byte('0'+r-'٠'))
			prevDigit = true
			continue
		case r >= '۰' && r <= '۹':
			out = append(out, byte('0'+r-'۰'))
			prevDigit = true
			continue
		case r >= '0' && r <= '9':
			out = append(out, byte(r))
			prevDigit = true
			continue
		case prevDigit && i < len(b) && (r == ',' || r == '٬' || r == '.' || r == '٫'):
			if next, _ := decodeRune(b[i:]); isDigitRune(next) {
				if r == '.' || r == '٫' {
					out = append(out, '.')
				}
				prevDigit = false
				continue
			}
		}
		out = utf8.AppendRune(out, r)
		prevDigit = false
	}
	return out
}

// foldFilter drops what Arabic readers do not see as part of the word and
// unifies the letters normalize_ar leaves apart.
type foldFilter struct{}

func (foldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	j := 0
	for _, t := range input {
		if !isASCII(t.Term) {
			t.Term = foldArabic(t.Term)
			if len(t.Term) == 0 {
				continue // a token of tatweel or marks alone
			}
		}
		input[j] = t
		j++
	}
	return input[:j]
}

// foldArabic folds one token; see foldRune. Most tokens need nothing, and
// are returned as they are.
func foldArabic(b []byte) []byte {
	i := 0
	for i < len(b) {
		r, w := decodeRune(b[i:])
		if foldRune(r) != r {
			break
		}
		i += w
	}
	if i == len(b) {
		return b
	}
	out := append(make([]byte, 0, len(b)), b[:i]...)
	for i < len(b) {
		r, w := decodeRune(b[i:])
		i += w
		if r = foldRune(r); r >= 0 {
			out = utf8.AppendRune(out, r)
		}
	}
	return out
}

// foldRune maps a rune to its searchable form, or -1 to drop it. It covers
// what normalize_ar does not: all harakat (U+064B–U+065F), the superscript
// alef, tatweel, bidi and zero-width controls, the hamza on waw and yeh, the
// lone hamza, alef wasla, and the Persian yeh and keheh that copy-pasted
// text often carries.
func foldRune(r rune) rune {
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640:
		return -1
	case r >= 0x200B && r <= 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0xFEFF:
		return -1
	}
	switch r {
	case 'ؤ':
		return 'و'
	case 'ئ', 'ى', 'ی':
		return 'ي'
	case 'ء':
		return -1
	case 'ٱ', 'ٲ', 'ٳ':
		return 'ا'
	case 'ک':
		return 'ك'
	}
	return r
}

// cliticFilter strips, after stemmer_ar, the proclitics it leaves: it
// removes only one of its prefixes, and not ب ل ف alone. A single letter
// goes only when three letters remain, the article when two remain (as in
// stemmer_ar), so short words keep their first letter.
type cliticFilter struct{}

// maxClitics bounds the proclitics stripped from one token.
const maxClitics = 3

func (cliticFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if isASCII(t.Term) {
			continue
		}
		t.Term = stripClitics(t.Term)
	}
	return input
}

// stripClitics tries the prefixes longest first, keep being the letters
// that must remain.
func stripClitics(term []byte) []byte {
	clitics := [...]struct {
		prefix string
		keep   int
	}{
		{"بال", 2}, {"فال", 2}, {"وال", 2}, {"لل", 2}, {"ال", 2},
		{"و", 3}, {"ف", 3}, {"ب", 3}, {"ل", 3},
	}
	for range maxClitics {
		stripped := false
		for _, c := range clitics {
			if len(term) > len(c.prefix) && string(term[:len(c.prefix)]) == c.prefix &&
				utf8.RuneCount(term[len(c.prefix):]) >= c.keep {
				term = term[len(c.prefix):]
				stripped = true
				break
			}
		}
		if !stripped {
			break
		}
	}
	return term
}

// keyAnalyzer makes one token of a whole id or alias, folded as the catalog
// folds names (arabic.Normalize), so "Coalition-2019" finds its statement.
type keyAnalyzer struct{}

func (keyAnalyzer) Analyze(input []byte) analysis.TokenStream {
	k := arabic.Normalize(string(input))
	if k == "" {
		return nil
	}
	return analysis.TokenStream{{Term: []byte(k), Start: 0, End: len(input), Position: 1, Type: analysis.AlphaNumeric}}
}
