package summaries_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefbot/briefbot/data"
	"github.com/briefbot/briefbot/summaries"
)

const (
	stmtFile   = "statements/coalition-ministers-2019-11.yaml"
	sourceFile = "statements/coalition-ministers-2019-11.ar.txt"
)

// bundled returns the real curated files, to be broken one way per test.
func bundled(t testing.TB) (yaml, source string) {
	t.Helper()
	y, err := os.ReadFile("../data/" + stmtFile)
	if err != nil {
		t.Fatal(err)
	}
	s, err := os.ReadFile("../data/" + sourceFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(y), string(s)
}

func TestBundledDataIsValid(t *testing.T) {
	cat, problems, err := summaries.Load(data.FS())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
	st := cat.Get("coalition-ministers-2019-11")
	if st == nil {
		t.Fatal("the coalition statement is missing")
	}
	if want := time.Date(2019, 11, 14, 0, 0, 0, 0, time.UTC); !st.Date.Equal(want) {
		t.Errorf("date = %v, want 2019-11-14 (the Thursday; the page's \"15\" is wrong)", st.Date)
	}
	if st.Place.EN != "Washington" || st.Place.AR != "واشنطن" {
		t.Errorf("place = %+v", st.Place)
	}
	if strings.Contains(st.Source.Text, "الأخبارمانشيت") || strings.Contains(st.Source.Text, "زر الذهاب إلى الأعلى") {
		t.Error("the source text still carries the news site's page chrome")
	}
	// Every numeric fact of the statement, with the qualifier of the original.
	want := []struct {
		value     float64
		unit      summaries.Unit
		qualifier summaries.Qualifier
	}{
		{5, summaries.UnitYears, summaries.Exact},
		{110_000, summaries.UnitKM2, summaries.About},
		{40_000, summaries.UnitFighters, summaries.MoreThan},
		{7_700_000, summaries.UnitPeople, summaries.About},
		{20_000_000_000, summaries.UnitUSD, summaries.MoreThan},
		{220_000, summaries.UnitPersonnel, summaries.MoreThan},
		{100, summaries.UnitPeople, summaries.MoreThan},
		{1_500_000, summaries.UnitPeople, summaries.MoreThan},
		{2020, summaries.UnitYear, summaries.Exact},
	}
	if len(st.Figures) != len(want) {
		t.Fatalf("%d figures, want %d", len(st.Figures), len(want))
	}
	for i, w := range want {
		f := st.Figures[i]
		if f.Value != w.value || f.Unit != w.unit || f.Qualifier != w.qualifier {
			t.Errorf("figure %d (%s) = %v %s %q, want %v %s %q", i, f.ID, f.Value, f.Unit, f.Qualifier, w.value, w.unit, w.qualifier)
		}
		if !strings.Contains(st.Source.Text, f.Quote) {
			t.Errorf("figure %s: quote is not a verbatim part of the source", f.ID)
		}
	}
}

// lineIn returns the line of the first occurrence of sub in s.
func lineIn(t testing.TB, s, sub string) int {
	t.Helper()
	i := strings.Index(s, sub)
	if i < 0 {
		t.Fatalf("fixture lacks %q", sub)
	}
	return strings.Count(s[:i], "\n") + 1
}

func TestLoadReportsProblemsWithLines(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(string) string
		want   string // "field: message part"
		lineAt string // the text whose line the problem must name
	}{
		{"unclosed flow sequence", func(s string) string { return strings.Replace(s, "date: 2019-11-14", "date: [2019-11-14", 1) },
			"yaml: ", "date: [2019-11-14"},
		{"bad indentation", func(s string) string { return strings.Replace(s, "    unit: km2", "   unit: km2", 1) },
			"yaml: ", "   unit: km2"},
		{"tab", func(s string) string { return strings.Replace(s, "    unit: km2", "\tunit: km2", 1) },
			"yaml: found a tab character", "\tunit: km2"},
		{"unclosed quote", func(s string) string { return strings.Replace(s, "    unit: km2", "    unit: \"km2", 1) },
			"yaml: ", "unit: \"km2"},
		{"second document", func(s string) string { return s + "---\nid: another-statement\n" },
			"yaml: a statement file holds one YAML document", "---\nid: another"},
		{"duplicate key", func(s string) string {
			return strings.Replace(s, "date: 2019-11-14", "date: 2019-11-14\ndate: 2019-11-15", 1)
		},
			`date: mapping key "date" already defined at line `, "date: 2019-11-15"},
		{"duplicate figure id", func(s string) string { return strings.Replace(s, "id: peak-territory", "id: engagement-years", 1) },
			`figures[1].id: duplicate figure id "engagement-years" (first at line `, "id: engagement-years\n    value: 110000"},
		{"duplicate alias", func(s string) string {
			return strings.Replace(s, "aliases: [coalition-2019, d-isis-2019, washington-2019, التحالف-2019, واشنطن-2019]",
				"aliases:\n  - coalition-2019\n  - d-isis-2019\n  - coalition-2019\n  - washington-2019", 1)
		}, `aliases[2]: "coalition-2019" is listed twice (first at line `, "  - coalition-2019\n  - washington"},
		{"unknown field", func(s string) string {
			return strings.Replace(s, "date: 2019-11-14", "date: 2019-11-14\ncolour: red", 1)
		},
			"colour: unknown field", "colour: red"},
		{"missing ar", func(s string) string {
			return strings.Replace(s, "  ar: بيان مشترك لوزراء التحالف العالمي لهزيمة داعش\n", "", 1)
		}, "title.ar: missing ar text", "title:"},
		{"bad date", func(s string) string { return strings.Replace(s, "date: 2019-11-14", "date: 2019-13-45", 1) },
			`date: "2019-13-45" is not a date`, "date: 2019-13-45"},
		{"date not a date", func(s string) string { return strings.Replace(s, "date: 2019-11-14", "date: last Thursday", 1) },
			`date: "last Thursday" is not a date`, "date: last Thursday"},
		{"quote not in source", func(s string) string {
			return strings.Replace(s, "واجتذبت أكثر من 40,000 من المقاتلين", "واجتذبت أكثر من 40,000 من المقاتلين الكثيرين", 1)
		}, "figures[2].quote: the quote does not occur in the source text", "واجتذبت أكثر من 40,000"},
		{"quote without the value", func(s string) string { return strings.Replace(s, "value: 110000", "value: 120000", 1) },
			"figures[1].quote: the quote does not contain the value 120000 (it states 110000)", "quote: وفي ذروتها"},
		{"qualifier dropped", func(s string) string {
			return strings.Replace(s, "value: 40000\n    unit: fighters\n    qualifier: more than", "value: 40000\n    unit: fighters\n    qualifier: exact", 1)
		}, `figures[2].qualifier: "exact", but the quote says "اكثر من" before 40000`, "qualifier: exact\n    label:\n      ar: المقاتلون"},
		{"unknown unit", func(s string) string { return strings.Replace(s, "unit: km2", "unit: acres", 1) },
			`figures[1].unit: unknown unit "acres"`, "unit: acres"},
		{"value not a number", func(s string) string { return strings.Replace(s, "value: 110000", "value: lots", 1) },
			"figures[1].value: ", "value: lots"},
		{"value NaN", func(s string) string { return strings.Replace(s, "value: 110000", "value: .nan", 1) },
			"figures[1].value: .nan is not a number", "value: .nan"},
		{"value infinite", func(s string) string { return strings.Replace(s, "value: 110000", "value: .inf", 1) },
			"figures[1].value: .inf is not a finite number", "value: .inf"},
		{"value out of range", func(s string) string { return strings.Replace(s, "value: 110000", "value: 1e400", 1) },
			"figures[1].value: 1e400 is not a finite number", "value: 1e400"},
		{"missing source", func(s string) string {
			return strings.Replace(s, "file: coalition-ministers-2019-11.ar.txt", "file: gone.txt", 1)
		},
			"source.file: cannot read source text statements/gone.txt", "file: gone.txt"},
		{"bad id", func(s string) string {
			return strings.Replace(s, "id: coalition-ministers-2019-11", "id: Coalition 2019", 1)
		},
			`id: "Coalition 2019" is not a valid id`, "id: Coalition 2019"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, edited := loadEdited(t, tt.edit, nil)
			found := findProblem(t, problems, tt.want)
			if found.File != stmtFile {
				t.Errorf("file = %q", found.File)
			}
			if tt.lineAt != "" {
				if want := lineIn(t, edited, tt.lineAt); found.Line != want {
					t.Errorf("%s: line %d, want %d", found, found.Line, want)
				}
			}
			if strings.HasPrefix(tt.name, "value ") {
				for _, p := range problems {
					if strings.Contains(p.Msg, "does not contain the value") {
						t.Errorf("a bad value is reported as a quote problem: %s", p)
					}
				}
			}
			if s := found.String(); !strings.HasPrefix(s, stmtFile+":") {
				t.Errorf("problem prints as %q, want file:line: field: message", s)
			}
		})
	}
}

