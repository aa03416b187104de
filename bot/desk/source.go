package desk

import (
	"regexp"
	"slices"
	"strings"
)

// segment is a run of the source text with the figures whose quotes cover
// it (none for text no figure quotes).
type segment struct {
	Text    string
	Figures []int
}

// Mark reports whether the run is quoted by a figure.
func (s segment) Mark() bool { return len(s.Figures) > 0 }

// FirstFigure is the first figure quoting the run, for its link.
func (s segment) FirstFigure() int { return s.Figures[0] }

// span is where a quote is in the source, in bytes.
type span struct{ start, end int }

// findQuote locates a quote in the source as validation compares them:
// exactly, else with runs of whitespace allowed to differ. ok is false when
// the source does not hold it.
func findQuote(source, quote string) (span, bool) {
	quote = strings.TrimSpace(quote)
	if quote == "" {
		return span{}, false
	}
	if i := strings.Index(source, quote); i >= 0 {
		return span{i, i + len(quote)}, true
	}
	words := strings.Fields(quote)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	re, err := regexp.Compile(strings.Join(words, `\s+`))
	if err != nil {
		return span{}, false
	}
	if m := re.FindStringIndex(source); m != nil {
		return span{m[0], m[1]}, true
	}
	return span{}, false
}

// highlight cuts the source into runs at the ends of every quote found in
// it, so each quote can be marked in place; found says which were.
func highlight(source string, quotes []string) (segs []segment, found []bool) {
	found = make([]bool, len(quotes))
	spans := make([]span, len(quotes))
	cuts := []int{0, len(source)}
	for i, q := range quotes {
		if sp, ok := findQuote(source, q); ok {
			spans[i], found[i] = sp, true
			cuts = append(cuts, sp.start, sp.end)
		}
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	for j := 0; j+1 < len(cuts); j++ {
		seg := segment{Text: source[cuts[j]:cuts[j+1]]}
		for i, sp := range spans {
			if found[i] && sp.start <= cuts[j] && cuts[j+1] <= sp.end {
				seg.Figures = append(seg.Figures, i)
			}
		}
		segs = append(segs, seg)
	}
	return segs, found
}
