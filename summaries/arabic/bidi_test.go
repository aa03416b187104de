package arabic

import (
	"strings"
	"testing"

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

func TestStartsRTLAgreesWithBidiClasses(t *testing.T) {
	for _, s := range []string{"abc", "عربي", "123 عربي", "\u2066abc\u2069 عربي", "\u200f123", "  . ,", "\u2066عربي\u2069 abc", "\u200e\u200f"} {
		want := firstStrong(s)
		got := StartsRTL(s)
		if got != (want == bidi.R || want == bidi.AL) {
			t.Errorf("StartsRTL(%q) = %v, bidi first strong = %v", s, got, want)
		}
	}
}

func TestContextBefore(t *testing.T) {
	tests := []struct {
		s    string
		at   string // ContextBefore is asked just before this
		want Dir
	}{
		{"جرّب /summary", "/", RTL},
		{"Try /summary", "/", LTR},
		{"/summary", "/", None},
		{"صفحة 2 /list", "/", RTL}, // a number counts as right-to-left (rule N1)
		{"جرّب\u200e /summary", "/", LTR},
		{"abc \u2067عربي\u2069 /x", "/", LTR}, // an isolate is neutral from outside
		{"«quote» (/help)", "/", LTR},
	}
	for _, tt := range tests {
		if got := ContextBefore(tt.s, strings.Index(tt.s, tt.at)); got != tt.want {
			t.Errorf("ContextBefore(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestHoldsTogether(t *testing.T) {
	tests := []struct {
		text string
		d    Dir
		want bool
	}{
		{"The members made at least three pledges", LTR, true},
		{"The members made at least three pledges.", LTR, false}, // the full stop would go with the line
		{"3 pledges were made", LTR, false},                      // so would a leading number
		{"the word داعش inside", LTR, false},
		{"وفي ذروتها ، سيطرت داعش علي حوالي 110,000 كيلومتر مربع من الأراضي", RTL, true},
		{"واجتذبت أكثر من 40,000 من المقاتلين الإرهابيين الأجانب.", RTL, false},
		{"", LTR, false},
	}
	for _, tt := range tests {
		if got := HoldsTogether(tt.text, tt.d); got != tt.want {
			t.Errorf("HoldsTogether(%q, %v) = %v, want %v", tt.text, tt.d, got, tt.want)
		}
	}
}

func TestStripBidi(t *testing.T) {
	in := "\u2066/summary\u2069 \u200fواشنطن\u200e \u202bx\u202c \u061c\u200d"
	if got, want := StripBidi(in), "/summary واشنطن x \u200d"; got != want {
		t.Errorf("StripBidi = %q, want %q (a joiner shapes letters and stays)", got, want)
	}
	if s := "plain"; StripBidi(s) != s {
		t.Error("StripBidi changed plain text")
	}
	for _, r := range []rune{'\u200e', '\u200f', '\u061c', '\u202a', '\u202e', '\u2066', '\u2069'} {
		if p, _ := bidi.LookupRune(r); !IsBidiControl(r) || p.Class() == bidi.L && r != '\u200e' {
			t.Errorf("%U is a directional formatting character", r)
		}
	}
	if IsBidiControl('\u200d') || IsBidiControl('a') {
		t.Error("only directional formatting characters count")
	}
}
