package search

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

const seedID = "coalition-ministers-2019-11"

// TestDisplayedWordsFindTheirFigures is the list: words the bot
// itself displays, which the folded substring matcher missed, find their
// figures, first.
func TestDisplayedWordsFindTheirFigures(t *testing.T) {
	ix := build(t, seedCatalog(t))
	for _, tc := range []struct {
		q    string
		lang summaries.Lang
		want []string // figure ids, in any order, before any other hit
	}{
		{"مليار", summaries.AR, []string{"aid-raised"}},
		{"million", summaries.EN, []string{"people-liberated", "displaced-iraq"}},
		{"مليون", summaries.AR, []string{"people-liberated", "displaced-iraq"}},
		{"7.7", summaries.EN, []string{"people-liberated"}},
		{"مقاتلين", summaries.AR, []string{"foreign-fighters"}},
		{"١١٠٬٠٠٠", summaries.AR, []string{"peak-territory"}},
		{"20 مليار", summaries.AR, []string{"aid-raised"}},
		{"$20 billion", summaries.EN, []string{"aid-raised"}},
		{"7.7 million", summaries.EN, []string{"people-liberated"}},
		{"٧٫٧ مليون", summaries.AR, []string{"people-liberated"}},
		{"20", summaries.AR, []string{"aid-raised"}},
		{"220000", summaries.EN, []string{"forces-trained"}},
	} {
		res := search(t, ix, tc.q, tc.lang)
		var got []string
		for _, h := range res.Hits[:min(len(tc.want), len(res.Hits))] {
			got = append(got, h.FigureID)
		}
		slices.Sort(got)
		want := slices.Sorted(slices.Values(tc.want))
		if !slices.Equal(got, want) {
			t.Errorf("%q: first hits %v, want %v (all: %v)", tc.q, got, want, keys(res.Hits))
			continue
		}
		if h := res.Hits[0]; len(h.Snippet.Marks) == 0 {
			t.Errorf("%q: snippet %q has no marks", tc.q, h.Snippet.Text)
		}
	}
	// "20" once returned ten results of noise; now only what holds 20.
	if res := search(t, ix, "20", summaries.AR); res.Total != 1 {
		t.Errorf("20: %d results %v", res.Total, keys(res.Hits))
	}
	// The amount snippet is in the reply language.
	if h := search(t, ix, "20", summaries.EN).Hits[0]; h.Field != "amount" || h.Snippet.Text != "more than $20 billion" {
		t.Errorf("20 in English: %s %q", h.Field, h.Snippet.Text)
	}
}

// TestLabelOutranksAMention: a figure whose label holds the word ranks
// above a statement that mentions it once.
func TestLabelOutranksAMention(t *testing.T) {
	mention := &summaries.Statement{
		ID:      "mentions",
		Title:   summaries.Text{AR: "بيان عن الحدود", EN: "Statement on the borders"},
		Summary: summaries.Text{AR: "تحدث الوزراء عن المنطقة.", EN: "The ministers spoke of the region and, once, of zeppelins."},
		Source:  summaries.Source{Lang: summaries.EN, Text: "The ministers spoke of the region and of zeppelins."},
	}
	labelled := &summaries.Statement{
		ID:     "labels",
		Title:  summaries.Text{AR: "بيان عن النقل", EN: "Statement on transport"},
		Source: summaries.Source{Lang: summaries.EN, Text: "Twelve hangars were built."},
		Figures: []summaries.Figure{{ID: "hangars", Value: 12, Unit: summaries.UnitCount, Qualifier: summaries.Exact,
			Label: summaries.Text{AR: "حظائر المناطيد", EN: "Zeppelin hangars built"}, Quote: "Twelve hangars were built."}},
	}
	cat, _ := summaries.NewCatalog([]*summaries.Statement{mention, labelled})
	res := search(t, build(t, cat), "zeppelin", summaries.EN)
	if got := keys(res.Hits); !slices.Equal(got, []string{"labels/hangars", "mentions"}) {
		t.Fatalf("hits %v", got)
	}
	if res.Hits[0].Field != "label" || res.Hits[0].Score <= res.Hits[1].Score {
		t.Errorf("label hit %+v, mention %+v", res.Hits[0], res.Hits[1])
	}
	// And on the seed: the police figure's label above the statement's text.
	res = search(t, build(t, seedCatalog(t)), "الشرطة", summaries.AR)
	if len(res.Hits) < 2 || hitKey(res.Hits[0]) != seedID+"/forces-trained" || res.Hits[0].Field != "label" {
		t.Errorf("الشرطة: %v", keys(res.Hits))
	}
}

