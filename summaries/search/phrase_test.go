package search

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/briefbot/briefbot/summaries"
)

// TestAdjacentQueryIsBlevesPhrase checks adjacentQuery against bleve's
// phrase query on the seed and generated statements: phrases cut from the
// texts, the same words shuffled, and phrases across stop words must match
// the same documents in every field.
func TestAdjacentQueryIsBlevesPhrase(t *testing.T) {
	seed := seedCatalog(t).Latest()
	stmts := []*summaries.Statement{seed}
	for i := range 20 {
		stmts = append(stmts, generateStatement(i, seed, quotesOnly, 0))
	}
	ix := build(t, catalogOf(t, stmts))
	rng := rand.New(rand.NewPCG(3, 4))
	words := strings.Fields(seed.Source.Text + " " + seed.Summary.EN)
	checked := 0
	for range 300 {
		n := 2 + rng.IntN(3)
		at := rng.IntN(len(words) - n)
		phrase := slices.Clone(words[at : at+n])
		if rng.IntN(3) == 0 {
			rng.Shuffle(len(phrase), func(i, j int) { phrase[i], phrase[j] = phrase[j], phrase[i] })
		}
		p := ix.store.an.plan([]Term{{Text: strings.Join(phrase, " "), Phrase: true}}, false)[0]
		for _, f := range searchFields() {
			ph := p.phrase[f.lang]
			if len(ph) < 2 {
				continue
			}
			want, _, err := ix.collect(t.Context(), query.NewMultiPhraseQuery(ph, f.name), 1000, 0, false)
			if err != nil {
				t.Fatal(err)
			}
			got, _, err := ix.collect(t.Context(), newAdjacentQuery(ph, f.name, 1), 1000, 0, false)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := ids(got), ids(want); !slices.Equal(a, b) {
				t.Errorf("%q in %s: %v, bleve's phrase %v", phrase, f.name, a, b)
			}
			checked += len(want)
		}
	}
	if checked < 100 {
		t.Errorf("only %d phrase matches checked", checked)
	}
}

func ids(ms []*bsearch.DocumentMatch) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = m.ID
	}
	slices.Sort(out)
	return out
}

// expiringCtx is a context whose deadline has passed from its second look
// at Err on, and whose Done never closes: it expires a search in the
// middle of a phrase's filtering, where bleve's collector does not look.
type expiringCtx struct {
	context.Context
	looks atomic.Int64
}

func (c *expiringCtx) Err() error {
	if c.looks.Add(1) > 1 {
		return context.DeadlineExceeded
	}
	return nil
}

// TestPhraseStopsAtTheDeadline: a phrase whose words are in hundreds of
// statements stops filtering them at the deadline, and the search is
// answered ErrTimeout rather than with the candidates it had checked.
func TestPhraseStopsAtTheDeadline(t *testing.T) {
	ix := build(t, generateCatalog(4*checkDeadlineEvery, seedCatalog(t).Latest(), bundledSize))
	q, _ := ParseQuery(`"شمال شرق سوريا"`)
	bq, _ := buildQuery(ix.store.an.plan(q.Terms, false), false)
	if _, total, err := ix.collect(context.Background(), bq, 10, 0, false); err != nil || total < 2*checkDeadlineEvery {
		t.Fatalf("without a deadline: %d matches, %v", total, err)
	}
	if _, _, err := ix.collect(&expiringCtx{Context: context.Background()}, bq, 10, 0, false); !errors.Is(err, ErrTimeout) {
		t.Errorf("past the deadline: %v, want ErrTimeout", err)
	}
}
