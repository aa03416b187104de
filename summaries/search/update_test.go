package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/briefbot/briefbot/summaries"
)

// small makes statement i of a small test catalog, its title carrying word.
func small(i int, word string) *summaries.Statement {
	return &summaries.Statement{
		ID:      fmt.Sprintf("statement-%03d", i),
		Aliases: []string{fmt.Sprintf("alias-%03d", i)},
		Title:   summaries.Text{AR: "بيان الوزراء", EN: "Ministers' statement on " + word},
		Summary: summaries.Text{AR: "أكد الوزراء التزامهم.", EN: "The ministers affirmed their commitment."},
		Source:  summaries.Source{Lang: summaries.AR, Text: "أكد الوزراء التزامهم بالعمل المشترك. رقم " + fmt.Sprint(i)},
		Figures: []summaries.Figure{{ID: "fighters", Value: float64(1000 * (i + 1)), Unit: summaries.UnitFighters,
			Qualifier: summaries.MoreThan, Label: summaries.Text{AR: "المقاتلون الأجانب", EN: "Foreign fighters " + word},
			Quote: "أكثر من " + fmt.Sprint(1000*(i+1)) + " من المقاتلين الأجانب"}},
	}
}

func catalogOf(t testing.TB, stmts []*summaries.Statement) *summaries.Catalog {
	t.Helper()
	cat, problems := summaries.NewCatalog(stmts)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	return cat
}

func update(t testing.TB, ix *Index, next *summaries.Catalog, changed, removed []string) *Index {
	t.Helper()
	nix, err := ix.Update(context.Background(), next, changed, removed)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nix.Close() })
	return nix
}

// TestUpdateKeepsTheOldIndex: after Update, the old index answers for the
// old catalog and the new one for the new, for the same queries, while
// searches run on both.
func TestUpdateKeepsTheOldIndex(t *testing.T) {
	var stmts []*summaries.Statement
	for i := range 5 {
		stmts = append(stmts, small(i, "borders"))
	}
	oldCat := catalogOf(t, stmts)
	old := build(t, oldCat)

	next := slices.Clone(stmts)
	next[1] = small(1, "zeppelins")  // changed
	next = slices.Delete(next, 3, 4) // statement-003 removed
	next = append(next, small(7, "airships"))
	newCat := catalogOf(t, next)

	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Go(func() { // searches on the old index while it is updated
		q, _ := ParseQuery("borders")
		for {
			select {
			case <-stop:
				return
			default:
			}
			if res, err := old.Search(context.Background(), q); err != nil || res.Total != 10 {
				t.Errorf("old index during update: %v, %d hits", err, res.Total)
				return
			}
		}
	})
	nix := update(t, old, newCat, []string{"statement-001", "statement-007"}, []string{"statement-003"})
	close(stop)
	wg.Wait()

	if old.Catalog() != oldCat || nix.Catalog() != newCat {
		t.Fatal("catalogs swapped")
	}
	for _, tc := range []struct {
		q        string
		old, new []string
	}{
		{"zeppelins", nil, []string{"statement-001", "statement-001/fighters"}},
		{"airships", nil, []string{"statement-007", "statement-007/fighters"}},
		{"statement-003", []string{"statement-003"}, nil},
		{"alias-001", []string{"statement-001"}, []string{"statement-001"}},
	} {
		for _, side := range []struct {
			ix   *Index
			want []string
		}{{old, tc.old}, {nix, tc.new}} {
			got := keys(search(t, side.ix, tc.q, summaries.EN).Hits)
			slices.Sort(got)
			if !slices.Equal(got, side.want) && len(got)+len(side.want) > 0 {
				t.Errorf("%q on the %s index: %v, want %v", tc.q, map[bool]string{true: "old", false: "new"}[side.ix == old], got, side.want)
			}
		}
	}
	if got, want := search(t, old, "borders", summaries.EN).Total, 10; got != want {
		t.Errorf("old index: %d hits for borders, want %d", got, want)
	}
	if got, want := search(t, nix, "borders", summaries.EN).Total, 6; got != want {
		t.Errorf("new index: %d hits for borders, want %d", got, want)
	}
}