// TestQuoteSnippetIsTheQuote: a hit in a figure's quote gives the curated
// quote byte for byte, with the matched words marked.
func TestQuoteSnippetIsTheQuote(t *testing.T) {
	cat := seedCatalog(t)
	ix := build(t, cat)
	for _, f := range cat.Latest().Figures {
		words := strings.Fields(f.Quote)
		q := `"` + strings.Join(words[:min(5, len(words))], " ") + `"`
		res := search(t, ix, q, summaries.AR)
		i := slices.IndexFunc(res.Hits, func(h Hit) bool { return h.FigureID == f.ID })
		if i < 0 {
			t.Errorf("%s: %s does not find the figure: %v", f.ID, q, keys(res.Hits))
			continue
		}
		h := res.Hits[i]
		if h.Field != "quote" {
			t.Errorf("%s: %s matched the %s", f.ID, q, h.Field)
			continue
		}
		if h.Snippet.Text != f.Quote {
			t.Errorf("%s: snippet %q is not the quote %q", f.ID, h.Snippet.Text, f.Quote)
		}
		checkMarks(t, h.Snippet)
		if len(h.Snippet.Marks) == 0 {
			t.Errorf("%s: no marks", f.ID)
		}
	}
}

// checkMarks checks that marks are in order, inside the text, on whole
// words.
func checkMarks(t *testing.T, s Snippet) {
	t.Helper()
	prev := 0
	for _, m := range s.Marks {
		if m.Start < prev || m.End <= m.Start || m.End > len(s.Text) {
			t.Errorf("bad mark %v in %q", m, s.Text)
			return
		}
		if !utf8.ValidString(s.Text[m.Start:m.End]) || !wordEdge(s.Text, m.Start) || !wordEdge(s.Text, m.End) {
			t.Errorf("mark %v cuts a word in %q", m, s.Text)
		}
		prev = m.End
	}
}

func wordEdge(s string, i int) bool {
	if i == 0 || i == len(s) {
		return true
	}
	r1, _ := utf8.DecodeLastRuneInString(s[:i])
	r2, _ := utf8.DecodeRuneInString(s[i:])
	return !isWordRune(r1) || !isWordRune(r2)
}

// TestSourceSnippetWindow: a match in a long source text gives a window
// cut at word boundaries, with "…", that never cuts a figure's quote.
func TestSourceSnippetWindow(t *testing.T) {
	filler := strings.Repeat("وتناول الاجتماع قضايا المنطقة كلها ", 30)
	quote := "وقد حررت حمله الائتلاف حوالي 7,700,000 شخص من سيطرة داعش في المدن والقرى والبلدات المحررة كلها"
	st := &summaries.Statement{
		ID:    "long",
		Title: summaries.Text{AR: "بيان", EN: "Statement"},
		Source: summaries.Source{Lang: summaries.AR,
			Text: filler + quote + " ثم زيبلين " + filler},
		Figures: []summaries.Figure{{ID: "freed", Value: 7.7e6, Unit: summaries.UnitPeople, Qualifier: summaries.About,
			Label: summaries.Text{AR: "المحررون", EN: "Freed"}, Quote: quote}},
	}
	cat, _ := summaries.NewCatalog([]*summaries.Statement{st})
	res := search(t, build(t, cat), "زيبلين", summaries.AR)
	if len(res.Hits) != 1 || res.Hits[0].Field != "source" {
		t.Fatalf("hits %+v", res.Hits)
	}
	s := res.Hits[0].Snippet
	if !strings.HasPrefix(s.Text, ellipsis) || !strings.HasSuffix(s.Text, ellipsis) {
		t.Errorf("window %q is not cut on both sides", s.Text)
	}
	body := strings.TrimSuffix(strings.TrimPrefix(s.Text, ellipsis), ellipsis)
	if !strings.Contains(" "+st.Source.Text+" ", " "+body+" ") {
		t.Errorf("window %q is not cut at word boundaries", body)
	}
	if !strings.Contains(s.Text, quote) {
		t.Errorf("window %q cuts the quote", s.Text)
	}
	checkMarks(t, s)
	if got := marked(s); !slices.Equal(got, []string{"زيبلين"}) {
		t.Errorf("marks %q", got)
	}
}

