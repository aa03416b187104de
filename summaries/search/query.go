package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
)

// Limits on what a query may ask. A query is cut to MaxQueryRunes and
// MaxTerms rather than refused, so a pasted paragraph still searches.
const (
	MaxQueryRunes  = 200
	MaxTerms       = 12
	MaxPhraseWords = 12
	DefaultLimit   = 10
	MaxLimit       = 50
	MaxOffset      = 500

	maxQueryBytes = MaxQueryRunes * utf8.UTFMax
)

// Query is a parsed search: words and phrases that must all match, and
// words or phrases that must not.
type Query struct {
	Terms []Term
	// Lang is the reply language: when a hit matches in both languages,
	// its snippet is taken from this one.
	Lang summaries.Lang
	// Limit and Offset choose the page: Limit hits (DefaultLimit when 0,
	// at most MaxLimit) after the first Offset (at most MaxOffset).
	Limit, Offset  int
	StatementsOnly bool // leave figures out (Discord autocomplete chooses a statement)
	// Prefix completes the last word, which is still being typed (inline
	// mode, autocomplete): it also matches the words it begins, ranked
	// below the word itself. A number is matched whole all the same.
	Prefix bool
}

// Term is one word or "quoted phrase" of a query.
type Term struct {
	Text    string // as typed, without quotes or the leading "-"
	Phrase  bool   // quoted: its words must follow each other
	Exclude bool   // typed with a leading "-": matching documents are left out
}

// String writes q back in the syntax ParseQuery reads.
func (q Query) String() string {
	var b strings.Builder
	for i, t := range q.Terms {
		if i > 0 {
			b.WriteByte(' ')
		}
		if t.Exclude {
			b.WriteByte('-')
		}
		if t.Phrase {
			b.WriteString(quoted(t.Text))
		} else {
			b.WriteString(t.Text)
		}
	}
	return b.String()
}

// quoted puts a phrase between the first pair of quotation marks whose
// closing marks it does not contain, so that it parses back whole.
func quoted(s string) string {
	for _, pair := range [][2]string{{`"`, `"`}, {"«", "»"}, {"“", "”"}} {
		if c, _ := closers([]rune(pair[0])[0]); !strings.ContainsAny(s, c) {
			return pair[0] + s + pair[1]
		}
	}
	return `"` + strings.Map(func(r rune) rune {
		if strings.ContainsRune(`"“”`, r) {
			return ' '
		}
		return r
	}, s) + `"`
}

// positive reports whether q has a term that must match.
func (q Query) positive() bool {
	for _, t := range q.Terms {
		if !t.Exclude {
			return true
		}
	}
	return false
}

// ParseQuery reads what a user typed: words, "quoted phrases" (also «…»
// and “…”), and -word or -"phrase" exclusions. Invalid UTF-8 and control
// characters count as spaces, punctuation around a word is dropped.
//
// Errors are *QueryError values matching ErrEmpty, ErrTooLong,
// ErrPunctuationOnly, ErrTooShort or ErrExclusionsOnly with errors.Is, so
// the bot can answer in the user's language. With ErrTooLong the returned
// Query is usable: the input was cut to MaxQueryRunes at a word boundary,
// to MaxTerms terms and its phrases to MaxPhraseWords words, and the bot
// may search with it and say so.
func ParseQuery(s string) (Query, error) {
	var tooLong error
	if len(s) > maxQueryBytes { // before any work on a pasted book
		s, tooLong = s[:maxQueryBytes], ErrTooLong
	}
	typed := strings.TrimSpace(s) != ""
	s = clean(s)
	if cut, ok := cutRunes(s, MaxQueryRunes); ok {
		s, tooLong = cut, ErrTooLong
	}
	if strings.TrimSpace(s) == "" {
		if typed { // only control characters or bytes that are not text
			return Query{}, ErrPunctuationOnly
		}
		return Query{}, ErrEmpty
	}
	var q Query
	short, seen := false, map[Term]bool{}
	for _, t := range splitTerms(s) {
		if !t.Phrase {
			t.Text = trimPunct(t.Text)
		}
		switch n := wordRunes(t.Text); {
		case n == 0:
			continue
		case n == 1 && !t.Phrase && !hasDigitString(t.Text):
			short = true
			continue
		}
		if t.Phrase {
			if cut := limitWords(t.Text, MaxPhraseWords); cut != t.Text {
				t.Text, tooLong = cut, ErrTooLong
			}
		}
		if seen[t] {
			continue
		}
		if len(q.Terms) == MaxTerms {
			tooLong = ErrTooLong
			break
		}
		seen[t] = true
		q.Terms = append(q.Terms, t)
	}
	switch {
	case len(q.Terms) == 0 && short:
		return Query{}, ErrTooShort
	case len(q.Terms) == 0:
		return Query{}, ErrPunctuationOnly
	case !q.positive():
		return Query{}, ErrExclusionsOnly
	}
	return q, tooLong
}

