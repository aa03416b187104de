package arabic

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Number is a number found in running text, with the byte range it was read from.
type Number struct {
	Value      float64
	Start, End int
}

// Numbers returns every number written in s, in order. It reads digits in
// ASCII, Arabic-Indic and Persian forms with "," or "٬" between thousands and
// "." or "٫" before decimals ("110,000", "١١٠٬٠٠٠", "7.7"), a scale word after
// digits ("7.7 million", "20 مليار", "3 ملايين"), and numbers spelled in words
// ("five", "twenty-five", "خمس سنوات", "ثلاثة آلاف").
func Numbers(s string) []Number {
	var out []Number
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case isDigit(r) && continuesWord(s, i):
			for i < len(s) { // skip the rest of an identifier such as "G20"
				r, w := utf8.DecodeRuneInString(s[i:])
				if !isDigit(r) && !IsLetter(r) {
					break
				}
				i += w
			}
		case isDigit(r):
			n := readDigits(s, i)
			out = append(out, n)
			i = n.End
		case IsLetter(r):
			if n, ok := readWords(s, i); ok {
				out = append(out, n)
				i = n.End
				continue
			}
			i = skipWord(s, i)
		default:
			i += w
		}
	}
	return out
}

func isDigit(r rune) bool { _, ok := digitValue(r); return ok }

// continuesWord reports whether the digit at i is glued to preceding Latin
// letters (an identifier like "G20" or "A320"), which is not a quantity.
func continuesWord(s string, i int) bool {
	if i == 0 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return r < utf8.RuneSelf && unicode.IsLetter(r)
}

func isGroupSep(r rune) bool   { return r == ',' || r == '٬' }
func isDecimalSep(r rune) bool { return r == '.' || r == '٫' }

// readDigits reads a digit number starting at i, with an optional scale word.
func readDigits(s string, i int) Number {
	start := i
	var intPart, frac strings.Builder
	i = appendDigits(&intPart, s, i)
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if isGroupSep(r) && groupOfThree(s, i+w) {
			i = appendDigits(&intPart, s, i+w)
			continue
		}
		if isDecimalSep(r) && frac.Len() == 0 && i+w < len(s) {
			if next, _ := utf8.DecodeRuneInString(s[i+w:]); isDigit(next) {
				i = appendDigits(&frac, s, i+w)
				continue
			}
		}
		break
	}
	v := parseDecimal(intPart.String(), frac.String())
	end := i
	if scale, next, ok := scaleAfter(s, i); ok {
		v *= scale
		end = next
	}
	return Number{Value: v, Start: start, End: end}
}

// groupOfThree reports whether exactly three digits start at i.
func groupOfThree(s string, i int) bool {
	n := 0
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !isDigit(r) {
			break
		}
		n++
		i += w
	}
	return n == 3
}

func appendDigits(b *strings.Builder, s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		d, ok := digitValue(r)
		if !ok {
			break
		}
		b.WriteByte(byte('0' + d))
		i += w
	}
	return i
}

func parseDecimal(intPart, frac string) float64 {
	v := 0.0
	for _, c := range intPart {
		v = v*10 + float64(c-'0')
	}
	scale := 0.1
	for _, c := range frac {
		v += float64(c-'0') * scale
		scale /= 10
	}
	// Round away binary noise from the fractional digits ("7.7" * 1e6).
	if frac != "" {
		p := math.Pow(10, float64(len(frac)))
		v = math.Round(v*p) / p
	}
	return v
}

// scaleAfter looks for a scale word ("million", "مليار", "ألف") after the
// digits ending at i, separated by at most one run of spaces.
func scaleAfter(s string, i int) (float64, int, bool) {
	j := skipAny(s, i, " \u00a0")
	if j == i {
		return 0, 0, false // a scale word must be a word of its own
	}
	end := skipWord(s, j)
	if end == j {
		return 0, 0, false
	}
	w, ok := lookupWord(s[j:end])
	if !ok || w.scale == 0 {
		return 0, 0, false
	}
	if w.dual {
		return 0, 0, false // "3 مليونان" is not Arabic; leave the digits alone
	}
	return w.scale, end, true
}

// skipWord returns the end of the run of letters (and combining marks) at i.
func skipWord(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !IsLetter(r) && !isMark(r) {
			break
		}
		i += w
	}
	return i
}