func TestDuplicateIDsAndAliases(t *testing.T) {
	yaml, source := bundled(t)
	other := strings.Replace(yaml, "aliases: [coalition-2019,", "aliases: [other-2019,", 1)
	fsys := fstest.MapFS{
		stmtFile:               {Data: []byte(yaml)},
		sourceFile:             {Data: []byte(source)},
		"statements/copy.yaml": {Data: []byte(other)},
	}
	cat, problems, err := summaries.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if cat.Len() != 1 {
		t.Errorf("%d statements served, want only the first of the duplicates", cat.Len())
	}
	// The clash is reported in the second file, at the line of its id,
	// naming the first file and line.
	idLine := lineIn(t, yaml, "id: coalition-ministers-2019-11")
	want := fmt.Sprintf(`statements/copy.yaml:%d: id: "coalition-ministers-2019-11" is already used by statement "coalition-ministers-2019-11" (%s:%d)`, idLine, stmtFile, idLine)
	if len(problems) != 5 || problems[0].String() != want {
		t.Errorf("problems = %v, want 5, the first %s", problems, want)
	}
	// Aliases collide after folding Arabic spelling variants too.
	alias := strings.Replace(yaml, "id: coalition-ministers-2019-11", "id: another-statement", 1)
	alias = strings.Replace(alias, "aliases: [coalition-2019, d-isis-2019, washington-2019, التحالف-2019, واشنطن-2019]", "aliases: [التحالف-٢٠١٩]", 1)
	fsys["statements/copy.yaml"] = &fstest.MapFile{Data: []byte(alias)}
	_, problems, _ = summaries.Load(fsys)
	aliasLine := lineIn(t, yaml, "aliases: [")
	if len(problems) != 1 || problems[0].Field != "aliases[0]" || problems[0].Line != aliasLine ||
		!strings.Contains(problems[0].Msg, fmt.Sprintf(`is already used by statement "coalition-ministers-2019-11" (%s:%d)`, stmtFile, aliasLine)) {
		t.Errorf("problems = %v, want the folded alias clash at line %d, naming the first", problems, aliasLine)
	}
}

func TestOneBadFileLeavesTheOthersServed(t *testing.T) {
	yaml, source := bundled(t)
	fsys := fstest.MapFS{
		stmtFile:              {Data: []byte(yaml)},
		sourceFile:            {Data: []byte(source)},
		"statements/bad.yaml": {Data: []byte("id: [unclosed\n")},
	}
	cat, problems, err := summaries.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if cat.Len() != 1 || len(problems) != 1 || problems[0].File != "statements/bad.yaml" {
		t.Errorf("served %d, problems %v", cat.Len(), problems)
	}
}

func FuzzLoad(f *testing.F) {
	yaml, source := bundled(f)
	f.Add(yaml)
	f.Add("id: x\nfigures: [{value: 1e400}]\n")
	f.Add("- a\n- b\n")
	f.Add("id: &a [*a]\n")
	f.Fuzz(func(t *testing.T, content string) {
		fsys := fstest.MapFS{stmtFile: {Data: []byte(content)}, sourceFile: {Data: []byte(source)}}
		cat, problems, err := summaries.Load(fsys)
		if err != nil {
			t.Fatal(err)
		}
		if cat.Len() > 0 && len(problems) > 0 {
			t.Fatalf("a file with problems was served: %v", problems)
		}
	})
}