func TestPhrasesAndExclusions(t *testing.T) {
	ix := build(t, seedCatalog(t))
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{`"المقاتلين الإرهابيين الأجانب"`, []string{seedID + "/foreign-fighters", seedID}},
		{`"الأجانب الإرهابيين المقاتلين"`, nil},
		{`«المقاتلين الإرهابيين»`, []string{seedID + "/foreign-fighters", seedID}},
		{"مليون -7.7", []string{seedID + "/displaced-iraq"}},
		{`million -"7.7 million"`, []string{seedID + "/displaced-iraq"}},
		{"مقاتلين -داعش", []string{}},
		{`"foreign terrorist fighters" ISIS`, []string{seedID + "/foreign-fighters", seedID}},
		{"washington-2019", []string{seedID}},
	} {
		res := search(t, ix, tc.q, summaries.AR)
		if got := keys(res.Hits); !slices.Equal(got, tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
			t.Errorf("%s: %v, want %v", tc.q, got, tc.want)
		}
	}
	q, _ := ParseQuery("مقاتلين")
	q.StatementsOnly = true
	res, err := ix.Search(t.Context(), q)
	if err != nil || len(res.Hits) != 1 || res.Hits[0].FigureID != "" {
		t.Errorf("statements only: %v %v", err, res)
	}
}

func TestBadQueries(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want error
	}{
		{"", ErrEmpty},
		{"   \n\t ", ErrEmpty},
		{"!!! ؟؟ ... ، ؛", ErrPunctuationOnly},
		{"🙂 🙂", ErrPunctuationOnly},
		{"ـــ", ErrPunctuationOnly},
		{"\xff\xfe\x00\x01", ErrPunctuationOnly},
		{"a", ErrTooShort},
		{"و ب", ErrTooShort},
		{"-داعش -سوريا", ErrExclusionsOnly},
		{strings.Repeat("داعش والتحالف ", 400), ErrTooLong},
		{strings.Repeat("x", 5000), ErrTooLong},
	} {
		q, err := ParseQuery(tc.in)
		if !errors.Is(err, tc.want) {
			t.Errorf("%.40q: error %v, want %v", tc.in, err, tc.want)
			continue
		}
		var qe *QueryError
		if !errors.As(err, &qe) || err.Error() == "" {
			t.Errorf("%.40q: %T is not a *QueryError", tc.in, err)
		}
		if tc.want == ErrTooLong {
			if len(q.Terms) == 0 || len(q.Terms) > MaxTerms || utf8.RuneCountInString(q.String()) > MaxQueryRunes {
				t.Errorf("cut query %d terms, %q", len(q.Terms), q.String())
			}
		} else if len(q.Terms) != 0 {
			t.Errorf("%.40q: terms %v with error %v", tc.in, q.Terms, err)
		}
	}

	ix := build(t, seedCatalog(t))
	q, _ := ParseQuery("على في")
	if _, err := ix.Search(t.Context(), q); !errors.Is(err, ErrCommonWordsOnly) {
		t.Errorf("common words: %v", err)
	}
	if _, err := ix.Search(t.Context(), Query{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty query: %v", err)
	}
	long, _ := ParseQuery(strings.Repeat("داعش والتحالف ", 400))
	if _, err := ix.Search(t.Context(), long); err != nil {
		t.Errorf("the cut query does not search: %v", err)
	}
}

