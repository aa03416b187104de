package bot_test

import (
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
)

func TestSplitText(t *testing.T) {
	iso := "\u2066110,000 km² and more\u2069"
	s := strings.Repeat("جملة عربية طويلة، فيها "+iso+" ثم نهاية. ", 40)
	for _, max := range []int{50, 120, 500} {
		parts := bot.SplitText(s, max)
		if len(parts) < 2 {
			t.Fatalf("max %d: %d parts", max, len(parts))
		}
		for _, p := range parts {
			if bot.UTF16Len(p) > max {
				t.Errorf("part of %d units > %d", bot.UTF16Len(p), max)
			}
			if strings.Count(p, "\u2066") != strings.Count(p, "\u2069") {
				t.Errorf("max %d: a part splits an isolate: %q", max, p)
			}
		}
		if got := strings.Join(parts, " "); strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(s), " ") {
			t.Errorf("max %d: text lost in splitting", max)
		}
	}
	// Sentence ends are preferred, the Arabic comma included.
	parts := bot.SplitText("أولًا هذا، ثانيًا ذلك وبعدها كلام كثير جدًا", 20)
	if !strings.HasSuffix(parts[0], "،") {
		t.Errorf("first part %q should end at the Arabic comma", parts[0])
	}
	// Astral characters count two UTF-16 units.
	if got := bot.UTF16Len("😀a"); got != 3 {
		t.Errorf("UTF16Len = %d", got)
	}
}
