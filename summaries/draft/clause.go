package draft

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// span is a byte range of a text.
type span struct{ start, end int }

func isSentenceEnd(r rune) bool {
	return r == '.' || r == '!' || r == '?' || r == '؟' || r == '…'
}

// isClauseMark reports the punctuation that ends a clause within a sentence.
// The colon is one too: "تضحيات هائله: فقد مات ...".
func isClauseMark(r rune) bool {
	return r == '،' || r == '؛' || r == ';' || r == ',' || r == ':'
}

// isCloser reports the closing quotes and brackets that may follow a
// sentence end and still belong to its sentence.
func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', '»', ')', ']':
		return true
	}
	return false
}

// abbreviations end in a dot that does not end a sentence ("Mr. Pompeo",
// "Nov. 14"); folded to lower case.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "no": true, "nos": true,
	"gen": true, "lt": true, "col": true, "sgt": true, "maj": true, "capt": true, "jr": true, "sr": true,
	"gov": true, "sen": true, "rep": true, "amb": true, "vs": true, "inc": true, "ltd": true, "co": true,
	"approx": true, "e.g": true, "i.e": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true,
	"jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// clauses splits s into clauses, the shortest runs a quote may be: it splits
// at sentence ends (. ! ? ؟ …), at clause punctuation (، ؛ ; , :), both only
// when a space or the end follows (so "110,000" and "7.7" stay whole), and at
// line breaks. A sentence end stays with its clause, clause punctuation does
// not; spaces around a clause are trimmed, and empty clauses are dropped.
func clauses(s string) []span {
	var out []span
	start := 0
	emit := func(end int) {
		if sp, ok := trimSpan(s, start, end); ok {
			out = append(out, sp)
		}
	}
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\n':
			emit(i)
			start = i + w
		case isSentenceEnd(r) || isClauseMark(r):
			j := i + w
			if isSentenceEnd(r) {
				for j < len(s) {
					c, cw := utf8.DecodeRuneInString(s[j:])
					if !isCloser(c) && !isSentenceEnd(c) {
						break
					}
					j += cw
				}
			}
			if !breakFollows(s, j) || (r == '.' && abbreviationBefore(s, i)) {
				break
			}
			if isSentenceEnd(r) {
				emit(j)
			} else {
				emit(i)
			}
			start = j
			i = j
			continue
		}
		i += w
	}
	emit(len(s))
	return out
}

// breakFollows reports whether a space, a line break or the end follows i.
func breakFollows(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r)
}

// abbreviationBefore reports whether the dot at i ends an abbreviation: a
// single capital ("U.S.", "D.C.") or a known short word ("Mr.", "Nov.").
func abbreviationBefore(s string, i int) bool {
	j := i
	for j > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:j])
		if !unicode.IsLetter(r) && r != '.' {
			break
		}
		j -= w
	}
	word := s[j:i]
	if word == "" || word[0] >= utf8.RuneSelf {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(word); utf8.RuneCountInString(word) == 1 && unicode.IsUpper(r) {
		return true
	}
	if strings.Contains(word, ".") && len(word) <= 5 {
		return true // "U.S", "e.g"
	}
	return abbreviations[strings.ToLower(word)]
}

// trimSpan trims spaces off s[start:end] and reports whether anything is left.
func trimSpan(s string, start, end int) (span, bool) {
	for start < end {
		r, w := utf8.DecodeRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += w
	}
	for end > start {
		r, w := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= w
	}
	return span{start, end}, end > start
}
