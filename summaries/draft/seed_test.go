package draft

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/briefbot/briefbot/summaries"
)

var update = flag.Bool("update", false, "rewrite the golden drafts in testdata/")

const (
	seedPage    = "testdata/coalition-ministers-2019-11.page.txt"
	seedGolden  = "testdata/coalition-ministers-2019-11.draft.yaml"
	curatedDir  = "../../data/statements"
	curatedFile = "coalition-ministers-2019-11.yaml"
)

// seedPublished is when the seed page was published: the day after the
// meeting it calls "yesterday" (the seed's facts: the meeting was Thursday
// 14 November 2019).
var seedPublished = time.Date(2019, 11, 15, 0, 0, 0, 0, time.UTC)

func importSeed(t testing.TB, opt Options) *Draft { return importPage(t, seedPage, opt) }

func importPage(t testing.TB, page string, opt Options) *Draft {
	t.Helper()
	raw, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	d, err := Import(raw, opt)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// curated loads the curated seed statement the draft is compared with.
func curated(t *testing.T) *summaries.Statement {
	t.Helper()
	cat, problems, err := summaries.Load(os.DirFS(curatedDir))
	if err != nil || len(problems) > 0 {
		t.Fatalf("curated data: %v %v", err, problems)
	}
	for _, st := range cat.All() {
		if st.File == curatedFile {
			return st
		}
	}
	t.Fatalf("no %s in %s", curatedFile, curatedDir)
	return nil
}

func TestSeedFindsEveryCuratedFigure(t *testing.T) {
	d := importSeed(t, Options{Published: seedPublished})
	for _, f := range curated(t).Figures {
		found := false
		for _, c := range d.Figures {
			if !c.Vague && c.Value == f.Value && c.Unit == f.Unit && c.Qualifier == f.Qualifier {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("curated figure %s (%v %s, %s) not among the candidates", f.ID, f.Value, f.Unit, f.Qualifier)
		}
	}
	for _, c := range d.Figures {
		if !strings.Contains(d.Source, c.Quote) || d.Source[c.Start:c.End] != c.Quote {
			t.Errorf("%s: quote %q is not the source's bytes at %d:%d", c.ID, c.Quote, c.Start, c.End)
		}
		t.Logf("%-24s %14v %-9s %-9s vague=%v «%s»", c.ID, c.Value, c.Unit, c.Qualifier, c.Vague, c.Written)
	}
}

func TestSeedDraft(t *testing.T) {
	d := importSeed(t, Options{Published: seedPublished})
	if d.LeadIn != "وفيما يلي نص البيان:" {
		t.Errorf("lead-in = %q", d.LeadIn)
	}
	if got := d.Date.Date.Format(time.DateOnly); got != "2019-11-15" {
		t.Errorf("date = %s, want 2019-11-15, the date the text writes", got)
	}
	for _, want := range []string{"«أمس، الخميس 15»", "2019-11-15 was a Friday, not a Thursday", "was Thursday 2019-11-14"} {
		if !strings.Contains(d.Date.Check, want) {
			t.Errorf("date check %q lacks %q", d.Date.Check, want)
		}
	}
	if d.Place.Place != (summaries.Text{AR: "واشنطن", EN: "Washington"}) {
		t.Errorf("place = %+v", d.Place)
	}
	if d.Title != curated(t).Title.AR {
		t.Errorf("title = %q", d.Title)
	}
	if d.ID != "washington-2019-11" || d.SourceFile() != "washington-2019-11.ar.txt" {
		t.Errorf("id = %q, source file %q", d.ID, d.SourceFile())
	}
	if !strings.HasPrefix(d.Source, "بيان مشترك لوزراء التحالف العالمي لهزيمة داعش\n\nعلي مدي خمس سنوات") {
		t.Errorf("source starts %q", d.Source[:80])
	}
	// With no publication date the text's "Thursday the 15th" has no month.
	d = importSeed(t, Options{})
	if !d.Date.Date.IsZero() || !strings.Contains(d.Date.Check, "no month or year") {
		t.Errorf("without a publication date: %+v", d.Date)
	}
}

// TestSeedChromeIsTheCuratorsCleaning checks that stripping the seed page's
// chrome leaves exactly the text its curator kept.
func TestSeedChromeIsTheCuratorsCleaning(t *testing.T) {
	raw, _ := os.ReadFile(seedPage)
	want, err := os.ReadFile(filepath.Join(curatedDir, "coalition-ministers-2019-11.ar.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if got := StripChrome(string(raw)).Page; got != strings.TrimSpace(string(want)) {
		t.Errorf("page without chrome differs from the curated source text:\n%s", got)
	}
}

func TestSeedGolden(t *testing.T) {
	d := importSeed(t, Options{Published: seedPublished})
	var b bytes.Buffer
	if err := d.WriteYAML(&b); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(seedGolden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(seedGolden)
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(want) {
		t.Errorf("draft differs from %s (run with -update and review the diff):\n%s", seedGolden, b.String())
	}
}

// TestDraftValidatesOnceFilled is the acceptance test: the draft,
// with only what a curator writes filled in, passes validation.
func TestDraftValidatesOnceFilled(t *testing.T) {
	for _, tc := range []struct {
		page string
		opt  Options
	}{
		{seedPage, Options{Published: seedPublished}},
		{seedPage, Options{}},
		{seedPage, Options{ID: "coalition-2019", URL: "https://example.org/news/1"}},
		{"testdata/english.page.txt", Options{}},
	} {
		opt := tc.opt
		t.Run(fmt.Sprintf("%s,published=%s,id=%s", filepath.Base(tc.page), opt.Published.Format(time.DateOnly), opt.ID), func(t *testing.T) {
			d := importPage(t, tc.page, opt)
			var b bytes.Buffer
			if err := d.WriteYAML(&b); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			write := func(yml []byte) []summaries.Problem {
				os.WriteFile(filepath.Join(dir, "draft.yaml"), yml, 0o644)
				os.WriteFile(filepath.Join(dir, d.SourceFile()), d.SourceText(), 0o644)
				_, problems, err := summaries.Load(os.DirFS(dir))
				if err != nil {
					t.Fatal(err)
				}
				return problems
			}
			// As drafted, only what the curator writes is missing.
			for _, p := range write(b.Bytes()) {
				if !curatorWrites(p.Field) && !(opt.Published.IsZero() && p.Field == "date") {
					t.Errorf("the draft itself is wrong: %s", p)
				}
			}
			filled := fillAsCurator(t, b.Bytes())
			if problems := write(filled); len(problems) > 0 {
				for _, p := range problems {
					t.Error(p)
				}
				t.Logf("filled draft:\n%s", filled)
			}
		})
	}
}

// curatorWrites reports the fields a draft leaves to the curator.
func curatorWrites(field string) bool {
	for _, p := range []string{"summary", "key_points", "title", "publisher", "source.name", "figures[", "place"} {
		if strings.HasPrefix(field, p) {
			return !strings.HasPrefix(field, "figures[") || strings.HasSuffix(field, ".label.ar") || strings.HasSuffix(field, ".label.en")
		}
	}
	return false
}

// fillAsCurator writes what a curator writes into a draft: summaries, key
// points, the English title, labels, the publisher, the source's name, and a
// date the text left without month or year. Nothing else is touched.
func fillAsCurator(t *testing.T, draft []byte) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(draft, &doc); err != nil {
		t.Fatal(err)
	}
	root := doc.Content[0]
	get := func(m *yaml.Node, key string) *yaml.Node { return fieldOf(t, m, key) }
	setText := func(n *yaml.Node, ar, en string) {
		if v := get(n, "ar"); v.Value == "" {
			v.Value = ar
		}
		if v := get(n, "en"); v.Value == "" {
			v.Value = en
		}
	}
	if v := get(root, "date"); v.Value == "" {
		v.Value, v.Tag = "2019-11-14", "!!str"
	}
	setText(get(root, "title"), "بيان مشترك لوزراء التحالف العالمي لهزيمة داعش", "Joint Communiqué by Ministers of the Global Coalition to Defeat ISIS")
	setText(get(root, "publisher"), "وزراء التحالف العالمي لهزيمة داعش", "Ministers of the Global Coalition to Defeat ISIS")
	setText(get(get(root, "source"), "name"), "الترجمة العربية للبيان كما نشرها موقع إخباري", "Arabic translation as published by a news website")
	setText(get(root, "summary"),
		"أصدر وزراء التحالف العالمي لهزيمة داعش بيانًا مشتركًا في واشنطن. وأكدوا استعدادهم لمرحلة جديدة من المعركة.",
		"Ministers of the Global Coalition to Defeat ISIS issued a joint statement in Washington. They declared their readiness for a new phase of the fight.")
	kp := get(root, "key_points")
	kp.Style = 0
	kp.Content = []*yaml.Node{mappingOf("ar", "يلتزم التحالف بالهزيمة الدائمة لداعش.", "en", "The Coalition commits to the enduring defeat of ISIS.")}
	for _, fig := range get(root, "figures").Content {
		id := get(fig, "id").Value
		setText(get(fig, "label"), "رقم من البيان: "+id, "A figure of the statement: "+id)
	}
	out, err := yaml.Marshal(&doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// fieldOf returns the value of key in mapping m.
func fieldOf(t *testing.T, m *yaml.Node, key string) *yaml.Node {
	t.Helper()
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	t.Fatalf("the draft has no field %q", key)
	return nil
}

func mappingOf(kv ...string) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: kv[i]}, &yaml.Node{Kind: yaml.ScalarNode, Value: kv[i+1]})
	}
	return m
}