func TestParseQuery(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Term
	}{
		{"مقاتلين  أجانب", []Term{{Text: "مقاتلين"}, {Text: "أجانب"}}},
		{`"علي مدي" خمس`, []Term{{Text: "علي مدي", Phrase: true}, {Text: "خمس"}}},
		{`«المقاتلين الأجانب» -داعش`, []Term{{Text: "المقاتلين الأجانب", Phrase: true}, {Text: "داعش", Exclude: true}}},
		{`-"7.7 million" million`, []Term{{Text: "7.7 million", Phrase: true, Exclude: true}, {Text: "million"}}},
		{`"unclosed phrase`, []Term{{Text: "unclosed phrase", Phrase: true}}},
		{`north-east, (Syria)! $20`, []Term{{Text: "north-east"}, {Text: "Syria"}, {Text: "20"}}},
		{`"one"`, []Term{{Text: "one"}}},
		{"a 5 ب مقاتل", []Term{{Text: "5"}, {Text: "مقاتل"}}},
		{"داعش داعش", []Term{{Text: "داعش"}}},
	} {
		q, err := ParseQuery(tc.in)
		if err != nil || !slices.Equal(q.Terms, tc.want) {
			t.Errorf("%q: %+v %v, want %+v", tc.in, q.Terms, err, tc.want)
		}
		if again, err := ParseQuery(q.String()); err != nil || !slices.Equal(again.Terms, q.Terms) {
			t.Errorf("%q does not parse back: %+v %v", q.String(), again.Terms, err)
		}
	}
}

func TestSuggestion(t *testing.T) {
	ix := build(t, seedCatalog(t))
	for _, tc := range []struct{ q, lang, want string }{
		{"مقاتلن", "ar", ""},
		{"washingtn", "en", "Washington"},
		{"coaliton", "en", ""},
	} {
		res := search(t, ix, tc.q, summaries.Lang(tc.lang))
		if res.Total != 0 || res.Suggestion == "" {
			t.Errorf("%q: %d hits, suggestion %q", tc.q, res.Total, res.Suggestion)
			continue
		}
		if tc.want != "" && res.Suggestion != tc.want {
			t.Errorf("%q: suggestion %q, want %q", tc.q, res.Suggestion, tc.want)
		}
		if again := search(t, ix, res.Suggestion, summaries.Lang(tc.lang)); again.Total == 0 {
			t.Errorf("%q: the suggestion %q finds nothing", tc.q, res.Suggestion)
		}
	}
	if res := search(t, ix, "zzzzqqqq", summaries.EN); res.Total != 0 || res.Suggestion != "" {
		t.Errorf("nonsense: %+v", res)
	}
}

func TestSearchIsBounded(t *testing.T) {
	ix := build(t, seedCatalog(t))
	q, _ := ParseQuery("داعش")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := ix.Search(ctx, q); !errors.Is(err, ErrTimeout) || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	q.Limit, q.Offset = 1_000_000, -5
	res, err := ix.Search(t.Context(), q)
	if err != nil || len(res.Hits) > MaxLimit {
		t.Errorf("huge limit: %v %d", err, len(res.Hits))
	}
	q.Offset = 1_000_000
	if res, err := ix.Search(t.Context(), q); err != nil || len(res.Hits) != 0 || res.Total == 0 {
		t.Errorf("huge offset: %v %+v", err, res)
	}
}

func TestClose(t *testing.T) {
	ix := build(t, seedCatalog(t))
	q, _ := ParseQuery("داعش")
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Search(t.Context(), q); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}

