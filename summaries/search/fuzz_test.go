package search

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
)

// FuzzParseQuery feeds the parser, then the analysers and the index, any
// input: nothing may panic, a parsed query stays within its limits and
// parses back to itself, and searching it gives hits or a typed error.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "مقاتلين", `"علي مدي خمس" -داعش`, "«المقاتلين", "-", `-"`, `""`, "7.7 million", "١١٠٬٠٠٠",
		"\xff\xfe", "a", "ـــ", "north-east -(x)", strings.Repeat("داعش ", 60), "“ ”«»„", "-−-word", "\u200f\u202e",
	} {
		f.Add(s)
	}
	ix, err := Build(context.Background(), seedCatalog(f), testAmounts)
	if err != nil {
		f.Fatal(err)
	}
	defer ix.Close()
	f.Fuzz(func(t *testing.T, s string) {
		q, err := ParseQuery(s)
		var qe *QueryError
		if err != nil && !errors.As(err, &qe) {
			t.Fatalf("%q: untyped error %v", s, err)
		}
		if err != nil && !errors.Is(err, ErrTooLong) {
			if len(q.Terms) != 0 {
				t.Fatalf("%q: terms with error %v", s, err)
			}
			return
		}
		if len(q.Terms) == 0 || len(q.Terms) > MaxTerms {
			t.Fatalf("%q: %d terms", s, len(q.Terms))
		}
		for _, term := range q.Terms {
			if term.Text == "" || !utf8.ValidString(term.Text) || utf8.RuneCountInString(term.Text) > MaxQueryRunes {
				t.Fatalf("%q: bad term %+v", s, term)
			}
		}
		again, err := ParseQuery(q.String())
		if err != nil && !errors.Is(err, ErrTooLong) || len(again.Terms) != len(q.Terms) {
			t.Fatalf("%q: %q parses back to %+v, %v", s, q.String(), again.Terms, err)
		}
		q.Lang = summaries.AR
		res, err := ix.Search(context.Background(), q)
		switch {
		case err == nil:
			if res.Total < len(res.Hits) {
				t.Fatalf("%q: %d hits of %d", s, len(res.Hits), res.Total)
			}
			for _, h := range res.Hits {
				for _, m := range h.Snippet.Marks {
					if m.Start < 0 || m.End > len(h.Snippet.Text) || m.Start >= m.End {
						t.Fatalf("%q: mark %v in %q", s, m, h.Snippet.Text)
					}
				}
			}
		case errors.As(err, &qe):
		default:
			t.Fatalf("%q: search error %v", s, err)
		}
	})
}
