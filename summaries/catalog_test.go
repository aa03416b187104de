package summaries_test

import (
	"testing"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

func testCatalog(t *testing.T) *summaries.Catalog {
	t.Helper()
	mk := func(id string, date string, aliases ...string) *summaries.Statement {
		d, _ := time.Parse(time.DateOnly, date)
		return &summaries.Statement{ID: id, Aliases: aliases, Date: d,
			Title: summaries.Text{EN: "Statement " + id, AR: "بيان " + id}}
	}
	cat, problems := summaries.NewCatalog([]*summaries.Statement{
		mk("coalition-ministers-2019-11", "2019-11-14", "washington-2019", "التحالف-2019"),
		mk("coalition-ministers-2018-02", "2018-02-13", "kuwait-2018"),
		mk("gulf-summit-2021", "2021-01-05", "alula-2021", "العلا-2021"),
	})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return cat
}

func TestFind(t *testing.T) {
	cat := testCatalog(t)
	tests := []struct {
		query, want string
		ambiguous   int
		suggestions []string
	}{
		{query: "", want: "gulf-summit-2021"}, // the latest
		{query: "coalition-ministers-2019-11", want: "coalition-ministers-2019-11"},
		{query: "Washington-2019", want: "coalition-ministers-2019-11"},
		{query: "التحالف-٢٠١٩", want: "coalition-ministers-2019-11"}, // Arabic-Indic digits fold
		{query: "العلا-2021", want: "gulf-summit-2021"},
		{query: "gulf", want: "gulf-summit-2021"},
		{query: "kuw", want: "coalition-ministers-2018-02"},
		{query: "coalition", ambiguous: 2},
		{query: "washingtn-2019", suggestions: []string{"coalition-ministers-2019-11"}},
		{query: "zzzzzzzz"},
	}
	for _, tt := range tests {
		m := cat.Find(tt.query)
		got := ""
		if m.Statement != nil {
			got = m.Statement.ID
		}
		if got != tt.want || len(m.Ambiguous) != tt.ambiguous {
			t.Errorf("Find(%q) = %q (%d ambiguous), want %q (%d)", tt.query, got, len(m.Ambiguous), tt.want, tt.ambiguous)
		}
		if tt.suggestions != nil {
			if len(m.Suggestions) == 0 || m.Suggestions[0].ID != tt.suggestions[0] {
				t.Errorf("Find(%q) suggests %v, want %v first", tt.query, m.Suggestions, tt.suggestions)
			}
		}
	}
	if ids := cat.All(); ids[0].ID != "gulf-summit-2021" || ids[2].ID != "coalition-ministers-2018-02" {
		t.Errorf("not newest first: %v %v %v", ids[0].ID, ids[1].ID, ids[2].ID)
	}
}

// TestFindAsPeopleType: names typed with spaces for hyphens, Arabic-Indic
// digits, words of a title; a year alone is a near miss with suggestions.
func TestFindAsPeopleType(t *testing.T) {
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	cat, problems := summaries.NewCatalog([]*summaries.Statement{
		{ID: "coalition-ministers-2019-11", Aliases: []string{"coalition-2019", "washington-2019", "التحالف-2019"}, Date: d("2019-11-14"),
			Title: summaries.Text{EN: "Joint Communiqué by Ministers of the Global Coalition to Defeat ISIS", AR: "بيان مشترك لوزراء التحالف العالمي لهزيمة داعش"}},
		{ID: "gulf-summit-2021", Aliases: []string{"alula-2021", "العلا-2021"}, Date: d("2021-01-05"),
			Title: summaries.Text{EN: "Al-Ula Declaration of the Gulf Summit", AR: "إعلان العلا للقمة الخليجية"}},
	})
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	for q, want := range map[string]string{
		"coalition 2019": "coalition-ministers-2019-11", "التحالف ٢٠١٩": "coalition-ministers-2019-11", "Washington 2019": "coalition-ministers-2019-11",
		"coalition ministers": "coalition-ministers-2019-11", "defeat isis": "coalition-ministers-2019-11", "لهزيمة داعش": "coalition-ministers-2019-11",
		"ministers 2019": "coalition-ministers-2019-11", "gulf summit": "gulf-summit-2021", "القمة الخليجية": "gulf-summit-2021",
		"declaration": "gulf-summit-2021", "العلا ٢٠٢١": "gulf-summit-2021",
	} {
		if m := cat.Find(q); m.Statement == nil || m.Statement.ID != want {
			t.Errorf("Find(%q) = %+v, want %s", q, m, want)
		}
	}
	for q, want := range map[string]string{"2019": "coalition-ministers-2019-11", "٢٠٢١": "gulf-summit-2021"} {
		m := cat.Find(q)
		if m.Statement != nil || len(m.Suggestions) == 0 || m.Suggestions[0].ID != want {
			t.Errorf("Find(%q) = %+v, want suggestions starting with %s", q, m, want)
		}
	}
	if m := cat.Find("of the"); m.Statement != nil || len(m.Ambiguous) != 2 {
		t.Errorf("words both titles hold: %+v", m)
	}
}
