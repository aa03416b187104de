package arabic

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// firstStrong implements rule P2 of the Unicode bidi algorithm with the
// classes of golang.org/x/text/unicode/bidi: the first L, R or AL character,
// skipping isolated runs.
func firstStrong(line string) bidi.Class {
	depth := 0
	for _, r := range line {
		p, _ := bidi.LookupRune(r)
		switch c := p.Class(); {
		case c == bidi.LRI || c == bidi.RLI || c == bidi.FSI:
			depth++
		case c == bidi.PDI:
			if depth > 0 {
				depth--
			}
		case depth == 0 && (c == bidi.L || c == bidi.R || c == bidi.AL):
			return c
		}
	}
	return bidi.ON
}

func TestIsolateLTR(t *testing.T) {
	tests := []struct{ in, want string }{
		{"حوالي 110,000 كم²", "حوالي \u2066110,000\u2069 كم²"},
		{"أكثر من $20,000,000,000 في", "أكثر من \u2066$20,000,000,000\u2069 في"},
		{"عاصمة Washington, D.C. الأمريكية", "عاصمة \u2066Washington, D.C\u2069. الأمريكية"},
		{"الملخص: /summary coalition-2019", "الملخص: \u2066/summary coalition-2019\u2069"},
		{"بلا أرقام", "بلا أرقام"},
		{"حوالي ٧٫٧ مليون", "حوالي \u2066٧٫٧\u2069 مليون"},
	}
	for _, tt := range tests {
		got := IsolateLTR(tt.in)
		if got != tt.want {
			t.Errorf("IsolateLTR(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
		if again := IsolateLTR(got); again != got {
			t.Errorf("IsolateLTR is not idempotent on %q: %q", got, again)
		}
		var p bidi.Paragraph
		if _, err := p.SetString(got); err != nil {
			t.Fatal(err)
		}
		if _, err := p.Order(); err != nil {
			t.Errorf("bidi ordering of %q: %v", got, err)
		}
	}
}

func TestRTLLine(t *testing.T) {
	for _, line := range []string{
		"110,000 كم²", "$20 مليار", "Washington واشنطن", IsolateLTR("2019 عام"), "• " + IsolateLTR("5") + " سنوات", "واشنطن",
	} {
		got := RTLLine(line)
		if c := firstStrong(got); c != bidi.R && c != bidi.AL {
			t.Errorf("RTLLine(%q) = %q: first strong class %v, want R or AL", line, got, c)
		}
		if strings.HasPrefix(line, "و") && got != line {
			t.Errorf("RTLLine changed a line already right-to-left: %q", got)
		}
	}
	if RTLLine("") != "" {
		t.Error("RTLLine of an empty line must stay empty")
	}
}

func TestStartsRTLAgreesWithBidiClasses(t *testing.T) {
	for _, s := range []string{"abc", "عربي", "123 عربي", "\u2066abc\u2069 عربي", "\u200f123", "  . ,", "\u2066عربي\u2069 abc"} {
		want := firstStrong(s)
		got := StartsRTL(s)
		if got != (want == bidi.R || want == bidi.AL) {
			t.Errorf("StartsRTL(%q) = %v, bidi first strong = %v", s, got, want)
		}
	}
}

func FuzzIsolateLTR(f *testing.F) {
	f.Add("حوالي 110,000 كم² Washington")
	f.Add("\u2066\u2066abc")
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		got := IsolateLTR(s)
		if strings.Count(got, "\u2069")-strings.Count(s, "\u2069") != strings.Count(got, "\u2066")-strings.Count(s, "\u2066") {
			t.Fatalf("unbalanced isolates added: %q -> %q", s, got)
		}
		if RTLLine(got) != "" && !StartsRTL(RTLLine(got)) && strings.TrimSpace(got) != "" {
			t.Fatalf("RTLLine(%q) does not start RTL", got)
		}
	})
}
