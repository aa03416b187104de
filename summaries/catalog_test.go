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
