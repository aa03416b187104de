package search

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

// newLive serves cat and waits for its index; background work ends with
// the test.
func newLive(t *testing.T, cat *summaries.Catalog) *Live {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	l := NewLive(ctx, cat, testAmounts, nil)
	t.Cleanup(func() { cancel(); l.Wait() })
	if err := l.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	return l
}

// family is n small statements whose ids start with prefix.
func family(t testing.TB, prefix string, n int) *summaries.Catalog {
	var sts []*summaries.Statement
	for i := range n {
		st := small(i, "borders")
		st.ID, st.Aliases = fmt.Sprintf("%s-%03d", prefix, i), nil
		sts = append(sts, st)
	}
	return catalogOf(t, sts)
}

func TestLiveServesTheCatalogAtOnce(t *testing.T) {
	cat := family(t, "a", 3)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l := NewLive(ctx, cat, testAmounts, nil)
	defer l.Wait()
	if s := l.Served(); s.Catalog != cat || l.Catalog() != cat {
		t.Fatal("the catalog is not served at once")
	}
	if err := l.Ready(ctx); err != nil {
		t.Fatal(err)
	}
	if s := l.Served(); s.Index == nil || s.Index.Catalog() != cat {
		t.Fatalf("the index is not the catalog's: %+v", s)
	}
	// A build that cannot finish leaves the catalog served without one.
	dead, stop := context.WithCancel(context.Background())
	stop()
	l2 := NewLive(dead, cat, testAmounts, nil)
	l2.Wait()
	if s := l2.Served(); s.Catalog != cat || s.Index != nil {
		t.Errorf("after a cancelled build: %+v", s)
	}
	if err := l2.Ready(dead); err == nil {
		t.Error("Ready succeeded without an index")
	}
}

// TestLiveNeverPairsACatalogWithAnotherIndex: while catalogs are published
// back and forth, by updates and by rebuilds in the background, every
// Served pair is a catalog and its own index: every hit of a search is a
// statement of that catalog, and every one of its statements is a hit.
func TestLiveNeverPairsACatalogWithAnotherIndex(t *testing.T) {
	a, b := family(t, "a", 3), family(t, "b", 5)
	l := newLive(t, a)
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
			changed := next.IDs()
			if i%7 == 6 { // too many for an update: a rebuild
				changed = slices.Concat(changed, make([]string, maxUpdate))
			}
			l.Publish(next, changed, prev.IDs())
			time.Sleep(time.Millisecond)
		}
	})
	q, _ := ParseQuery("borders")
	q.Limit, q.StatementsOnly = MaxLimit, true
	searched := 0
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline) || searched < 20; {
		s := l.Served()
		if s.Index == nil {
			continue
		}
		if s.Index.Catalog() != s.Catalog {
			t.Fatal("an index served with another catalog")
		}
		res, err := s.Index.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.StatementID)
		}
		slices.Sort(got)
		if want := slices.Sorted(slices.Values(s.Catalog.IDs())); !slices.Equal(got, want) {
			t.Fatalf("hits %v for a catalog of %v", got, want)
		}
		searched++
	}
	close(stop)
	wg.Wait()
	l.Wait()
	if s := l.Served(); s.Index == nil || s.Index.Catalog() != s.Catalog {
		t.Errorf("after the last publish: %+v", s)
	}
}

// TestLiveRebuildsAFragmentedIndex: after enough small updates the index
// is rebuilt in the background and swapped in, whole.
func TestLiveRebuildsAFragmentedIndex(t *testing.T) {
	const n = 20 * fragmentedTiers // edited once each: the tiers pile up
	var sts []*summaries.Statement
	for i := range n {
		sts = append(sts, small(i, "borders"))
	}
	l := newLive(t, catalogOf(t, sts))
	rebuilt := false
	for i := 0; i < 20*fragmentedTiers && !rebuilt; i++ {
		k := i
		sts = slices.Clone(sts)
		sts[k] = small(k, fmt.Sprintf("edit%d", i))
		next := catalogOf(t, sts)
		l.Publish(next, []string{sts[k].ID}, nil)
		if s := l.Served(); s.Catalog != next || s.Index == nil || s.Index.Catalog() != next {
			t.Fatalf("update %d: not served with its index at once", i)
		}
		if l.Served().Index.Fragmented() {
			l.Wait()
			s := l.Served()
			rebuilt = s.Catalog == next && len(s.Index.tiers) == 0
		}
	}
	if !rebuilt {
		t.Errorf("a fragmented index was not rebuilt: %d tiers", len(l.Served().Index.tiers))
	}
}