// TestUpdatesMatchARebuild runs random edits, one Update each, and checks
// that every updated index answers as an index built from scratch for the
// same catalog does, that emptied segments go and that no update rewrites
// more than a few statements.
func TestUpdatesMatchARebuild(t *testing.T) {
	words := []string{"borders", "zeppelins", "airships", "hangars", "balloons"}
	rng := rand.New(rand.NewPCG(1, 2))
	var stmts []*summaries.Statement
	for i := range 40 {
		stmts = append(stmts, small(i, words[i%len(words)]))
	}
	ix := build(t, catalogOf(t, stmts))
	nextID := 40
	for step := range 60 {
		var changed, removed []string
		switch k := rng.IntN(len(stmts)); rng.IntN(4) {
		case 0:
			removed = append(removed, stmts[k].ID)
			stmts = slices.Delete(slices.Clone(stmts), k, k+1)
		case 1:
			stmts = append(slices.Clone(stmts), small(nextID, words[rng.IntN(len(words))]))
			changed = append(changed, stmts[len(stmts)-1].ID)
			nextID++
		default:
			stmts = slices.Clone(stmts)
			var n int
			fmt.Sscanf(stmts[k].ID, "statement-%d", &n)
			stmts[k] = small(n, words[rng.IntN(len(words))])
			changed = append(changed, stmts[k].ID)
		}
		cat := catalogOf(t, stmts)
		prev := ix
		ix = update(t, ix, cat, changed, removed)
		prev.Close()
		// One built segment, one per tier: emptied segments are dropped.
		if segs := len(ix.view.snap.(*scorch.IndexSnapshot).Segments()); segs > 1+len(ix.tiers) {
			t.Fatalf("step %d: %d tiers, %d segments", step, len(ix.tiers), segs)
		}
		for _, tier := range ix.tiers {
			if len(tier) > maxMerge+1 {
				t.Fatalf("step %d: a tier of %d statements", step, len(tier))
			}
		}
		if step%10 != 9 {
			continue
		}
		fresh := build(t, cat)
		for _, w := range append(slices.Clone(words), "المقاتلين", "الوزراء") {
			a, b := search(t, ix, w, summaries.EN), search(t, fresh, w, summaries.EN)
			ka, kb := keys(a.Hits), keys(b.Hits)
			slices.Sort(ka)
			slices.Sort(kb)
			if a.Total != b.Total || !slices.Equal(ka, kb) {
				t.Errorf("step %d, %q: updated index %d %v, rebuilt %d %v", step, w, a.Total, ka, b.Total, kb)
			}
		}
	}
}

// TestUpdateOfAnOlderIndexRebuilds: updating an index that is no longer
// the newest of its store must not show the newer one's documents.
func TestUpdateOfAnOlderIndexRebuilds(t *testing.T) {
	a := []*summaries.Statement{small(0, "borders"), small(1, "borders")}
	ix1 := build(t, catalogOf(t, a))
	ix2 := update(t, ix1, catalogOf(t, []*summaries.Statement{small(0, "zeppelins"), small(1, "borders")}), []string{"statement-000"}, nil)
	ix3 := update(t, ix1, catalogOf(t, []*summaries.Statement{small(0, "borders"), small(1, "airships")}), []string{"statement-001"}, nil)
	if ix3.store == ix1.store {
		t.Error("a branch was written into the shared store")
	}
	for _, tc := range []struct {
		ix   *Index
		q    string
		want int
	}{{ix2, "zeppelins", 2}, {ix2, "airships", 0}, {ix3, "airships", 2}, {ix3, "zeppelins", 0}, {ix1, "borders", 4}} {
		if got := search(t, tc.ix, tc.q, summaries.EN).Total; got != tc.want {
			t.Errorf("%q: %d hits, want %d", tc.q, got, tc.want)
		}
	}
}

// TestManyUpdatesReportFragmentation: edits one at a time leave a segment
// per few edits, and past fragmentedTiers the index says a rebuild pays.
func TestManyUpdatesReportFragmentation(t *testing.T) {
	var stmts []*summaries.Statement
	for i := range 400 {
		stmts = append(stmts, small(i, "borders"))
	}
	ix := build(t, catalogOf(t, stmts))
	for n := 0; !ix.Fragmented(); n++ {
		if n > 400 {
			t.Fatalf("%d updates, %d tiers, not fragmented", n, len(ix.tiers))
		}
		stmts = slices.Clone(stmts)
		stmts[n] = small(n, "zeppelins")
		prev := ix
		ix = update(t, ix, catalogOf(t, stmts), []string{stmts[n].ID}, nil)
		prev.Close()
	}
	if got := search(t, ix, "zeppelins", summaries.EN).Total; got < 2*fragmentedTiers {
		t.Errorf("%d hits after the updates", got)
	}
}
