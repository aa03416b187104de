package search

import (
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// wordTokenizer splits text into words as bleve's unicode tokenizer does
// (the word boundaries of Unicode's UAX #29), several times faster, for
// the text our statements are written in: ASCII and the Arabic letters,
// digits, marks and punctuation. Any other character, and so any other
// script, symbol or emoji, hands the whole text to bleve's tokenizer, so
// the tokens are bleve's in every case; a test compares the two.
//
// Segmenting is a third of analysing a source text with bleve's
// tokenizer, which decodes every rune through a general state machine
// built for every script.
type wordTokenizer struct{ fallback *unicode.UnicodeTokenizer }

func newWordTokenizer() wordTokenizer { return wordTokenizer{unicode.NewUnicodeTokenizer()} }

// Word-break classes of the characters wordTokenizer reads (UAX #29).
type wbClass uint8

const (
	wbOther        wbClass = iota // a boundary on both sides, not a word
	wbLetter                      // ALetter
	wbNumeric                     // Numeric
	wbExtend                      // Extend and Format: attached to what precedes (WB4)
	wbMidLetter                   // MidLetter
	wbMidNum                      // MidNum
	wbMidNumLet                   // MidNumLet
	wbSingleQuote                 // Single_Quote
	wbExtendNumLet                // ExtendNumLet
	wbNewline                     // CR, LF, Newline: WB4 does not attach marks after them
	wbUnknown                     // not read here: the text goes to bleve
)

// asciiClass is the class of each ASCII byte.
var asciiClass = func() (t [utf8.RuneSelf]wbClass) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = wbLetter, wbLetter
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = wbNumeric
	}
	t[':'] = wbMidLetter
	t[','], t[';'] = wbMidNum, wbMidNum
	t['.'] = wbMidNumLet
	t['\''] = wbSingleQuote
	t['_'] = wbExtendNumLet
	t['\n'], t['\r'], t['\v'], t['\f'] = wbNewline, wbNewline, wbNewline, wbNewline
	return t
}()

// classOf returns the class of r, wbUnknown outside ASCII, the Arabic
// block's common characters and the punctuation texts copied from the web
// carry.
func classOf(r rune) wbClass {
	if r < utf8.RuneSelf {
		return asciiClass[r]
	}
	switch {
	case r >= 0x0621 && r <= 0x063A, r >= 0x0641 && r <= 0x064A, r == 0x0640,
		r >= 0x066E && r <= 0x066F, r >= 0x0671 && r <= 0x06D3, r == 0x06D5,
		r >= 0x06E5 && r <= 0x06E6, r >= 0x06EE && r <= 0x06EF, r >= 0x06FA && r <= 0x06FC, r == 0x06FF:
		return wbLetter
	case r >= 0x0660 && r <= 0x0669, r >= 0x06F0 && r <= 0x06F9, r == 0x066B:
		return wbNumeric
	case r == 0x066C, r == 0x060C, r == 0x060D:
		return wbMidNum
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r >= 0x06D6 && r <= 0x06DC, r >= 0x06DF && r <= 0x06E4,
		r >= 0x06E7 && r <= 0x06E8, r >= 0x06EA && r <= 0x06ED:
		return wbExtend
	case r == 0x2018, r == 0x2019, r == 0x2024:
		return wbMidNumLet
	case r == 0x061B, r == 0x061F, r == 0x06D4, r == 0x066A, r == 0x066D, r == 0x00A0, r == 0x00AB, r == 0x00BB,
		r == 0x201C, r == 0x201D, r == 0x2013, r == 0x2014, r == 0x2026, r == 0x00B2, r == 0x00B3:
		return wbOther
	}
	return wbUnknown
}

