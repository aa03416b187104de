package arabic

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// Bidirectional control characters. Replies use as few as the Unicode bidi
// algorithm needs to show a line in order; see Dir and the helpers below.
const (
	LRM = '\u200E' // left-to-right mark: a strong LTR character with no glyph
	RLM = '\u200F' // right-to-left mark: a strong RTL character with no glyph
	LRI = '\u2066' // left-to-right isolate
	RLI = '\u2067' // right-to-left isolate
	FSI = '\u2068' // first-strong isolate
	PDI = '\u2069' // pop directional isolate
)

// Dir is the direction a character or a text sets for the bidi algorithm.
type Dir int

// Directions. None is a text with nothing strong in it (spaces,
// punctuation, digits alone).
const (
	None Dir = iota
	LTR
	RTL
)

// Opposite is the other direction (None stays None).
func (d Dir) Opposite() Dir {
	switch d {
	case LTR:
		return RTL
	case RTL:
		return LTR
	}
	return None
}

// IsBidiControl reports whether r is a directional formatting character:
// the marks (LRM, RLM, ALM), embeddings and overrides (LRE, RLE, PDF, LRO,
// RLO) and isolates (LRI, RLI, FSI, PDI). Joiners are not: they shape
// letters.
func IsBidiControl(r rune) bool {
	switch r {
	case LRM, RLM, '\u061C', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', LRI, RLI, FSI, PDI:
		return true
	}
	return false
}

// StripBidi removes the directional formatting characters of s (text
// pasted back from a reply carries them).
func StripBidi(s string) string {
	if strings.IndexFunc(s, IsBidiControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if IsBidiControl(r) {
			return -1
		}
		return r
	}, s)
}

// class is r's bidi class.
func class(r rune) bidi.Class {
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// Strong is the direction r sets by itself: LTR for Latin letters and the
// LRM, RTL for Arabic and Hebrew letters and the RLM, None for everything
// else (digits, punctuation, spaces).
func Strong(r rune) Dir {
	switch class(r) {
	case bidi.L:
		return LTR
	case bidi.R, bidi.AL:
		return RTL
	}
	return None
}

func opensIsolate(r rune) bool { return r == LRI || r == RLI || r == FSI }

// matchingPDI returns the index just after the PDI closing the isolate
// whose content starts at i, or len(s).
func matchingPDI(s string, i int) int {
	depth := 1
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		switch {
		case opensIsolate(r):
			depth++
		case r == PDI:
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(s)
}

// FirstStrong is the direction of the first strong character of line,
// skipping isolated runs as rule P2 of the bidi algorithm does: the
// direction a client lays the line out in (None: the client's default).
func FirstStrong(line string) Dir {
	for i := 0; i < len(line); {
		r, w := utf8.DecodeRuneInString(line[i:])
		if opensIsolate(r) {
			i = matchingPDI(line, i+w)
			continue
		}
		if d := Strong(r); d != None {
			return d
		}
		i += w
	}
	return None
}

// StartsRTL reports whether a client lays line out right-to-left.
func StartsRTL(line string) bool { return FirstStrong(line) == RTL }

// ContextBefore is the direction that the neutral characters just before
// s[i:] take from the left, as rule N1 sees it: the nearest strong
// character before i, where numbers count as right-to-left and isolated
// runs count as neutral. None means nothing strong precedes i: the line's
// own direction applies.
func ContextBefore(s string, i int) Dir {
	for i > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:i])
		if r == PDI {
			i = isolateStart(s, i-w)
			continue
		}
		switch class(r) {
		case bidi.L:
			return LTR
		case bidi.R, bidi.AL, bidi.EN, bidi.AN:
			return RTL
		}
		i -= w
	}
	return None
}

// isolateStart returns the index of the initiator of the isolate whose PDI
// is at j, or 0.
func isolateStart(s string, j int) int {
	depth := 1
	for j > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:j])
		j -= w
		switch {
		case r == PDI:
			depth++
		case opensIsolate(r):
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return 0
}

// HoldsTogether reports whether text written in direction d keeps its
// order inside a line of the other direction without an isolate around
// it: it starts and ends with a strong character of d and holds none of
// the other direction. A quote ending with its full stop does not (the
// stop would be laid out with the surrounding line), nor one that starts
// with a number.
func HoldsTogether(text string, d Dir) bool {
	first, _ := utf8.DecodeRuneInString(text)
	last, _ := utf8.DecodeLastRuneInString(text)
	if Strong(first) != d || Strong(last) != d {
		return false
	}
	other := d.Opposite()
	for _, r := range text {
		if Strong(r) == other || IsBidiControl(r) {
			return false
		}
	}
	return true
}
