package schedule

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

func statement(figs ...summaries.Figure) *summaries.Statement {
	return &summaries.Statement{ID: "s", Title: summaries.Text{AR: "ع", EN: "S"}, Source: summaries.Source{Lang: summaries.AR}, Figures: figs}
}

func fig(id string, v float64, u summaries.Unit, q summaries.Qualifier) summaries.Figure {
	return summaries.Figure{ID: id, Value: v, Unit: u, Qualifier: q, Label: summaries.Text{EN: id}, Quote: id + " quote"}
}

func TestCorrections(t *testing.T) {
	a := fig("a", 110000, summaries.UnitKM2, summaries.About)
	b := fig("b", 40000, summaries.UnitFighters, summaries.MoreThan)
	c := fig("c", 5, summaries.UnitYears, summaries.Exact)
	d := fig("d", 100, summaries.UnitPeople, summaries.MoreThan)
	old := statement(a, b, c, d)

	value, qualifier, unit := a, b, c
	value.Value, value.Correction = 111000, "misread"
	qualifier.Qualifier = summaries.AtLeast
	unit.Unit = summaries.UnitYear
	relabelled := d
	relabelled.Label, relabelled.Quote, relabelled.Correction, relabelled.Headline = summaries.Text{EN: "other"}, "other quote", "a note alone", true
	added := fig("e", 1, summaries.UnitCount, summaries.Exact)
	cur := statement(qualifier, value, unit, relabelled, added) // reordered, b's qualifier changed, c's unit; a figure added

	got := Corrections(old, cur)
	var ids []string
	for _, ch := range got {
		ids = append(ids, ch.ID)
	}
	if want := []string{"a", "b", "c"}; !slices.Equal(ids, want) {
		t.Fatalf("corrected %v, want %v (in the old order; a changed label, quote or note alone corrects nothing)", ids, want)
	}
	if ch := got[0]; ch.Old.Value != 110000 || ch.New == nil || ch.New.Value != 111000 || ch.Note != "misread" || ch.Quote != "a quote" {
		t.Errorf("value change: %+v", ch)
	}
	if ch := got[1]; ch.Old.Qualifier != summaries.MoreThan || ch.New.Qualifier != summaries.AtLeast {
		t.Errorf("qualifier change: %+v", ch)
	}
	if ch := got[2]; ch.Old.Unit != summaries.UnitYears || ch.New.Unit != summaries.UnitYear {
		t.Errorf("unit change: %+v", ch)
	}

	removed := a
	removed.Correction = "withdrawn by the source"
	gone := Corrections(statement(removed, b), statement(b))
	if len(gone) != 1 || gone[0].ID != "a" || gone[0].New != nil || gone[0].Quote != "" || gone[0].Note != "withdrawn by the source" {
		t.Errorf("a removed figure: %+v", gone)
	}
	if c, ok := NewCorrection(old, old); ok || len(c.Figures) != 0 {
		t.Errorf("an unchanged statement corrects something: %+v", c)
	}
	if _, ok := NewCorrection(nil, old); ok {
		t.Error("a statement with no old version corrects something")
	}
	if c, ok := NewCorrection(old, cur); !ok || c.Statement != "s" || c.Title.EN != "S" || c.SourceLang != summaries.AR || len(c.Figures) != 3 {
		t.Errorf("NewCorrection: %+v", c)
	}
}

func TestNoticeKeys(t *testing.T) {
	old := statement(fig("a", 1, summaries.UnitCount, summaries.Exact))
	cur := statement(fig("a", 2, summaries.UnitCount, summaries.Exact))
	c, _ := NewCorrection(old, cur)
	back, _ := NewCorrection(cur, old)
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	k := CorrectionKey("telegram:1", c, at)
	if !strings.HasPrefix(k, "correction|telegram:1|s|") || k != CorrectionKey("telegram:1", c, at) {
		t.Errorf("key %q is not stable", k)
	}
	for name, other := range map[string]string{
		"another chat":            CorrectionKey("telegram:2", c, at),
		"the change undone":       CorrectionKey("telegram:1", back, at),
		"the same change redone":  CorrectionKey("telegram:1", c, at.Add(time.Minute)),
		"the same change a ms on": CorrectionKey("telegram:1", c, at.Add(time.Millisecond)),
		"an instant post":         InstantKey("telegram:1", "s"),
		"an admin notice":         AdminKey("telegram:1", NewRefusal([]string{"x"})),
	} {
		if other == k {
			t.Errorf("%s has the same key", name)
		}
	}
	if InstantKey("discord:5", "s") != "instant|discord:5|s" {
		t.Error(InstantKey("discord:5", "s"))
	}
}

func TestNewRefusal(t *testing.T) {
	var problems []string
	for i := range 25 {
		problems = append(problems, strings.Repeat("x", i*20))
	}
	r := NewRefusal(problems)
	if r.Total != 25 || len(r.Problems) != MaxNoticeProblems {
		t.Errorf("total %d, listed %d", r.Total, len(r.Problems))
	}
	for _, p := range r.Problems {
		if n := len([]rune(p)); n > MaxNoticeProblemLen {
			t.Errorf("a problem of %d characters", n)
		}
	}
	if long := NewRefusal([]string{strings.Repeat("ذ", 1000)}); len([]rune(long.Problems[0])) != MaxNoticeProblemLen || !strings.HasSuffix(long.Problems[0], "…") {
		t.Errorf("cut: %d characters", len([]rune(long.Problems[0])))
	}
	// The set is the whole set: the same problems give the same set, one
	// more problem (even past the ones listed) another.
	if NewRefusal(problems).Set != r.Set || NewRefusal(append(slices.Clone(problems), "y")).Set == r.Set {
		t.Error("the set hash does not follow the problem set")
	}
	if e := NewRefusal(nil); e.Total != 0 || e.Problems != nil {
		t.Errorf("no problems: %+v", e)
	}
}
