package bot_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/search"
)

const seedID = "coalition-ministers-2019-11"

// matchesOf returns the Matches block of a reply.
func matchesOf(r *bot.Reply) []bot.Match {
	for _, b := range r.Blocks {
		if m, ok := b.(bot.Matches); ok {
			return m.Items
		}
	}
	return nil
}

// visible drops the direction controls a reply adds, to compare texts.
func visible(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x2066 && r <= 0x2069 || r == 0x200F {
			return -1
		}
		return r
	}, s)
}

// figureMatch reports whether m is figure fig of the seed, as its title
// names it.
func figureMatch(m bot.Match, lang summaries.Lang, fig string, cat *summaries.Catalog) bool {
	for _, f := range cat.Get(seedID).Figures {
		if f.ID == fig {
			return strings.HasSuffix(visible(m.Title), " — "+f.Label.In(lang)) && visible(m.Open) == "/figure "+seedID+" "+fig
		}
	}
	return false
}

// TestSearchFindsTheWordsTheBotDisplays is the list: words the bot
// itself displays, which the folded substring matcher missed, find their
// figures through /search and through inline mode, with the matched words
// marked.
func TestSearchFindsTheWordsTheBotDisplays(t *testing.T) {
	h := newHarness(t, nil)
	cat := testCatalog(t)
	for _, tc := range []struct {
		q    string
		lang summaries.Lang
		figs []string
	}{
		{"مليار", summaries.AR, []string{"aid-raised"}},
		{"million", summaries.EN, []string{"people-liberated", "displaced-iraq"}},
		{"مليون", summaries.AR, []string{"people-liberated", "displaced-iraq"}},
		{"7.7", summaries.EN, []string{"people-liberated"}},
		{"مقاتلين", summaries.AR, []string{"foreign-fighters"}},
		{"١١٠٬٠٠٠", summaries.AR, []string{"peak-territory"}},
	} {
		r := h.ask("/search "+tc.q, tc.lang)
		ms := matchesOf(r)
		if r.Error || len(ms) == 0 {
			t.Errorf("/search %s: %s", tc.q, describe(r))
			continue
		}
		for _, fig := range tc.figs {
			i := slices.IndexFunc(ms, func(m bot.Match) bool { return figureMatch(m, tc.lang, fig, cat) })
			switch {
			case i < 0:
				t.Errorf("/search %s does not list %s:\n%s", tc.q, fig, renderPlain(r))
			case len(ms[i].Marks) == 0:
				t.Errorf("/search %s: %s has no marked words: %q", tc.q, fig, ms[i].Snippet)
			}
		}
		var ids []string
		for _, res := range quick(h, tc.q, tc.lang, "", "") {
			ids = append(ids, res.ID)
		}
		for _, fig := range tc.figs {
			if !slices.Contains(ids, "f:"+seedID+":"+fig) {
				t.Errorf("inline %s does not offer %s: %v", tc.q, fig, ids)
			}
		}
	}
}

// Test20IsNotNoise: "20" once gave ten results of noise; now only the
// figure that says 20, through /search and inline mode alike.
func Test20IsNotNoise(t *testing.T) {
	h := newHarness(t, nil)
	r := h.ask("/search 20", summaries.EN)
	if ms := matchesOf(r); len(ms) != 1 || !figureMatch(ms[0], summaries.EN, "aid-raised", testCatalog(t)) {
		t.Errorf("/search 20:\n%s", describe(r))
	}
	if !strings.Contains(renderPlain(r), "1 result.") {
		t.Errorf("/search 20 does not say it found one:\n%s", renderPlain(r))
	}
	if rs := quick(h, "20", summaries.AR, "", ""); len(rs) != 1 || rs[0].ID != "f:"+seedID+":aid-raised" {
		t.Errorf("inline 20: %+v", rs)
	}
}

// TestSearchMatchOpens: each match has a button that opens it and the
// command that does, the quote of a figure is the curated quote byte for
// byte, and the total is given.
func TestSearchMatchOpens(t *testing.T) {
	h := newHarness(t, nil)
	cat := testCatalog(t)
	r := h.ask(`/search "أكثر من 40,000 من المقاتلين"`, summaries.AR)
	ms := matchesOf(r)
	if len(ms) == 0 || len(r.Buttons) != len(ms) {
		t.Fatalf("matches and buttons:\n%s", describe(r))
	}
	for i, m := range ms {
		btn := r.Buttons[i]
		if visible(m.Open) != "/"+btn.Command+" "+btn.Args || visible(m.Number) != btn.Label {
			t.Errorf("match %d opens %q, its button %+v", i+1, m.Open, btn)
		}
		if open := h.ask("/"+btn.Command+" "+btn.Args, btn.Lang); open.Error {
			t.Errorf("the button of match %d fails: %s", i+1, describe(open))
		}
	}
	fighters := cat.Get(seedID).Figures[slices.IndexFunc(cat.Get(seedID).Figures, func(f summaries.Figure) bool { return f.ID == "foreign-fighters" })]
	i := slices.IndexFunc(ms, func(m bot.Match) bool { return m.Quote })
	if i < 0 || ms[i].Snippet != fighters.Quote || len(ms[i].Marks) == 0 {
		t.Fatalf("no quote match with the curated quote: %+v", ms)
	}
	// Rendered, the quote keeps its bytes: nothing is inserted in it.
	if !strings.Contains(renderPlain(r), fighters.Quote) {
		t.Errorf("the quote is not whole in the rendering:\n%s", renderPlain(r))
	}
	for _, mk := range ms[i].Marks {
		if w := ms[i].Snippet[mk.Start:mk.End]; !slices.Contains([]string{"أكثر", "من", "40,000", "المقاتلين"}, w) {
			t.Errorf("marked %q", w)
		}
	}
	// Two figures of one statement open each its own figure.
	r = h.ask("/search million", summaries.EN)
	if ms := matchesOf(r); len(ms) != 2 || len(r.Buttons) != 2 || r.Buttons[0].Command != "figure" || r.Buttons[0].Args == r.Buttons[1].Args {
		t.Errorf("two figure matches, two buttons:\n%s", describe(r))
	}
}

