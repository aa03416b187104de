package search

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/data"
	"github.com/briefbot/briefbot/summaries"
)

// testAmounts renders amounts as the bot's catalogs do (bot/format.go and
// bot/locales), for the units and plural forms the tests meet: "more than
// $20 billion", "أكثر من 20 مليار دولار", "about 7.7 million people".
func testAmounts(f summaries.Figure, lang summaries.Lang) string {
	var num string
	mant, scale := scaled(f.Value)
	switch {
	case f.Unit == summaries.UnitYear:
		num = strconv.FormatFloat(f.Value, 'f', -1, 64)
	case scale != "":
		num = groupDigits(mant) + " " + map[summaries.Lang]map[string]string{
			summaries.EN: {"m": "million", "b": "billion", "t": "trillion"},
			summaries.AR: {"m": "مليون", "b": "مليار", "t": "تريليون"},
		}[lang][scale]
	default:
		num = groupDigits(f.Value)
	}
	few := arabicFew(f.Value)
	var amount string
	if lang == summaries.AR {
		amount = map[summaries.Unit]string{
			summaries.UnitKM2: num + " كم²", summaries.UnitPeople: num + pick(few, " أشخاص", " شخص"),
			summaries.UnitFighters: num + pick(few, " مقاتلين", " مقاتل"), summaries.UnitPersonnel: num + pick(few, " عناصر", " عنصر"),
			summaries.UnitUSD: num + pick(few, " دولارات", " دولار"), summaries.UnitYears: num + pick(few, " سنوات", " سنة"),
			summaries.UnitYear: "عام " + num, summaries.UnitPercent: num + "٪", summaries.UnitCount: num,
		}[f.Unit]
		return strings.Replace(map[summaries.Qualifier]string{
			summaries.Exact: "%", summaries.About: "حوالي %", summaries.Nearly: "قرابة %", summaries.MoreThan: "أكثر من %",
			summaries.AtLeast: "ما لا يقل عن %", summaries.UpTo: "ما يصل إلى %", summaries.LessThan: "أقل من %",
		}[f.Qualifier], "%", amount, 1)
	}
	amount = map[summaries.Unit]string{
		summaries.UnitKM2: num + " km²", summaries.UnitPeople: num + " people", summaries.UnitFighters: num + " fighters",
		summaries.UnitPersonnel: num + " personnel", summaries.UnitUSD: "$" + num, summaries.UnitYears: num + " years",
		summaries.UnitYear: num, summaries.UnitPercent: num + "%", summaries.UnitCount: num,
	}[f.Unit]
	if f.Qualifier == summaries.Exact {
		return amount
	}
	return string(f.Qualifier) + " " + amount
}

// arabicFew is CLDR's Arabic "few" (3–10 after the hundreds).
func arabicFew(v float64) bool {
	n := int64(v)
	return float64(n) == v && n%100 >= 3 && n%100 <= 10
}

func pick(c bool, a, b string) string {
	if c {
		return a
	}
	return b
}

// scaled and groupDigits mirror bot/format.go's (this package must not
// import bot): millions or billions when exact to two decimals, and
// thousands grouped with ",".
func scaled(v float64) (float64, string) {
	for _, s := range []struct {
		size float64
		id   string
	}{{1e12, "t"}, {1e9, "b"}, {1e6, "m"}} {
		if v < s.size {
			continue
		}
		m := v / s.size
		if r := math.Round(m*100) / 100; math.Abs(r-m) < 1e-9 {
			return r, s.id
		}
		return 0, ""
	}
	return 0, ""
}

func groupDigits(v float64) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// seedCatalog is the bundled catalog: the seed's communiqué.
func seedCatalog(t testing.TB) *summaries.Catalog {
	t.Helper()
	cat, err := loadSeed()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func loadSeed() (*summaries.Catalog, error) {
	cat, problems, err := summaries.Load(data.FS())
	if err != nil || len(problems) > 0 || cat.Len() == 0 {
		return nil, fmt.Errorf("loading the bundled catalog: %v %v", err, problems)
	}
	return cat, nil
}

// build indexes cat and closes the index when the test ends.
func build(t testing.TB, cat *summaries.Catalog) *Index {
	t.Helper()
	ix, err := Build(context.Background(), cat, testAmounts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// search parses and runs s in lang.
func search(t testing.TB, ix *Index, s string, lang summaries.Lang) *Results {
	t.Helper()
	q, err := ParseQuery(s)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", s, err)
	}
	q.Lang, q.Limit = lang, MaxLimit
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%q): %v", s, err)
	}
	return res
}

// hitKey names a hit: "statement" or "statement/figure".
func hitKey(h Hit) string {
	if h.FigureID == "" {
		return h.StatementID
	}
	return h.StatementID + "/" + h.FigureID
}

func keys(hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = hitKey(h)
	}
	return out
}

// marked returns the marked parts of a snippet.
func marked(s Snippet) []string {
	var out []string
	for _, m := range s.Marks {
		out = append(out, s.Text[m.Start:m.End])
	}
	return out
}
