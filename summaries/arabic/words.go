package arabic

import (
	"iter"
	"strings"
	"unicode/utf8"
)

// numberWord is one spelled number: a plain value below a thousand, or a
// scale (thousand, million, ...) that multiplies what came before it.
type numberWord struct {
	value  float64 // for plain words
	scale  float64 // for scale words
	dual   bool    // "ألفان", "مليونان": two of the scale
	plural bool    // "آلاف", "ملايين": only a number after another number
	teen   bool    // "أحد", "اثنا": only a number before "عشر"
}

// numberWords is keyed by the folded spelling (see Normalize): أ/إ/آ → ا,
// ة → ه, ى → ي, lower-case Latin.
var numberWords = func() map[string]numberWord {
	m := map[string]numberWord{}
	plain := func(v float64, words ...string) {
		for _, w := range words {
			m[Normalize(w)] = numberWord{value: v}
		}
	}
	plain(1, "واحد", "واحده", "one")
	plain(2, "اثنان", "اثنين", "اثنتان", "اثنتين", "two")
	plain(3, "ثلاث", "ثلاثه", "three")
	plain(4, "اربع", "اربعه", "four")
	plain(5, "خمس", "خمسه", "five")
	plain(6, "ست", "سته", "six")
	plain(7, "سبع", "سبعه", "seven")
	plain(8, "ثمان", "ثماني", "ثمانيه", "eight")
	plain(9, "تسع", "تسعه", "nine")
	plain(10, "عشر", "عشره", "ten")
	plain(11, "eleven")
	plain(12, "twelve")
	plain(13, "thirteen")
	plain(14, "fourteen")
	plain(15, "fifteen")
	plain(16, "sixteen")
	plain(17, "seventeen")
	plain(18, "eighteen")
	plain(19, "nineteen")
	plain(20, "عشرون", "عشرين", "twenty")
	plain(30, "ثلاثون", "ثلاثين", "thirty")
	plain(40, "اربعون", "اربعين", "forty")
	plain(50, "خمسون", "خمسين", "fifty")
	plain(60, "ستون", "ستين", "sixty")
	plain(70, "سبعون", "سبعين", "seventy")
	plain(80, "ثمانون", "ثمانين", "eighty")
	plain(90, "تسعون", "تسعين", "ninety")
	plain(100, "مئه", "مائه", "hundred")
	plain(200, "مئتان", "مئتين", "مائتان", "مائتين", "مئتا", "مئتي", "مائتا", "مائتي")
	for i, stem := range []string{"ثلاث", "اربع", "خمس", "ست", "سبع", "ثمان", "تسع"} {
		plain(float64(300+100*i), stem+"مئه", stem+"مائه")
	}
	for _, w := range []string{"أحد", "إحدى"} {
		m[Normalize(w)] = numberWord{value: 1, teen: true}
	}
	for _, w := range []string{"اثنا", "اثني", "اثنتا", "اثنتي"} {
		m[Normalize(w)] = numberWord{value: 2, teen: true}
	}
	scale := func(v float64, singular []string, dual []string, plural []string) {
		for _, w := range singular {
			m[Normalize(w)] = numberWord{scale: v}
		}
		for _, w := range dual {
			m[Normalize(w)] = numberWord{scale: v, dual: true}
		}
		for _, w := range plural {
			m[Normalize(w)] = numberWord{scale: v, plural: true}
		}
	}
	scale(1e3, []string{"الف", "thousand"}, []string{"الفان", "الفين", "الفا", "الفي"}, []string{"الاف", "thousands"})
	scale(1e6, []string{"مليون", "million"}, []string{"مليونان", "مليونين", "مليونا", "مليوني"}, []string{"ملايين", "millions"})
	scale(1e9, []string{"مليار", "بليون", "billion"}, []string{"ملياران", "مليارين", "مليارا", "ملياري"}, []string{"مليارات", "billions"})
	scale(1e12, []string{"تريليون", "trillion"}, nil, []string{"تريليونات", "trillions"})
	return m
}()

// lookupWord finds a number word, trying Arabic proclitics (و، ف، ب، ل، ال)
// when the bare word is not one. It folds the word into a stack buffer, so
// scanning text for numbers allocates nothing.
func lookupWord(word string) (numberWord, bool) {
	var buf foldBuf
	f, ok := foldInto(&buf, word)
	if !ok {
		return numberWord{}, false // longer than any number word
	}
	return lookupForms(numberWords, f)
}

