// Package bidicheck verifies, for tests, that Arabic text will display
// right-to-left on chat clients, using the Unicode bidi classes of
// golang.org/x/text/unicode/bidi.
package bidicheck

import (
	"strings"

	"golang.org/x/text/unicode/bidi"
)

// Line reports what is wrong with one line of an Arabic reply, or "": its
// first strong character (rule P2, skipping isolates) must be right-to-left,
// every left-to-right letter and every digit must sit inside an isolate,
// isolates must balance, and the bidi algorithm must order the line.
func Line(line string) string {
	depth := 0
	first := bidi.Class(255)
	prev := bidi.Class(255)
	for _, r := range line {
		p, _ := bidi.LookupRune(r)
		c := p.Class()
		if (r == '²' || r == '³') && prev == bidi.AL {
			continue // the exponent of an Arabic unit ("كم²") belongs to its word
		}
		prev = c
		switch c {
		case bidi.LRI, bidi.RLI, bidi.FSI:
			depth++
			continue
		case bidi.PDI:
			depth--
			if depth < 0 {
				return "PDI without an isolate"
			}
			continue
		}
		if depth == 0 {
			if first == 255 && (c == bidi.L || c == bidi.R || c == bidi.AL) {
				first = c
			}
			if c == bidi.L || c == bidi.EN || c == bidi.AN {
				return "left-to-right run " + string(r) + " outside an isolate"
			}
		}
	}
	if depth != 0 {
		return "unbalanced isolates"
	}
	if first != bidi.R && first != bidi.AL {
		return "first strong character is not right-to-left"
	}
	var p bidi.Paragraph
	if _, err := p.SetString(line); err != nil {
		return err.Error()
	}
	if _, err := p.Order(); err != nil {
		return "bidi ordering: " + err.Error()
	}
	return ""
}

// Text checks every non-empty line of text; it returns one message per bad
// line, with the line.
func Text(text string) []string {
	var bad []string
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := Line(line); err != "" {
			bad = append(bad, "line "+itoa(i+1)+" "+quote(line)+": "+err)
		}
	}
	return bad
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

func quote(s string) string { return "\"" + s + "\"" }
