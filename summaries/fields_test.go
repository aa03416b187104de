package summaries_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefbot/briefbot/data"
	"github.com/briefbot/briefbot/summaries"
)

func TestBundledTranslationsAndHeadlines(t *testing.T) {
	cat, problems, err := summaries.Load(data.FS())
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	st := cat.Get("coalition-ministers-2019-11")
	for _, f := range st.Figures {
		if f.Translation.Lang != summaries.EN || f.Translation.Text == "" {
			t.Errorf("figure %s has no English translation: %+v", f.ID, f.Translation)
		}
	}
	// The English original's wording, as the seed notes record it.
	for id, words := range map[string]string{
		"peak-territory":   "nearly 110,000 square kilometers of territory",
		"foreign-fighters": "more than 40,000 foreign terrorist fighters",
		"people-liberated": "approximately 7.7 million people",
		"aid-raised":       "over $20 billion in humanitarian and stabilization assistance",
		"forces-trained":   "more than 220,000 security and police personnel",
	} {
		i := slices.IndexFunc(st.Figures, func(f summaries.Figure) bool { return f.ID == id })
		if i < 0 || !strings.Contains(st.Figures[i].Translation.Text, words) {
			t.Errorf("figure %s: translation lacks %q", id, words)
		}
	}
	var ids []string
	for _, f := range st.HeadlineFigures() {
		ids = append(ids, f.ID)
	}
	if want := []string{"foreign-fighters", "people-liberated", "aid-raised"}; !slices.Equal(ids, want) {
		t.Errorf("headline figures %v, want %v", ids, want)
	}
	first := st.FiguresHeadlineFirst()
	if len(first) != len(st.Figures) || first[0].ID != "foreign-fighters" || first[3].ID != "engagement-years" || first[8].ID != "next-meeting" {
		t.Errorf("headline first: %v", first)
	}
	if got := cat.IDs(); !slices.Equal(got, []string{"coalition-ministers-2019-11"}) {
		t.Errorf("IDs = %v", got)
	}
}

func TestHeadlineFiguresWhenNoneIsMarked(t *testing.T) {
	st := &summaries.Statement{Figures: []summaries.Figure{{ID: "a"}, {ID: "b"}, {ID: "c"}, {ID: "d"}}}
	got := st.HeadlineFigures()
	if len(got) != 3 || got[0].ID != "a" || got[2].ID != "c" {
		t.Errorf("HeadlineFigures = %v, want the first three", got)
	}
	if got := st.FiguresHeadlineFirst(); got[0].ID != "a" || got[3].ID != "d" {
		t.Errorf("FiguresHeadlineFirst = %v, want file order", got)
	}
	if got := (&summaries.Statement{}).HeadlineFigures(); len(got) != 0 {
		t.Errorf("no figures: %v", got)
	}
	if summaries.AR.Other() != summaries.EN || summaries.EN.Other() != summaries.AR {
		t.Error("Lang.Other")
	}
}

func TestCatalogIDsNewestFirst(t *testing.T) {
	if got := testCatalog(t).IDs(); !slices.Equal(got, []string{"gulf-summit-2021", "coalition-ministers-2019-11", "coalition-ministers-2018-02"}) {
		t.Errorf("IDs = %v", got)
	}
}

