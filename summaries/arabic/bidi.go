package arabic

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// Bidirectional control characters used to keep Arabic lines readable.
const (
	RLM = '\u200F' // right-to-left mark: a strong RTL character with no glyph
	LRI = '\u2066' // left-to-right isolate
	FSI = '\u2068' // first-strong isolate
	PDI = '\u2069' // pop directional isolate
)

// Direction of a character for the purpose of laying out an Arabic line.
type class int

const (
	neutral class = iota
	strongLTR
	strongRTL
	number
)

// classify maps a rune's Unicode bidi class to what matters when laying out
// an Arabic line.
func classify(r rune) class {
	if r == '¹' || r == '²' || r == '³' {
		return neutral // "كم²": a unit's exponent belongs to its word
	}
	p, _ := bidi.LookupRune(r)
	switch p.Class() {
	case bidi.L:
		return strongLTR
	case bidi.R, bidi.AL:
		return strongRTL
	case bidi.EN, bidi.AN, bidi.ET:
		return number
	}
	return neutral
}

// continuesRun reports whether r may sit inside a left-to-right run that has
// already started (separators of numbers and names).
func continuesRun(r rune) bool {
	switch r {
	case ',', '.', ':', '/', '-', '_', '\'', '’', '&', '@', '²', '³', '(', ')':
		return true
	}
	return unicode.Is(unicode.Mn, r)
}

// IsolateLTR wraps each left-to-right run of s (Latin words and names,
// numbers with their separators, currency and percent signs) in LRI … PDI,
// so that the surrounding Arabic keeps its order on every client. Runs that
// are already isolated are left as they are, so the function is idempotent.
func IsolateLTR(s string) string {
	if !needsIsolation(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	i := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if r == LRI || r == FSI || r == '\u2067' { // keep existing isolates whole
			end := matchingPDI(s, i+w)
			b.WriteString(s[i:end])
			i = end
			continue
		}
		if c := classify(r); c == strongLTR || c == number || leadsRun(r) && startsRunAt(s, i+w) {
			end := ltrRunEnd(s, i)
			b.WriteRune(LRI)
			b.WriteString(s[i:end])
			b.WriteRune(PDI)
			i = end
			continue
		}
		b.WriteString(s[i : i+w])
		i += w
	}
	return b.String()
}

// leadsRun reports whether r belongs to a left-to-right run that follows it
// directly: the slash of "/summary", the at of "@BriefBot", a hash or sign.
func leadsRun(r rune) bool {
	return r == '/' || r == '@' || r == '#' || r == '-' || r == '+'
}

func startsRunAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	c := classify(r)
	return c == strongLTR || c == number
}

// needsIsolation reports whether s mixes an RTL character with an LTR run;
// pure Arabic and pure Latin strings need no controls.
func needsIsolation(s string) bool {
	for _, r := range s {
		if c := classify(r); c == strongLTR || c == number {
			return true
		}
	}
	return false
}

// ltrRunEnd returns the end of the left-to-right run starting at i. The run
// extends over LTR letters, digits and number punctuation, and over spaces
// only when more LTR text follows them ("Global Coalition", "7.7 million").
func ltrRunEnd(s string, i int) int {
	end := i
	j := i
	for j < len(s) {
		r, w := utf8.DecodeRuneInString(s[j:])
		switch c := classify(r); {
		case c == strongLTR || c == number || j == i:
			j += w
			end = j
		case continuesRun(r) || r == ' ':
			j += w
		default:
			return end
		}
	}
	return end
}

func matchingPDI(s string, i int) int {
	depth := 1
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		switch r {
		case LRI, FSI, '\u2067':
			depth++
		case PDI:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(s)
}

// StartsRTL reports whether the first strong character of line, skipping
// isolated runs as the Unicode bidi algorithm's rule P2 does, is
// right-to-left. A client lays such a line out right-to-left.
func StartsRTL(line string) bool {
	for i := 0; i < len(line); {
		r, w := utf8.DecodeRuneInString(line[i:])
		if r == LRI || r == FSI || r == '\u2067' {
			i = matchingPDI(line, i+w)
			continue
		}
		switch classify(r) {
		case strongRTL:
			return true
		case strongLTR:
			return false
		}
		i += w
	}
	return false
}

// RTLLine makes line display right-to-left: it prefixes an RLM when the line
// would otherwise start with a digit, a currency sign, a Latin word or
// nothing strong at all. Empty lines are left empty.
func RTLLine(line string) string {
	if strings.TrimSpace(line) == "" || StartsRTL(line) {
		return line
	}
	return string(RLM) + line
}

// RTLText applies RTLLine to every line of text.
func RTLText(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = RTLLine(l)
	}
	return strings.Join(lines, "\n")
}
