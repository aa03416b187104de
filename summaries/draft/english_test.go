package draft

import (
	"testing"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

// TestEnglishPage drafts the made-up English page: the communiqué's figures
// as its English original words them.
func TestEnglishPage(t *testing.T) {
	d := importPage(t, "testdata/english.page.txt", Options{})
	if d.Lang != summaries.EN || d.ID != "washington-2019-11" || d.Date.Date.Format(time.DateOnly) != "2019-11-14" || d.Date.Check != "" {
		t.Errorf("lang %s, id %s, date %+v", d.Lang, d.ID, d.Date)
	}
	if d.Place.Place.EN != "Washington" || d.Title != "Joint Communiqué by Ministers of the Global Coalition to Defeat ISIS" {
		t.Errorf("place %+v, title %q", d.Place, d.Title)
	}
	want := map[string]fig{
		"five":        {5, summaries.UnitYears, summaries.Exact, "After five years of military and civilian engagement"},
		"110,000":     {110000, summaries.UnitKM2, summaries.Nearly, "ISIS controlled nearly 110,000 square kilometers of territory"},
		"40,000":      {40000, summaries.UnitFighters, summaries.MoreThan, "and attracted more than 40,000 foreign terrorist fighters."},
		"7.7 million": {7.7e6, summaries.UnitPeople, summaries.About, "The Coalition campaign liberated approximately 7.7 million people from ISIS control."},
		"20 billion":  {20e9, summaries.UnitUSD, summaries.MoreThan, "Coalition members helped raise over $20 billion in humanitarian and stabilization assistance"},
		"220,000":     {220000, summaries.UnitPersonnel, summaries.MoreThan, "and trained and equipped more than 220,000 security and police personnel."},
		"3,000":       {3000, summaries.UnitCount, summaries.UpTo, "up to 3,000 families and at least 25% of the towns were affected"},
		"25":          {25, summaries.UnitPercent, summaries.AtLeast, "up to 3,000 families and at least 25% of the towns were affected"},
		"2020":        {2020, summaries.UnitYear, summaries.Exact, "We welcome Italy's offer to host the next meeting in 2020."},
	}
	got := map[string]fig{}
	vague := 0
	for _, c := range d.Figures {
		if c.Vague {
			vague++
			continue
		}
		got[c.Written] = fig{c.Value, c.Unit, c.Qualifier, c.Quote}
	}
	for w, f := range want {
		if got[w] != f {
			t.Errorf("«%s»: got %v, want %v", w, got[w], f)
		}
	}
	for _, w := range []string{"2", "10:30", "30", "2019"} {
		if _, ok := got[w]; ok {
			t.Errorf("«%s» (a date or a time) is a candidate", w)
		}
	}
	if vague != 1 {
		t.Errorf("%d vague amounts, want 1 (tens of thousands)", vague)
	}
}
