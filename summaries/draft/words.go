package draft

import (
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries/arabic"
)

// word is one word of a text: a run of letters (with their marks) or a run
// of digits in any script, so that "ال2020" is two words and "15th" too.
type word struct {
	start, end int
	fold       string // arabic.Normalize of the word
	digits     bool
}

// wordsOf splits s into words, with their byte ranges.
func wordsOf(s string) []word {
	var out []word
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		kind := wordKind(r)
		if kind == 0 || kind == 3 {
			i += w
			continue
		}
		start := i
		for i < len(s) {
			r, w := utf8.DecodeRuneInString(s[i:])
			if k := wordKind(r); k != kind && !(kind == 1 && k == 3) {
				break
			}
			i += w
		}
		out = append(out, word{start: start, end: i, fold: arabic.Normalize(s[start:i]), digits: kind == 2})
	}
	return out
}

// wordKind is 1 for a letter, 2 for a digit, 3 for a mark or tatweel (part of
// a word of letters), 0 for anything else.
func wordKind(r rune) int {
	switch {
	case arabic.IsLetter(r):
		return 1
	case unicode.IsDigit(r):
		return 2
	case unicode.Is(unicode.Mn, r) || r == 0x0640:
		return 3
	}
	return 0
}

// wordAt returns the index of the first word starting at or after byte i.
func wordAt(ws []word, i int) int {
	lo, hi := 0, len(ws)
	for lo < hi {
		m := (lo + hi) / 2
		if ws[m].start < i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// digitsValue reads a run of digits (any script) as a number; ok is false
// for a run too long to be a day, month or year.
func digitsValue(w word) (int, bool) {
	if !w.digits || len(w.fold) > 4 {
		return 0, false
	}
	n := 0
	for _, c := range w.fold {
		n = n*10 + int(c-'0')
	}
	return n, true
}
