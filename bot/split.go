package bot

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// UTF16Len is the length of s in UTF-16 code units, as Telegram and
// Discord count their message limits.
func UTF16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// SplitText cuts s into pieces of at most max UTF-16 units, preferring
// sentence ends (". ! ? ؟ ، ؛ ;" before a space), then spaces, and never
// cutting between a bidi isolate and its PDI. Adapters use it for a single
// line of running text longer than a message.
func SplitText(s string, max int) []string {
	var out []string
	for UTF16Len(s) > max {
		cut := bestCut(s, max)
		out = append(out, strings.TrimSpace(s[:cut]))
		s = strings.TrimSpace(s[cut:])
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// bestCut finds the byte offset to cut s at, within limit UTF-16 units.
func bestCut(s string, limit int) int {
	sentence, space, hard := -1, -1, -1
	depth, n := 0, 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > limit {
			break
		}
		end := i + utf8.RuneLen(r)
		switch r {
		case '\u2066', '\u2067', '\u2068':
			depth++
		case '\u2069':
			if depth > 0 {
				depth--
			}
		}
		if depth > 0 {
			continue
		}
		hard = end
		switch r {
		case '.', '!', '?', '؟', '،', '؛', ';':
			if end == len(s) || s[end] == ' ' || s[end] == '\n' {
				sentence = end
			}
		case ' ', '\n':
			space = end
		}
	}
	switch {
	case sentence > 0:
		return sentence
	case space > 0:
		return space
	case hard > 0:
		return hard
	}
	// An isolated run longer than max: cut inside it rather than not at all.
	cut := 0
	n = 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > limit {
			break
		}
		cut = i + utf8.RuneLen(r)
	}
	if cut == 0 {
		_, cut = utf8.DecodeRuneInString(s)
	}
	return cut
}
