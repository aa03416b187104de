package draft

import (
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

func addSeeds(f *testing.F) {
	f.Helper()
	for _, p := range []string{seedPage, "testdata/english.page.txt"} {
		raw, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(raw))
	}
	for _, s := range []string{
		"حوالي 110,000 كيلومتر مربع", "أكثر من $20,000,000,000 في", "بين 3 و5 سنوات", "عشرات آلاف من",
		"5 people and more than 5 people", "between 10 and 20 percent", "في ال2020.", "COVID-19, 10:30, 5G",
		"Home | News\nShare\nThe text follows: A b. C d.\nBack to top", "نما 7 في المائة", "مساحة 500 كم2",
	} {
		f.Add(s)
	}
}

// FuzzExtractFigures: no panic; every quote is the text's bytes where the
// candidate says; every exact candidate is one validation accepts, unless
// its notes say it is not.
func FuzzExtractFigures(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, c := range ExtractFigures(s) {
			if c.Start < 0 || c.End > len(s) || c.Start >= c.End || s[c.Start:c.End] != c.Quote {
				t.Fatalf("candidate %+v: quote is not s[%d:%d]", c, c.Start, c.End)
			}
			if utf8.ValidString(s) && !utf8.ValidString(c.Quote) {
				t.Fatalf("quote %q is not UTF-8", c.Quote)
			}
			if !c.Unit.Valid() || !c.Qualifier.Valid() || c.Value < 0 || math.IsInf(c.Value, 0) || math.IsNaN(c.Value) {
				t.Fatalf("candidate %+v is not a figure", c)
			}
			if c.Vague || strings.Contains(strings.Join(c.Notes, " "), "validation will say") {
				continue
			}
			if _, msg := summaries.QuoteProblem(arabic.CollapseSpace(c.Quote), c.Value, c.Qualifier); msg != "" {
				t.Fatalf("candidate %+v: %s", c, msg)
			}
		}
	})
}

// FuzzStripChrome: no panic; the output is UTF-8 when the input is; every
// line kept is a line of the input; the statement is a part of the page.
func FuzzStripChrome(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		c := StripChrome(s)
		if utf8.ValidString(s) && (!utf8.ValidString(c.Page) || !utf8.ValidString(c.Statement)) {
			t.Fatalf("output is not UTF-8: %q", c.Page)
		}
		if !strings.Contains(c.Page, c.Statement) || !strings.Contains(c.Page, c.LeadIn) {
			t.Fatalf("statement %q is not part of page %q", c.Statement, c.Page)
		}
		for _, l := range strings.Split(c.Page, "\n") {
			if l != "" && !strings.Contains(s, l) {
				t.Fatalf("line %q is not in the input", l)
			}
		}
	})
}

// FuzzImport: no panic; a draft always writes, loads, and has nothing wrong
// but what the curator writes (and what its notes warn of).
func FuzzImport(f *testing.F) {
	addSeeds(f)
	f.Add("\x00\x01")
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Import([]byte(s), Options{})
		if err != nil {
			return
		}
		var b strings.Builder
		if err := d.WriteYAML(&b); err != nil {
			t.Fatal(err)
		}
		if !summaries.ValidID(d.ID) {
			t.Fatalf("suggested id %q is not valid", d.ID)
		}
		fsys := fstest.MapFS{
			"draft.yaml":   {Data: []byte(b.String())},
			d.SourceFile(): {Data: d.SourceText()},
		}
		_, problems, err := summaries.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		warned := map[int]bool{}
		exact := 0
		for _, c := range d.Figures {
			if c.Vague {
				continue
			}
			warned[exact] = strings.Contains(strings.Join(c.Notes, " "), "validation will say")
			exact++
		}
		for _, p := range problems {
			var i int
			if curatorWrites(p.Field) || p.Field == "date" || p.Field == "figures" {
				continue
			}
			if _, err := fmt.Sscanf(p.Field, "figures[%d]", &i); err == nil && warned[i] {
				continue
			}
			t.Errorf("%s\ndraft:\n%s", p, b.String())
		}
	})
}
