package desk_test

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefbot/briefbot/bot/desk"
	"github.com/briefbot/briefbot/data"
	"github.com/briefbot/briefbot/summaries"
)

// TestEncodeKeepsTheCuratedStatement reads the bundled statement, writes it
// as the desk does and checks that the loader reads the same statement, and
// that writing it again gives the same bytes.
func TestEncodeKeepsTheCuratedStatement(t *testing.T) {
	orig := mustRead(t, data.FS(), "statements/coalition-ministers-2019-11.yaml")
	src := mustRead(t, data.FS(), "statements/coalition-ministers-2019-11.ar.txt")
	doc, err := desk.ParseDoc(orig)
	if err != nil {
		t.Fatal(err)
	}
	out, err := desk.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	again, err := desk.ParseDoc(out)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(doc, again) {
		t.Errorf("the written file reads back to another statement:\n%+v\n%+v", doc, again)
	}
	if out2, _ := desk.Encode(again); string(out2) != string(out) {
		t.Error("writing the same statement twice gives other bytes")
	}
	load := func(yml []byte) *summaries.Statement {
		cat, problems, err := summaries.Load(fstest.MapFS{
			"s.yaml": {Data: yml}, "coalition-ministers-2019-11.ar.txt": {Data: src},
		})
		if err != nil || len(problems) > 0 {
			t.Fatalf("loading: %v %v", err, problems)
		}
		st := cat.Get("coalition-ministers-2019-11")
		st.File = ""
		return st
	}
	if a, b := load(orig), load(out); !reflect.DeepEqual(a, b) {
		t.Errorf("the loader reads another statement from the desk's file:\n%+v\n%+v", a, b)
	}
	for _, want := range []string{"\nid: coalition-ministers-2019-11\n", "\ndate: 2019-11-14\n", "\n    value: 7700000\n",
		"\n    headline: true\n", "\naliases: [coalition-2019, "} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the file lacks %q", want)
		}
	}
}

// TestEncodeWritesBadValuesAsTyped checks that what a curator types is
// written so the loader reports it as it would in a hand-written file.
func TestEncodeWritesBadValuesAsTyped(t *testing.T) {
	for value, want := range map[string]string{
		"abc": `"abc" is not a number`, "7,700,000": `"7,700,000" is not a number`, "": "missing value",
		"-5": "-5 is negative", ".nan": ".nan is not a number", "[1]": `"[1]" is quoted text, not a number`,
	} {
		doc := &desk.Doc{ID: "x-1", Date: "2020-01-01", Figures: []desk.DocFigure{{ID: "f", Value: value}}}
		out, err := desk.Encode(doc)
		if err != nil {
			t.Fatal(err)
		}
		_, problems, _ := summaries.Load(fstest.MapFS{"x.yaml": {Data: out}})
		found := false
		for _, p := range problems {
			found = found || p.Field == "figures[0].value" && strings.Contains(p.Msg, want)
		}
		if !found {
			t.Errorf("value %q: no %q in %v", value, want, problems)
		}
	}
}

// FuzzEncode writes statements of any text and reads them back unchanged.
func FuzzEncode(f *testing.F) {
	f.Add("a summary. Two sentences.", "وفي ذروتها ، سيطرت داعش", "110000", "note\n\nsecond line")
	f.Add(" leading space", "line\nbreak", "1e3", "# hash")
	f.Add(strings.Repeat("word ", 60), "tab\there", "0x10", "")
	f.Add("key: value", "- dash", "'quoted'", "«x» # y")
	f.Fuzz(func(t *testing.T, text, quote, value, comment string) {
		doc := &desk.Doc{ID: "x", Aliases: []string{text}, Date: value, Summary: summaries.Text{AR: quote, EN: text},
			KeyPoints: []summaries.Text{{AR: text, EN: quote}}, Comment: comment,
			Figures: []desk.DocFigure{{ID: text, Value: value, Quote: quote, Label: summaries.Text{EN: text},
				Translation: &summaries.Text{EN: text}, Correction: quote}}}
		out, err := desk.Encode(doc)
		if err != nil {
			return // text YAML cannot hold (invalid UTF-8, some control bytes): the form refuses it first
		}
		back, err := desk.ParseDoc(out)
		if err != nil {
			t.Fatalf("the desk wrote a file it cannot read: %v\n%s", err, out)
		}
		// Comments are kept as text lines; blank edges are not kept.
		doc.Comment = back.Comment
		if !reflect.DeepEqual(doc, back) {
			t.Fatalf("read back another statement:\n%#v\n%#v\n%s", doc, back, out)
		}
		if again, _ := desk.Encode(back); string(again) != string(out) {
			t.Fatalf("not the same bytes twice:\n%s\n%s", out, again)
		}
	})
}
