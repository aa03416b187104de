package draft

import (
	"testing"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

func TestSuggestID(t *testing.T) {
	nov := time.Date(2019, 11, 14, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		place summaries.Text
		date  time.Time
		title string
		lang  summaries.Lang
		want  string
	}{
		{summaries.Text{AR: "واشنطن", EN: "Washington"}, nov, "", summaries.AR, "washington-2019-11"},
		{summaries.Text{EN: "Sharm el-Sheikh"}, nov, "", summaries.AR, "sharm-el-sheikh-2019-11"},
		{summaries.Text{}, nov, "Joint Communiqué of the Ministers", summaries.EN, "joint-communique-ministers-2019-11"},
		{summaries.Text{}, nov, "بيان مشترك", summaries.AR, "statement-2019-11"},
		{summaries.Text{AR: "طشقند"}, nov, "", summaries.AR, "statement-2019-11"},
	}
	for _, tt := range tests {
		got := SuggestID(tt.place, tt.date, tt.title, tt.lang, "text")
		if got != tt.want || !summaries.ValidID(got) {
			t.Errorf("SuggestID(%+v, %q) = %q, want %q", tt.place, tt.title, got, tt.want)
		}
	}
	a, b := SuggestID(summaries.Text{}, time.Time{}, "", summaries.AR, "one text"), SuggestID(summaries.Text{}, time.Time{}, "", summaries.AR, "another")
	if a == b || !summaries.ValidID(a) {
		t.Errorf("undated ids %q and %q", a, b)
	}
}

func TestFigureIDs(t *testing.T) {
	cs := []Candidate{
		{Value: 110000, Unit: summaries.UnitKM2},
		{Value: 7.7e6, Unit: summaries.UnitPeople},
		{Value: 20e9, Unit: summaries.UnitUSD},
		{Value: 2020, Unit: summaries.UnitYear},
		{Value: 5, Unit: summaries.UnitYears},
		{Value: 5, Unit: summaries.UnitYears},
		{Value: 1.5, Unit: summaries.UnitPercent},
		{Value: 1e4, Unit: summaries.UnitPeople, Vague: true},
	}
	assignIDs(cs)
	want := []string{"area-110k", "people-7-7m", "usd-20b", "year-2020", "years-5", "years-5-2", "percent-1-5", "people-tens-of-thousands"}
	for i, c := range cs {
		if c.ID != want[i] || !summaries.ValidID(c.ID) {
			t.Errorf("id %d = %q, want %q", i, c.ID, want[i])
		}
	}
}
