package draft

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxSize is the largest raw text Import reads: a statement saved from a web
// page is tens of kilobytes; a megabyte is a book, or not a statement.
const MaxSize = 1 << 20

// The reasons Import refuses a text. Each is wrapped with the detail that
// explains it; test with errors.Is.
var (
	ErrEmpty      = errors.New("the text is empty")
	ErrTooLarge   = errors.New("the text is too large")
	ErrBinary     = errors.New("the file is not UTF-8 text")
	ErrNoSentence = errors.New("the text has no sentence")
)

// maxControlShare is the share of control characters above which a file is
// taken for binary rather than text with a few stray control bytes.
const maxControlShare = 0.01

// cleanInput checks raw and returns it as text: the byte-order mark dropped,
// line ends as "\n", and the invisible characters that web pages scatter
// through Arabic text removed (direction marks and embeddings, zero-width
// joiners, stray control bytes), so that no quote carries one.
func cleanInput(raw []byte) (string, error) {
	if len(raw) > MaxSize {
		return "", fmt.Errorf("%w: %d bytes, at most %d are read", ErrTooLarge, len(raw), MaxSize)
	}
	if i := bytes.IndexByte(raw, 0); i >= 0 {
		return "", fmt.Errorf("%w: it holds NUL bytes (the first at byte %d), so it is binary", ErrBinary, i)
	}
	if !utf8.Valid(raw) {
		bad, first := invalidBytes(raw)
		return "", fmt.Errorf("%w: %d bytes are not UTF-8 (the first at byte %d); save the page as UTF-8 text", ErrBinary, bad, first)
	}
	s := strings.TrimPrefix(string(raw), "\uFEFF")
	var b strings.Builder
	b.Grow(len(s))
	controls, runes := 0, 0
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		runes++
		switch {
		case r == '\r':
			b.WriteByte('\n')
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\f' || r == '\v' || r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
		case invisible(r):
		case unicode.IsControl(r):
			controls++
		default:
			b.WriteString(s[i-w : i])
		}
	}
	if float64(controls) > maxControlShare*float64(runes) {
		return "", fmt.Errorf("%w: %d of its %d characters are control characters, so it is binary", ErrBinary, controls, runes)
	}
	text := b.String()
	if strings.TrimSpace(text) == "" {
		return "", ErrEmpty
	}
	return text, nil
}

// invisible reports the format characters a copied page carries that are
// not words: direction marks, embeddings and isolates, zero-width spaces
// and joiners, the Arabic letter mark, soft hyphens.
func invisible(r rune) bool {
	switch {
	case r == 0x200B, r == 0x200C, r == 0x200D, r == 0x200E, r == 0x200F, r == 0x2060, r == 0xFEFF:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x061C, r == 0x00AD:
		return true
	}
	return false
}

// invalidBytes counts the bytes of b that are not part of a UTF-8 sequence
// and finds the first.
func invalidBytes(b []byte) (n, first int) {
	first = -1
	for i := 0; i < len(b); {
		r, w := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && w == 1 {
			if first < 0 {
				first = i
			}
			n++
		}
		i += w
	}
	return n, first
}

// hasSentence reports whether s holds a sentence: two words or more ending
// in sentence punctuation (a sentence may wrap onto the next line). A word
// has letters; numbers alone make no sentence.
func hasSentence(s string) bool {
	words := 0
	inLetters, afterWord := false, false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.Mn, r):
			if !inLetters {
				words++
			}
			inLetters, afterWord = true, true
		case unicode.IsDigit(r):
			inLetters, afterWord = false, true
		case isSentenceEnd(r):
			if words >= 2 && afterWord {
				return true
			}
			words, inLetters, afterWord = 0, false, false
		default:
			inLetters, afterWord = false, false
		}
	}
	return false
}
