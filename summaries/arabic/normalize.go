// Package arabic holds the Arabic text helpers briefbot needs: folding spelling
// variants for matching, converting digits, reading numbers (and vague amounts,
// month and weekday names) as written in Arabic and English text, and keeping
// right-to-left lines readable on chat clients.
//
// It is a leaf package: it imports nothing of briefbot's.
package arabic

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize folds text for matching, not for display: Arabic diacritics and
// tatweel are dropped, the alef, hamza, ta marbuta and alef maqsura variants
// that sources spell inconsistently (علي/على, اهميه/أهمية) are unified,
// Arabic-Indic digits become ASCII digits, Latin letters are lower-cased and
// runs of whitespace become one space.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		r = foldRune(r)
		if r < 0 {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldRune maps one rune to its matching form, or -1 to drop it.
func foldRune(r rune) rune {
	switch {
	case r >= 0x064B && r <= 0x065F, r == 0x0670, r == 0x0640: // harakat, superscript alef, tatweel
		return -1
	case r == 0x200E, r == 0x200F, r >= 0x2066 && r <= 0x2069, r >= 0x202A && r <= 0x202E: // bidi controls
		return -1
	}
	switch r {
	case 'أ', 'إ', 'آ', 'ٱ':
		return 'ا'
	case 'ة':
		return 'ه'
	case 'ى':
		return 'ي'
	case 'ؤ':
		return 'و'
	case 'ئ':
		return 'ي'
	}
	if d, ok := digitValue(r); ok {
		return '0' + rune(d)
	}
	switch {
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	case r >= 0x0600 && r <= 0x06FF: // Arabic has no case: skip the table lookup
		return r
	}
	return unicode.ToLower(r)
}

// digitValue reports the value of an ASCII, Arabic-Indic or Extended
// Arabic-Indic (Persian) digit.
func digitValue(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= '٠' && r <= '٩':
		return int(r - '٠'), true
	case r >= '۰' && r <= '۹':
		return int(r - '۰'), true
	}
	return 0, false
}

// CollapseSpace trims s and replaces every run of Unicode whitespace with a
// single ASCII space. Quotes are compared with their source after this and
// nothing else, so a curated quote must otherwise copy the source exactly.
func CollapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
				space = true
				continue
			}
		} else {
			r, w := utf8.DecodeRuneInString(s[i:])
			if isWideSpace(r) {
				i += w
				space = true
				continue
			}
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteString(s[i : i+w])
			i += w
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
	}
	return b.String()
}

// isWideSpace reports the non-ASCII runes unicode.IsSpace accepts, without
// its table lookups (this runs over every byte of every source text).
func isWideSpace(r rune) bool {
	switch r {
	case 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200A
}

// ArabicIndicDigits rewrites ASCII digits as Arabic-Indic digits, the group
// separator "," as "٬" and the decimal point "." between digits as "٫".
func ArabicIndicDigits(s string) string {
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s) * 2)
	for i, r := range rs {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune('٠' + (r - '0'))
		case (r == ',' || r == '.') && i > 0 && i+1 < len(rs) && isASCIIDigit(rs[i-1]) && isASCIIDigit(rs[i+1]):
			if r == ',' {
				b.WriteRune('٬')
			} else {
				b.WriteRune('٫')
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

// WesternDigits rewrites Arabic-Indic and Persian digits as ASCII digits,
// so what people type ("٢", "٧:٠٠") reads as a number; nothing else changes.
func WesternDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if d, ok := digitValue(r); ok {
			return '0' + rune(d)
		}
		return r
	}, s)
}

// IsLetter is unicode.IsLetter, answering for ASCII and the Arabic letters
// without a table lookup: it runs at every rune of every text read.
func IsLetter(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r|0x20 && r|0x20 <= 'z'
	case r >= 0x0621 && r <= 0x063A, r >= 0x0641 && r <= 0x064A:
		return true
	}
	return unicode.IsLetter(r)
}

// isMark reports the combining marks and the tatweel a word may carry.
func isMark(r rune) bool {
	if r >= 0x064B && r <= 0x065F || r == 0x0670 || r == 0x0640 {
		return true // harakat, superscript alef, tatweel
	}
	return r >= 0x0300 && unicode.Is(unicode.Mn, r)
}
