package arabic

import (
	"strings"
	"testing"
	"unicode"
)

func TestNormalizeFoldsSpellingVariants(t *testing.T) {
	pairs := [][2]string{
		{"علي", "على"},
		{"اهميه", "أهمية"},
		{"الامنيه", "الأمنية"},
		{"اي", "أي"},
		{"اعاده", "إعادة"},
		{"مُهَدَّدة", "مهددة"},
		{"حـــوالي", "حوالى"},
		{"١١٠٬٠٠٠", "110٬000"},
		{"Global  Coalition", "global coalition"},
	}
	for _, p := range pairs {
		if a, b := Normalize(p[0]), Normalize(p[1]); a != b {
			t.Errorf("Normalize(%q) = %q, Normalize(%q) = %q; want equal", p[0], a, p[1], b)
		}
	}
}

func TestArabicIndicDigits(t *testing.T) {
	for in, want := range map[string]string{
		"7.7 مليون": "٧٫٧ مليون",
		"110,000":   "١١٠٬٠٠٠",
		"2019.":     "٢٠١٩.",
		"a, b. 3,c": "a, b. ٣,c",
	} {
		if got := ArabicIndicDigits(in); got != want {
			t.Errorf("ArabicIndicDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCollapseSpace(t *testing.T) {
	if got := CollapseSpace("  a \n\t b  "); got != "a b" {
		t.Errorf("got %q", got)
	}
}

func TestCollapseSpaceMatchesFields(t *testing.T) {
	for _, s := range []string{"", "   ", "a", " a  b\u00a0c\u2003d\u3000 e\n", "عربي ،  نص\t\tآخر", "\u200bx"} {
		want := strings.Join(strings.Fields(s), " ")
		if got := CollapseSpace(s); got != want {
			t.Errorf("CollapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestIsLetterMatchesUnicode(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		if IsLetter(r) != unicode.IsLetter(r) {
			t.Errorf("IsLetter(%U) = %v", r, IsLetter(r))
		}
	}
}