// TestBadSearches: every kind of bad query gets its own clear answer, in
// both languages; a cut query still searches and says so; nothing found
// offers the suggestion as a command and a button.
func TestBadSearches(t *testing.T) {
	h := newHarness(t, nil)
	for _, tc := range []struct {
		line string
		en   string // a part of the English answer
		ar   string // a part of the Arabic one
	}{
		{"/search", "Type the words to look for", "اكتب الكلمات المطلوبة"},
		{"/search   ", "Type the words to look for", "اكتب الكلمات المطلوبة"},
		{"/search !!! ؟؟", "has none", "لا يحوي"},
		{"/search 🙂", "has none", "لا يحوي"},
		{"/search a", "Single letters", "الحروف المفردة"},
		{"/search -داعش", "not only what to leave out", "لا ما تستبعده"},
		{"/search the of", "too common", "أشيع"},
		{"/search zzzzqqq", "Nothing matches", "لا شيء يطابق"},
	} {
		for _, lang := range summaries.Langs {
			want := map[summaries.Lang]string{summaries.EN: tc.en, summaries.AR: tc.ar}[lang]
			r := h.ask(tc.line, lang)
			if !r.Error || !strings.Contains(renderPlain(r), want) {
				t.Errorf("%s in %s:\n%s", tc.line, lang, describe(r))
			}
		}
	}
	// 5,000 characters: cut, searched, and said so.
	r := h.ask("/search "+strings.Repeat("million ", 625), summaries.EN)
	if r.Error || !strings.Contains(renderPlain(r), "only its first 200 characters") || len(matchesOf(r)) == 0 {
		t.Errorf("a 5,000-character search:\n%s", describe(r))
	}
	// Nothing found, with a suggestion to tap.
	r = h.ask("/search washingtn", summaries.EN)
	if !strings.Contains(renderPlain(r), "Did you mean /search Washington?") || len(r.Buttons) != 1 ||
		r.Buttons[0].Command != "search" || r.Buttons[0].Args != "Washington" {
		t.Errorf("a typo:\n%s", describe(r))
	}
	// A search cut short by its deadline says so.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := &bot.Request{Command: "search", Args: "million", Lang: summaries.EN, Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "u"}}
	if r := h.bot.Handle(ctx, req); !r.Error || !strings.Contains(renderPlain(r), "took too long") {
		t.Errorf("a search past its deadline:\n%s", describe(r))
	}
}

// TestSearchBeforeTheIndexIsReady: until the index is built, /search says
// so and lookups list the latest statements, as an empty query does.
func TestSearchBeforeTheIndexIsReady(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the build stops at once: the index is never ready
	live := search.NewLive(ctx, testCatalog(t), nil, nil)
	live.Wait()
	h := newHarness(t, func(c *bot.Config) { c.Catalog = live })
	for _, lang := range summaries.Langs {
		r := h.ask("/search million", lang)
		want := map[summaries.Lang]string{summaries.EN: "still being built", summaries.AR: "قيد الإنشاء"}[lang]
		if !r.Error || !strings.Contains(renderPlain(r), want) {
			t.Errorf("/search before the index in %s:\n%s", lang, describe(r))
		}
	}
	rs := quick(h, "million", summaries.EN, "", "")
	if len(rs) != 2 || rs[0].ID != "s:"+seedID || rs[1].ID != "s:coalition-fixture-2018" {
		t.Errorf("inline before the index: %+v", rs)
	}
	if r := h.ask("/figures", summaries.EN); r.Error {
		t.Errorf("the catalog is not served meanwhile: %s", describe(r))
	}
}