// TestNewFieldsAreChecked: translations, headline marks, corrections and
// source URLs are validated with the rest.
func TestNewFieldsAreChecked(t *testing.T) {
	people := "    translation:\n      en: The Coalition's campaign has liberated approximately 7.7 million people from ISIS control.\n"
	tests := []struct {
		name, old, new, want, lineAt string
	}{
		{"translation digits differ", people,
			"    translation:\n      en: The Coalition's campaign has liberated approximately 7.6 million people from ISIS control.\n",
			"figures[3].translation.en: the translation states 7600000, a number the quote does not state", "      en: The Coalition's campaign"},
		{"translation adds a number", people,
			"    translation:\n      en: The Coalition's campaign has liberated approximately 7.7 million people from ISIS control in 3 countries.\n",
			"figures[3].translation.en: the translation states 3, a number the quote does not state", "      en: The Coalition's campaign"},
		{"translation drops the qualifier", people,
			"    translation:\n      en: The Coalition's campaign has liberated 7.7 million people from ISIS control.\n",
			`figures[3].qualifier: "about", but the translation states 7700000 with no qualifier`, "qualifier: about\n    label:\n      ar: الأشخاص"},
		{"translation without the value", people,
			"    translation:\n      en: The Coalition's campaign has liberated many people from ISIS control.\n",
			"figures[3].translation.en: the translation does not contain the value 7700000 (it states no number)", "      en: The Coalition's campaign"},
		{"translation in the source's language", people,
			"    translation:\n      ar: حررت الحملة حوالي 7,700,000 شخص.\n",
			"figures[3].translation.ar: the source is in ar, so a translation is in en", "      ar: حررت الحملة"},
		{"translation in another script", people,
			"    translation:\n      en: حررت الحملة حوالي 7,700,000 شخص.\n",
			"figures[3].translation.en: the en text has no Latin letters", "      en: حررت"},
		{"translation in an unknown language", people,
			"    translation:\n      fr: La campagne a libéré environ 7,7 millions de personnes.\n",
			"figures[3].translation.fr: unknown field", "      fr: La campagne"},
		{"too many headlines", "  - id: peak-territory\n", "  - id: peak-territory\n    headline: true\n",
			"figures: 4 figures are marked headline, at most 3", "figures:"},
		{"headline not a boolean", "  - id: peak-territory\n", "  - id: peak-territory\n    headline: sometimes\n",
			"figures[1].headline: ", "    headline: sometimes"},
		{"blank correction", "  - id: peak-territory\n", "  - id: peak-territory\n    correction: \" \"\n",
			"figures[1].correction: the correction note is blank", "    correction:"},
		{"long correction", "  - id: peak-territory\n", "  - id: peak-territory\n    correction: " + strings.Repeat("word ", 100) + "\n",
			"figures[1].correction: text is 499 characters long, at most 400 fit", "    correction:"},
		{"source url not http", "  lang: ar\n", "  lang: ar\n  url: javascript:alert(1)\n",
			`source.url: "javascript:alert(1)" is not an http or https address`, "  url: javascript"},
		{"source url without host", "  lang: ar\n", "  lang: ar\n  url: https:///path\n",
			`source.url: "https:///path" is not an http or https address`, "  url: https"},
		{"source is a yaml file", "file: coalition-ministers-2019-11.ar.txt", "file: other.yaml",
			`source.file: "other.yaml": a source text cannot be a .yaml file`, "  file: other.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			problems, edited := loadEdited(t, func(s string) string { return strings.Replace(s, tt.old, tt.new, 1) }, nil)
			p := findProblem(t, problems, tt.want)
			if want := lineIn(t, edited, tt.lineAt); p.Line != want {
				t.Errorf("%s: line %d, want %d", p, p.Line, want)
			}
		})
	}
}

// TestCorrectionAndURLAreKept: valid optional fields reach the statement.
func TestCorrectionAndURLAreKept(t *testing.T) {
	yaml, source := bundled(t)
	edited := strings.Replace(yaml, "  lang: ar\n", "  lang: ar\n  url: https://example.org/statement?id=1\n", 1)
	edited = strings.Replace(edited, "  - id: peak-territory\n", "  - id: peak-territory\n    correction: The territory was first given as 120,000 km².\n", 1)
	fsys := fstest.MapFS{stmtFile: {Data: []byte(edited)}, sourceFile: {Data: []byte(source)}}
	cat, problems, err := summaries.Load(fsys)
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	st := cat.Latest()
	if st.Source.URL != "https://example.org/statement?id=1" {
		t.Errorf("url = %q", st.Source.URL)
	}
	if st.Figures[1].Correction != "The territory was first given as 120,000 km²." || st.Figures[0].Correction != "" {
		t.Errorf("corrections: %q %q", st.Figures[0].Correction, st.Figures[1].Correction)
	}
}