// TestHitsOpenTheirMatch: every hit names a statement (and figure) of the
// catalog, so the bot can make its button.
func TestHitsOpenTheirMatch(t *testing.T) {
	cat := seedCatalog(t)
	ix := build(t, cat)
	for _, q := range []string{"داعش", "coalition", "مليون", "110,000"} {
		for _, h := range search(t, ix, q, summaries.EN).Hits {
			st := cat.Get(h.StatementID)
			if st == nil || h.FigureID != "" && !slices.ContainsFunc(st.Figures, func(f summaries.Figure) bool { return f.ID == h.FigureID }) {
				t.Errorf("%q: hit %s opens nothing", q, hitKey(h))
			}
			checkMarks(t, h.Snippet)
			if h.Field != "quote" && strings.ContainsAny(h.Snippet.Text, "\n\t") {
				t.Errorf("%q: snippet %q keeps line breaks", q, h.Snippet.Text)
			}
			for _, m := range marked(h.Snippet) {
				if arabic.Normalize(m) == "" {
					t.Errorf("%q: empty mark", q)
				}
			}
		}
	}
}

func TestEmptyCatalogAndNoAmounts(t *testing.T) {
	empty, _ := summaries.NewCatalog(nil)
	res := search(t, build(t, empty), "داعش", summaries.AR)
	if res.Total != 0 || len(res.Hits) != 0 || res.Suggestion != "" {
		t.Errorf("empty catalog: %+v", res)
	}
	ix, err := Build(t.Context(), seedCatalog(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// Without amounts, values still find their figures.
	if res := search(t, ix, "110000", summaries.EN); len(res.Hits) == 0 || res.Hits[0].FigureID != "peak-territory" {
		t.Errorf("no amounts: %v", keys(res.Hits))
	}
	if _, err := Build(t.Context(), nil, nil); err == nil {
		t.Error("a nil catalog builds")
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Build(ctx, seedCatalog(t), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build: %v", err)
	}
}

// prefixSearch searches s as a word still being typed (Query.Prefix).
func prefixSearch(t *testing.T, ix *Index, s string) *Results {
	t.Helper()
	q, err := ParseQuery(s)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", s, err)
	}
	q.Lang, q.Limit, q.Prefix = summaries.EN, MaxLimit, true
	res, err := ix.Search(t.Context(), q)
	if err != nil {
		t.Fatalf("Search(%q): %v", s, err)
	}
	return res
}

// TestPrefixCompletesTheWordBeingTyped: the last word of a lookup is
// completed (three letters or digits at least), and a number by whole
// groups of three digits: typing 110 on the way to 110,000 finds it, 201
// is not 2019, and 20 is only the figure that says 20.
func TestPrefixCompletesTheWordBeingTyped(t *testing.T) {
	ix := build(t, seedCatalog(t))
	hasFigure := func(res *Results, id string) bool {
		return slices.ContainsFunc(res.Hits, func(h Hit) bool { return h.FigureID == id })
	}
	for _, q := range []string{"territ", "110", "١١٠", "ISIS territ"} {
		if res := prefixSearch(t, ix, q); !hasFigure(res, "peak-territory") {
			t.Errorf("%q: %v", q, keys(res.Hits))
		}
	}
	if res := search(t, ix, "110", summaries.EN); hasFigure(res, "peak-territory") {
		t.Error("a whole search for 110 found 110,000")
	}
	if res := prefixSearch(t, ix, "201"); res.Total != 0 {
		t.Errorf("201 completed to a year: %v", keys(res.Hits))
	}
	if res := prefixSearch(t, ix, "20"); len(res.Hits) != 1 || res.Hits[0].FigureID != "aid-raised" {
		t.Errorf("20 completed: %v", keys(res.Hits))
	}
	if res := prefixSearch(t, ix, "te"); res.Total != 0 {
		t.Errorf("two letters completed: %v", keys(res.Hits))
	}
}
