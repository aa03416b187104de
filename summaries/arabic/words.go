package arabic

import (
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
	var buf [96]byte
	f := buf[:0]
	for _, r := range word {
		r = foldRune(r)
		if r < 0 {
			continue
		}
		if len(f)+utf8.UTFMax > len(buf) {
			return numberWord{}, false // longer than any number word
		}
		f = utf8.AppendRune(f, r)
	}
	if w, ok := numberWords[string(f)]; ok {
		return w, true
	}
	for _, p := range proclitics {
		if len(f) <= len(p) || string(f[:len(p)]) != p {
			continue
		}
		rest := f[len(p):]
		if utf8.RuneCount(rest) < 2 {
			continue
		}
		if w, ok := numberWords[string(rest)]; ok {
			return w, true
		}
	}
	return numberWord{}, false
}

// proclitics are the prefixes a number word may carry, longest first.
var proclitics = []string{"وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل"}

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
func skipJoiners(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r != ' ' && r != '-' && r != '\u00a0' {
			break
		}
		i += w
	}
	return i
}