// Tokenize implements analysis.Tokenizer.
func (t wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	guess := len(input)/8 + 1
	out := make(analysis.TokenStream, 0, guess)
	var slab []analysis.Token // tokens are allocated a slab at a time
	pos := 1
	for i := 0; i < len(input); {
		end, word, numeric, ok := nextWord(input, i)
		if !ok {
			return t.fallback.Tokenize(input)
		}
		if word {
			if len(slab) == cap(slab) {
				slab = make([]analysis.Token, 0, guess)
			}
			typ := analysis.AlphaNumeric
			if numeric {
				typ = analysis.Numeric
			}
			slab = append(slab, analysis.Token{Term: input[i:end], Start: i, End: end, Position: pos, Type: typ})
			out = append(out, &slab[len(slab)-1])
			pos++
		}
		i = end
	}
	return out
}

// classAt returns the class of the rune at i and its width.
func classAt(input []byte, i int) (wbClass, int) {
	if c := input[i]; c < utf8.RuneSelf {
		return asciiClass[c], 1
	}
	r, w := decodeRune(input[i:])
	if r == utf8.RuneError {
		return wbUnknown, w
	}
	return classOf(r), w
}

// skipExtend moves past the marks attached to the rune before i (WB4).
func skipExtend(input []byte, i int) (int, bool) {
	for i < len(input) {
		c, w := classAt(input, i)
		switch c {
		case wbExtend:
			i += w
			continue
		case wbUnknown:
			return i, false
		}
		break
	}
	return i, true
}

// nextWord reads the segment that starts at i and returns where it ends,
// whether it is a word (it holds a letter, a digit or "_") and whether it
// is a number (it holds a digit and no letter); ok is false when the text
// holds a character wordTokenizer does not read.
func nextWord(input []byte, i int) (end int, word, numeric, ok bool) {
	first, w := classAt(input, i)
	switch first {
	case wbLetter, wbNumeric, wbExtendNumLet:
	case wbUnknown:
		return 0, false, false, false
	case wbNewline:
		return i + w, false, false, true
	default: // punctuation, spaces, a mark with nothing before it
		end, ok = skipExtend(input, i+w)
		return end, false, false, ok
	}
	digit, letter := first == wbNumeric, first == wbLetter
	prev := first
	j, ok := skipExtend(input, i+w)
	for ok && j < len(input) {
		next, nw := classAt(input, j)
		switch {
		case next == wbUnknown:
			return 0, false, false, false
		case joins(prev, next):
		case next == wbMidLetter || next == wbMidNum || next == wbMidNumLet || next == wbSingleQuote:
			// WB6/7 and WB11/12: a letter or number joined across one
			// separator to another of its kind.
			k, kok := skipExtend(input, j+nw)
			if !kok {
				return 0, false, false, false
			}
			after := wbOther
			var aw int
			if k < len(input) {
				after, aw = classAt(input, k)
			}
			letters := prev == wbLetter && after == wbLetter && next != wbMidNum
			numbers := prev == wbNumeric && after == wbNumeric && next != wbMidLetter
			if !letters && !numbers {
				return j, true, digit && !letter, true
			}
			j, nw, next = k, aw, after
		default:
			return j, true, digit && !letter, true
		}
		digit, letter = digit || next == wbNumeric, letter || next == wbLetter
		prev = next
		j, ok = skipExtend(input, j+nw)
	}
	return j, true, digit && !letter, ok
}

// joins reports whether two adjacent runes' classes are in one word:
// WB5, WB8, WB9, WB10, WB13a and WB13b.
func joins(prev, next wbClass) bool {
	word := func(c wbClass) bool { return c == wbLetter || c == wbNumeric }
	switch {
	case word(prev) && word(next):
		return true
	case next == wbExtendNumLet && (word(prev) || prev == wbExtendNumLet):
		return true
	case prev == wbExtendNumLet && word(next):
		return true
	}
	return false
}

// decodeRune is utf8.DecodeRune with a fast path for the two-byte runes
// Arabic is written in, which utf8 decodes on its slow path; analysis
// decodes every rune of every text several times.
func decodeRune(b []byte) (rune, int) {
	if len(b) >= 2 {
		if c, d := b[0], b[1]; c >= 0xC2 && c < 0xE0 && d&0xC0 == 0x80 {
			return rune(c&0x1F)<<6 | rune(d&0x3F), 2
		}
	}
	return utf8.DecodeRune(b)
}
