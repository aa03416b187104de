package search

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/summaries"
)

// spellings are words of the seed's text (seen) and how else a reader may
// write them (other): the seed's rough spelling against the correct one,
// hamza seats, alef maqsura, teh marbuta, harakat, tatweel, clitics, digits.
var spellings = []struct{ seen, other string }{
	{"اهميه", "أهمية"},
	{"الامنيه", "الأمنية"},
	{"قبضه", "قبضة"},
	{"مواجهه", "مواجهة"},
	{"خطيره", "خطيرة"},
	{"الانسانيه", "الإنسانية"},
	{"لأعاده", "إعادة"},
	{"التاكيد", "التأكيد"},
	{"القوي", "القوى"},
	{"شركائه", "شركايه"},
	{"حلفاءنا", "حلفانا"},
	{"المساءلة", "المساءله"},
	{"مشرد", "مشرّد"},
	{"إيطاليا", "ايطاليا"},
	{"المقاتلين", "مُقاتِلين"},
	{"المقاتلين", "مقاتـــلين"},
	{"المقاتلين", "مقاتل"},
	{"المقاتلون", "مقاتلين"},
	{"لداعش", "داعش"},
	{"وبالمقاتلين", "المقاتلين"},
	{"مؤخرًا", "موخرا"},
	{"110,000", "١١٠٬٠٠٠"},
	{"110,000", "110000"},
	{`"علي مدي خمس سنوات"`, `"على مدى خمس سنوات"`},
	{`"الأمم المتحدة"`, `"الامم المتحده"`},
}

// passage returns the sentence of the seed's texts holding w, or "".
func passage(st *summaries.Statement, w string) string {
	w = strings.Trim(w, `"`)
	texts := []string{st.Source.Text, st.Summary.AR}
	for _, kp := range st.KeyPoints {
		texts = append(texts, kp.AR)
	}
	for _, t := range texts {
		for s := range strings.SplitSeq(t, ".") {
			if strings.Contains(s, w) {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

// TestSpellingsFindEachOther indexes, for each pair, the seed's passage as
// the seed writes it and the same passage in the other spelling, and
// checks that each spelling, as a query, finds both passages and marks the
// word in each: both directions.
func TestSpellingsFindEachOther(t *testing.T) {
	seed := seedCatalog(t).Latest()
	var stmts []*summaries.Statement
	for i, p := range spellings {
		text := passage(seed, p.seen)
		if text == "" && !strings.Contains(p.seen, "وبال") {
			t.Fatalf("%q is not in the seed's text", p.seen)
		}
		if text == "" {
			text = "واجتذبت أكثر من 40,000 " + p.seen + " الإرهابيين الأجانب"
		}
		other := strings.Replace(text, strings.Trim(p.seen, `"`), strings.Trim(p.other, `"`), 1)
		for k, s := range []string{text, other} {
			stmts = append(stmts, &summaries.Statement{
				ID:     fmt.Sprintf("pair-%02d-%d", i, k),
				Title:  summaries.Text{AR: "بيان", EN: "Statement"},
				Source: summaries.Source{Lang: summaries.AR, Text: s},
			})
		}
	}
	cat, problems := summaries.NewCatalog(stmts)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	ix := build(t, cat)
	for i, p := range spellings {
		for _, q := range []string{p.seen, p.other} {
			res := search(t, ix, q, summaries.AR)
			got := keys(res.Hits)
			for k := range 2 {
				want := fmt.Sprintf("pair-%02d-%d", i, k)
				at := slices.Index(got, want)
				if at < 0 {
					t.Errorf("%s: %q does not find the passage %q (got %v)", want, q, cat.Get(want).Source.Text, got)
					continue
				}
				if h := res.Hits[at]; h.Field != "source" || len(h.Snippet.Marks) == 0 {
					t.Errorf("%s: %q matched %s with marks %v", want, q, h.Field, marked(h.Snippet))
				}
			}
		}
	}
}

// TestSeedSpellingsFindTheSamePassages checks the issue's own examples on
// the bundled catalog: /search أهمية and /search اهميه find the same
// passages, and so do الأمنية and الامنيه.
func TestSeedSpellingsFindTheSamePassages(t *testing.T) {
	ix := build(t, seedCatalog(t))
	for _, pair := range [][2]string{{"أهمية", "اهميه"}, {"الأمنية", "الامنيه"}, {"على مدى", "علي مدي"}, {"مقاتلين", "المقاتلين"}} {
		a, b := search(t, ix, pair[0], summaries.AR), search(t, ix, pair[1], summaries.AR)
		if len(a.Hits) == 0 || !slices.Equal(keys(a.Hits), keys(b.Hits)) {
			t.Errorf("%q finds %v, %q finds %v", pair[0], keys(a.Hits), pair[1], keys(b.Hits))
		}
	}
}

func TestAnalyzers(t *testing.T) {
	an := newAnalyzers()
	for _, tc := range []struct {
		lang summaries.Lang
		in   string
		want []string
	}{
		{summaries.AR, "١١٠٬٠٠٠ 110,000 110000", []string{"110000", "110000", "110000"}},
		{summaries.AR, "٧٫٧ 7.7 ال2020 $20,000,000,000", []string{"7.7", "7.7", "2020", "20000000000"}},
		{summaries.AR, "المقاتلين مقاتلين مقاتل المقاتلون وبالمقاتلين", []string{"مقاتل", "مقاتل", "مقاتل", "مقاتل", "مقاتل"}},
		{summaries.AR, "أهمية اهميه الأمنية الامنيه", []string{"اهم", "اهم", "امن", "امن"}},
		{summaries.AR, "مُقاتِلين مقاتـــلين", []string{"مقاتل", "مقاتل"}},
		{summaries.AR, "على علي في", nil},
		{summaries.AR, "شركائه شركايه مؤخرًا موخرا", []string{"شركا", "شركا", "موخرا", "موخرا"}},
		{summaries.AR, "ISIS's", []string{"isis's"}},
		{summaries.EN, "Fighters ISIS's ١١٠٬٠٠٠ the", []string{"fighter", "isi", "110000"}},
	} {
		var got []string
		for _, tok := range an.of(tc.lang).Analyze([]byte(tc.in)) {
			got = append(got, string(tok.Term))
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s %q: got %q, want %q", tc.lang, tc.in, got, tc.want)
		}
	}
}

// TestValuesKeepOffsets checks that texts joined in one field value keep
// their offsets and do not form phrases across them.
func TestValuesKeepOffsets(t *testing.T) {
	an := newAnalyzers()
	in := "خمس سنوات" + valueSep + "سنوات المشاركة"
	toks := an.ar.Analyze([]byte(in))
	if len(toks) != 4 {
		t.Fatalf("%d tokens", len(toks))
	}
	for _, tok := range toks {
		if w := in[tok.Start:tok.End]; !strings.Contains("خمس سنوات المشاركة", w) {
			t.Errorf("offsets %d-%d read %q", tok.Start, tok.End, w)
		}
	}
	if toks[2].Position-toks[1].Position < positionGap {
		t.Errorf("positions %d and %d are adjacent across texts", toks[1].Position, toks[2].Position)
	}
}

func TestSearchFieldsAreTheIndexedOnes(t *testing.T) {
	for _, f := range searchFields() {
		if f.name != fieldName(f.base, f.lang) {
			t.Errorf("%s is not %s in %s", f.name, f.base, f.lang)
		}
	}
}