// TestLookupsSearch: inline mode pages statements and figures; an empty
// query lists the statements; autocompleting a statement offers
// statements only, the word being typed completed.
func TestLookupsSearch(t *testing.T) {
	h := newHarness(t, nil)
	if rs := quick(h, "", summaries.EN, "", ""); len(rs) != 2 || strings.HasPrefix(rs[0].ID, "f:") {
		t.Errorf("an empty query lists the statements, got %+v", rs)
	}
	if rs := quick(h, "coal", summaries.EN, "figures", "statement"); len(rs) != 2 || rs[0].Value == "" || rs[0].Reply != nil ||
		slices.ContainsFunc(rs, func(r bot.Result) bool { return !strings.HasPrefix(r.ID, "s:") }) {
		t.Errorf("completing a statement offers statements only, with their ids: %+v", rs)
	}
	if rs := quick(h, "التحا", summaries.AR, "summary", "statement"); len(rs) != 2 {
		t.Errorf("an Arabic word being typed: %+v", rs)
	}
	for _, r := range quick(h, "coalition", summaries.AR, "", "") {
		if rep := r.Reply; rep == nil || rep.Lang != summaries.AR || len(rep.Blocks) == 0 {
			t.Errorf("%s has no Arabic reply", r.ID)
		}
	}
	if rs := quick(h, "zzzzqqq", summaries.EN, "", ""); len(rs) != 0 {
		t.Errorf("nonsense matched %d results", len(rs))
	}
	// Spelling is forgiven: the source's اهميه is أهمية, لهزيمه is لهزيمة,
	// نازحين finds the displaced.
	for q, want := range map[string]string{"اهميه": "s:" + seedID, "التحالف لهزيمه": "s:" + seedID,
		"نازحين": "f:" + seedID + ":displaced-iraq", "110,000": "f:" + seedID + ":peak-territory"} {
		if rs := quick(h, q, summaries.AR, "", ""); !slices.ContainsFunc(rs, func(r bot.Result) bool { return r.ID == want }) {
			t.Errorf("%s does not offer %s: %+v", q, want, rs)
		}
	}
}

// swapCatalog is n statements, each with "zeppelin" in its title, their ids
// starting with prefix.
func swapCatalog(t *testing.T, prefix string, n int) *summaries.Catalog {
	var sts []*summaries.Statement
	for i := range n {
		sts = append(sts, &summaries.Statement{
			ID: fmt.Sprintf("%s-%d", prefix, i), Date: time.Date(2020, 1, 1+i, 0, 0, 0, 0, time.UTC),
			Title:   summaries.Text{EN: fmt.Sprintf("Zeppelin statement %d", i), AR: fmt.Sprintf("بيان المناطيد %d", i)},
			Summary: summaries.Text{EN: "On airships.", AR: "عن المناطيد."},
			Source:  summaries.Source{Lang: summaries.EN, Text: "Zeppelins were discussed."},
		})
	}
	cat, problems := summaries.NewCatalog(sts)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return cat
}

// TestReloadNeverPairsACatalogWithAnotherIndex: while reloads swap two
// catalogs back and forth (updating the index in place, and rebuilding
// it), every /search and every lookup answers from one catalog and its own
// index: every match is a statement of that catalog, and all of them are.
func TestReloadNeverPairsACatalogWithAnotherIndex(t *testing.T) {
	a, b := swapCatalog(t, "alpha", 3), swapCatalog(t, "beta", 4)
	core := bottest.NewCore(t, bottest.Options{Catalog: a})
	live := core.Live
	ids := func(c *summaries.Catalog) []string { return c.IDs() }
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		cats := []*summaries.Catalog{b, a}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			prev, next := cats[(i+1)%2], cats[i%2]
			if i%10 == 9 { // now and then a rebuild in the background
				live.Publish(next, slices.Concat(ids(next), make([]string, 100)), ids(prev))
				live.Ready(context.Background())
			} else {
				live.Publish(next, ids(next), ids(prev))
			}
			time.Sleep(time.Millisecond)
		}
	})
	families := map[int]string{3: "alpha-", 4: "beta-"}
	deadline := time.Now().Add(time.Second)
	checked := 0
	for time.Now().Before(deadline) || checked < 20 {
		r := core.Bot.Handle(context.Background(), &bot.Request{Command: "search", Args: "zeppelin", Lang: summaries.EN,
			Chat: bot.Chat{Key: "c"}, User: bot.User{Key: "u"}})
		if strings.Contains(renderPlain(r), "still being built") {
			continue
		}
		ms := matchesOf(r)
		family := families[len(ms)]
		if family == "" || !strings.Contains(renderPlain(r), fmt.Sprintf("%d results.", len(ms))) {
			t.Fatalf("a search answered from a mixed pair:\n%s", describe(r))
		}
		for _, m := range ms {
			if !strings.HasPrefix(m.Open, "/summary "+family) {
				t.Fatalf("a search answered from a mixed pair:\n%s", describe(r))
			}
		}
		rs := quick(&harness{bot: core.Bot}, "zeppelin", summaries.EN, "", "")
		if family = families[len(rs)]; family == "" {
			t.Fatalf("a lookup answered from a mixed pair: %+v", rs)
		}
		for _, res := range rs {
			if !strings.HasPrefix(res.Value, family) {
				t.Fatalf("a lookup answered from a mixed pair: %+v", rs)
			}
		}
		checked++
	}
	close(stop)
	wg.Wait()
	if checked < 10 {
		t.Errorf("only %d searches ran", checked)
	}
	if strings.Contains(core.Logs.String(), "not in the request's catalog") {
		t.Error("a hit came from another catalog's index")
	}
}