// lookupForms looks a folded word up in a lexicon by each of its forms (see
// Forms), without allocating.
func lookupForms[V any](lexicon map[string]V, folded []byte) (V, bool) {
	if v, ok := lexicon[string(folded)]; ok {
		return v, true
	}
	for _, p := range proclitics {
		if rest, ok := trimProclitic(folded, p); ok {
			if v, ok := lexicon[string(rest)]; ok {
				return v, true
			}
		}
	}
	var zero V
	return zero, false
}

// foldBuf holds a folded lexicon word: lexicon words are short, so a word
// too long for it is none of them.
type foldBuf [96]byte

// foldInto writes the folded form of word (see Normalize) into buf and
// returns it, or false when it does not fit. It allocates nothing.
func foldInto(buf *foldBuf, word string) ([]byte, bool) {
	n := 0
	for _, r := range word {
		r = foldRune(r)
		if r < 0 {
			continue
		}
		if n+utf8.UTFMax > len(buf) {
			return nil, false
		}
		n += utf8.EncodeRune(buf[n:], r)
	}
	return buf[:n], true
}

// proclitics are the prefixes a word may carry, longest first.
var proclitics = []string{"وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل"}

// Forms yields the forms a folded word (see Normalize) may be looked up by:
// the word itself, then the word without each proclitic it may carry
// ("والمقاتلين" → "مقاتلين", "المقاتلين"), keeping at least two letters. A
// lexicon of bare words then matches the words as texts write them. The forms
// are parts of folded: looking them up allocates nothing.
func Forms(folded string) iter.Seq[string] {
	return func(yield func(string) bool) {
		if !yield(folded) {
			return
		}
		for _, p := range proclitics {
			if rest, ok := trimProclitic(folded, p); ok && !yield(rest) {
				return
			}
		}
	}
}

// trimProclitic returns folded without the proclitic p, when it starts with
// it and keeps two letters or more after it ("ال" is no proclitic of "الف").
func trimProclitic[S ~string | ~[]byte](folded S, p string) (S, bool) {
	if len(folded) <= len(p) || string(folded[:len(p)]) != p {
		return folded, false
	}
	rest := folded[len(p):]
	n := 0
	for i := range len(rest) {
		if rest[i]&0xC0 != 0x80 { // a rune's lead byte
			n++
		}
	}
	return rest, n >= 2
}

// readWords reads a spelled number starting at the word at i: a run of
// number words joined by spaces, hyphens, "and" or the Arabic "و".
func readWords(s string, i int) (Number, bool) {
	start := i
	var total, current float64
	seen := false
	end := i
	pendingTeen := 0.0
	for i < len(s) {
		wEnd := skipWord(s, i)
		if wEnd == i {
			break
		}
		word := s[i:wEnd]
		if seen && strings.EqualFold(word, "and") {
			i = skipJoiners(s, wEnd)
			continue
		}
		w, ok := lookupWord(word)
		if !ok {
			break
		}
		switch {
		case w.teen:
			pendingTeen = w.value
		case pendingTeen > 0 && w.value == 10:
			current += pendingTeen + 10
			pendingTeen = 0
		case w.scale > 0:
			if w.plural && current == 0 {
				// "آلاف" or "thousands" alone is vague, not a number.
				return Number{}, false
			}
			n := current
			if w.dual {
				n = 2
			} else if n == 0 {
				n = 1
			}
			total += n * w.scale
			current = 0
		case w.value == 100 && current > 0 && current < 10:
			current *= 100 // "three hundred"
		default:
			current += w.value
		}
		if !w.teen {
			seen = true
			end = wEnd
		}
		i = skipJoiners(s, wEnd)
	}
	if !seen {
		return Number{}, false
	}
	return Number{Value: total + current, Start: start, End: end}, true
}

// skipJoiners skips the spaces or hyphen between two number words.
func skipJoiners(s string, i int) int { return skipAny(s, i, " -\u00a0") }

// skipSpaces returns the end of the run of spaces (ASCII or no-break) at i.
func skipSpaces(s string, i int) int { return skipAny(s, i, " \u00a0\t") }

// skipAny returns the end of the run of runes of set at i.
func skipAny(s string, i int, set string) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !strings.ContainsRune(set, r) {
			break
		}
		i += w
	}
	return i
}