// clean replaces invalid UTF-8 and control characters with spaces.
func clean(s string) string {
	s = strings.ToValidUTF8(s, " ")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
}

// cutRunes cuts s to at most n runes, at the last space if there is one in
// the last quarter, and reports whether it cut.
func cutRunes(s string, n int) (string, bool) {
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	i := 0
	for range n {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	cut := s[:i]
	if sp := strings.LastIndexAny(cut, " \t"); sp > len(cut)*3/4 {
		cut = cut[:sp]
	}
	return cut, true
}

// closers returns the quotation marks that may close a phrase opened by r,
// or false when r opens none. Arabic text quotes with «» (and, written
// right to left, sometimes »«), English with "" or “”.
func closers(r rune) (string, bool) {
	switch r {
	case '"':
		return `"“”`, true
	case '“', '”':
		return `”“"`, true
	case '«':
		return `»"`, true
	case '»':
		return `«"`, true
	case '„':
		return `“”"`, true
	}
	return "", false
}

// splitTerms splits s into words and quoted phrases, each maybe excluded.
func splitTerms(s string) []Term {
	var out []Term
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += w
			continue
		}
		var t Term
		if r == '-' || r == '−' {
			if next, nw := utf8.DecodeRuneInString(s[i+w:]); i+w < len(s) && !unicode.IsSpace(next) {
				t.Exclude = true
				i += w
				r, w = next, nw
			}
		}
		if closing, ok := closers(r); ok {
			end := strings.IndexFunc(s[i+w:], func(c rune) bool { return strings.ContainsRune(closing, c) })
			body, next := s[i+w:], len(s)
			if end >= 0 {
				body = s[i+w : i+w+end]
				_, cw := utf8.DecodeRuneInString(s[i+w+end:])
				next = i + w + end + cw
			}
			t.Text, t.Phrase = strings.Join(strings.Fields(body), " "), true
			if len(strings.Fields(body)) == 1 {
				t.Phrase = false // a quoted word is a word
			}
			out = append(out, t)
			i = next
			continue
		}
		end := strings.IndexFunc(s[i:], unicode.IsSpace)
		if end < 0 {
			end = len(s) - i
		}
		t.Text = s[i : i+end]
		out = append(out, t)
		i += end
	}
	return out
}

// trimPunct drops punctuation and symbols around a word, keeping what is
// inside ("7.7", "north-east", "coalition-2019").
func trimPunct(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return !isWordRune(r) })
}

// isWordRune reports a letter, digit or combining mark; tatweel counts as
// part of a word but not as a letter (see wordRunes).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// wordRunes counts the letters and digits of s, without marks and tatweel.
func wordRunes(s string) int {
	n := 0
	for _, r := range s {
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && r != 0x0640 {
			n++
		}
	}
	return n
}

func hasDigitString(s string) bool { return strings.IndexFunc(s, unicode.IsDigit) >= 0 }

// limitWords keeps the first n words of s.
func limitWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(len(f), n)], " ")
}
