package arabic

import (
	"strings"
	"unicode/utf8"
)

// Vague is an amount written without a value: "عشرات الآلاف", "tens of
// thousands", "مئات", "thousands of". Numbers leaves these out (they state no
// number a figure could carry); a curator still wants to see them.
type Vague struct {
	// Scale is the order of magnitude the words name: 1e4 for "tens of
	// thousands", 1e3 for "thousands".
	Scale      float64
	Start, End int
}

// vagueMultipliers are the plural counting words that multiply a scale:
// عشرات (tens), مئات (hundreds).
var vagueMultipliers = func() map[string]float64 {
	m := map[string]float64{}
	for w, v := range map[string]float64{
		"عشرات": 10, "مئات": 100, "tens": 10, "dozens": 10, "hundreds": 100,
	} {
		m[Normalize(w)] = v
	}
	return m
}()

// VagueNumbers returns every vague amount written in s, in order. English
// plurals count only before "of" ("thousands of people", "tens of
// thousands", not "by the thousands"); Arabic ones stand in a construct (عشرات آلاف من الشركاء).
// Plural scale words right after a number ("3 آلاف") belong to that number:
// read s with Numbers as well and drop what overlaps.
func VagueNumbers(s string) []Vague {
	var out []Vague
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !IsLetter(r) {
			i += w
			continue
		}
		if v, ok := readVague(s, i); ok {
			out = append(out, v)
			i = v.End
			continue
		}
		i = skipWord(s, i)
	}
	return out
}

// readVague reads a vague amount at the word starting at i: a multiplier, a
// plural scale, or a multiplier then a plural scale ("عشرات آلاف", "tens of
// thousands").
func readVague(s string, i int) (Vague, bool) {
	end := skipWord(s, i)
	word := s[i:end]
	english := word[0] < utf8.RuneSelf
	scale, mult, ok := vagueWord(word)
	if !ok {
		return Vague{}, false
	}
	if english && !followedByOf(s, end) {
		return Vague{}, false
	}
	v := Vague{Scale: scale, Start: i, End: end}
	// A multiplier may be followed by a plural scale: "عشرات (ال)آلاف",
	// "tens of thousands".
	j := skipSpaces(s, end)
	if english && j > end {
		if e := skipWord(s, j); strings.EqualFold(s[j:e], "of") {
			j = skipSpaces(s, e)
		}
	}
	if mult && j > end {
		e := skipWord(s, j)
		if w, ok := lookupWord(s[j:e]); ok && w.plural {
			v.Scale, v.End = scale*w.scale, e
		}
	}
	return v, true
}

// vagueWord reports the scale of a multiplier or a plural scale word, and
// whether it is a multiplier.
func vagueWord(word string) (scale float64, mult, ok bool) {
	var buf foldBuf
	f, ok := foldInto(&buf, word)
	if !ok {
		return 0, false, false
	}
	if m, ok := lookupForms(vagueMultipliers, f); ok {
		return m, true, true
	}
	if w, ok := lookupForms(numberWords, f); ok && w.plural {
		return w.scale, false, true
	}
	return 0, false, false
}

// followedByOf reports whether the word after i is "of".
func followedByOf(s string, i int) bool {
	j := skipSpaces(s, i)
	if j == i {
		return false
	}
	return strings.EqualFold(s[j:skipWord(s, j)], "of")
}
