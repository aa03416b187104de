package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/briefbot/briefbot/summaries"
)

// Snippet is a piece of a hit's text with the byte ranges that matched.
// It carries no markup: a renderer bolds Marks in HTML and embeds and
// leaves them plain in the console.
type Snippet struct {
	Text  string
	Marks []Span // byte ranges of Text, in order, not overlapping
}

// Span is the byte range [Start, End) of a snippet's text.
type Span struct{ Start, End int }

// snippetRunes is about how much of a long text a snippet shows.
const snippetRunes = 160

// ellipsis marks where a snippet cuts its text.
const ellipsis = "…"

// bestSnippet picks the text of a hit that matched best (the text's weight
// times the query terms it holds, the reply language breaking ties) and
// cuts its snippet. ts must be the hit's indexed texts, so that the
// locations bleve reports are byte offsets into their joined values.
func bestSnippet(st *summaries.Statement, ts texts, locs bsearch.FieldTermLocationMap, lang summaries.Lang) (string, Snippet) {
	fields, parts := joined(ts)
	var best *part
	var bestSpans []Span
	bestScore := 0.0
	for _, f := range fields {
		ps := parts[f]
		spans := make([][]Span, len(ps))
		terms := make([]int, len(ps))
		for _, ls := range locs[f] {
			counted := make([]bool, len(ps))
			for _, l := range ls {
				i, sp, ok := locate(ps, l)
				if !ok {
					continue
				}
				spans[i] = append(spans[i], sp)
				if !counted[i] {
					counted[i], terms[i] = true, terms[i]+1
				}
			}
		}
		for i := range ps {
			if terms[i] == 0 {
				continue
			}
			score := weight(ps[i].name) * float64(terms[i])
			if ps[i].lang == lang {
				score += 0.5
			}
			if score > bestScore {
				best, bestScore, bestSpans = &ps[i], score, spans[i]
			}
		}
	}
	if best == nil { // matched by nothing we can show: show the title or label
		return ts[0].name, cut(st, ts[0], nil)
	}
	return best.name, cut(st, best.text, mergeSpans(bestSpans))
}

// locate finds the part of a joined value a location falls in, and the
// location's span within that part's text.
func locate(ps []part, l *bsearch.Location) (int, Span, bool) {
	start, end := int(l.Start), int(l.End)
	for i, p := range ps {
		if start >= p.at && end <= p.at+len(p.text.text) && start < end {
			return i, Span{start - p.at, end - p.at}, true
		}
	}
	return 0, Span{}, false
}

// mergeSpans sorts spans and joins overlapping ones.
func mergeSpans(spans []Span) []Span {
	slices.SortFunc(spans, func(a, b Span) int { return a.Start - b.Start })
	out := spans[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.Start <= out[n-1].End {
			out[n-1].End = max(out[n-1].End, s.End)
			continue
		}
		out = append(out, s)
	}
	return out
}

// cut makes the snippet of t. A figure's quote is given whole and unaltered,
// as the editor copies it; other text is given whole when short, else as a
// window around the first match, cut at word boundaries and never inside a
// quotation, with its whitespace collapsed.
func cut(st *summaries.Statement, t text, marks []Span) Snippet {
	if t.name == "quote" {
		return Snippet{Text: t.text, Marks: marks}
	}
	s := t.text
	if utf8.RuneCountInString(s) <= snippetRunes {
		return collapse(s, 0, len(s), marks)
	}
	at := 0
	if len(marks) > 0 {
		at = marks[0].Start
	}
	start := skipPunct(s, wordStart(s, backRunes(s, at, snippetRunes/3)), at)
	end := wordEnd(s, forwardRunes(s, start, snippetRunes))
	if len(marks) > 0 {
		end = max(end, wordEnd(s, marks[0].End))
	}
	for _, p := range quotations(st, t) {
		if p.Start < start && start < p.End {
			start = p.Start
		}
		if p.Start < end && end < p.End {
			end = p.End
		}
	}
	return collapse(s, start, end, marks)
}

// backRunes steps n runes back from i.
func backRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, w := utf8.DecodeLastRuneInString(s[:i])
		i -= w
	}
	return i
}

// forwardRunes steps n runes on from i.
func forwardRunes(s string, i, n int) int {
	for ; n > 0 && i < len(s); n-- {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return i
}

// wordStart moves i back to the start of the word it is in.
func wordStart(s string, i int) int {
	for i > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsSpace(r) {
			break
		}
		i -= w
	}
	return i
}

// skipPunct moves i, the start of a word, past the words that hold no
// letter or digit ("،", "-"), so a window does not open on punctuation,
// but not past limit.
func skipPunct(s string, i, limit int) int {
	for i < limit {
		end := wordEnd(s, i)
		if wordRunes(s[i:end]) > 0 || end >= limit {
			break
		}
		for i = end; i < limit; {
			r, w := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				break
			}
			i += w
		}
	}
	return i
}

// wordEnd moves i on to the end of the word it is in.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += w
	}
	return i
}

// collapse returns s[start:end] with runs of whitespace made one space and
// trimmed, "…" where it cuts s, and the marks inside it moved to match.
func collapse(s string, start, end int, marks []Span) Snippet {
	var b strings.Builder
	b.Grow(end - start + 2*len(ellipsis))
	if start > 0 {
		b.WriteString(ellipsis)
	}
	at := make([]int, end-start+1) // offset in the output of each input byte
	space, wrote := false, false
	for i := start; i < end; {
		r, w := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			for k := range w {
				at[i-start+k] = b.Len()
			}
			space = wrote // no space before the first word
			i += w
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		for k := range w {
			at[i-start+k] = b.Len()
		}
		b.WriteString(s[i : i+w])
		wrote = true
		i += w
	}
	at[end-start] = b.Len()
	if end < len(s) {
		b.WriteString(ellipsis)
	}
	var out []Span
	for _, m := range marks {
		ms, me := max(m.Start, start), min(m.End, end)
		if ms >= me {
			continue
		}
		out = append(out, Span{at[ms-start], at[me-start]})
	}
	return Snippet{Text: b.String(), Marks: out}
}

// quotations are the byte ranges of t a window must not cut: in a source
// text, the figures' quotes; in any text, what stands between quotation
// marks, up to a sentence's length.
func quotations(st *summaries.Statement, t text) []Span {
	var out []Span
	if t.name == "source" {
		for _, f := range st.Figures {
			if sp, ok := findLoose(t.text, f.Quote); ok {
				out = append(out, sp)
			}
		}
	}
	const maxQuotation = 600
	for _, pair := range [][2]string{{"«", "»"}, {"“", "”"}, {`"`, `"`}} {
		for i := 0; i < len(t.text); {
			o := strings.Index(t.text[i:], pair[0])
			if o < 0 {
				break
			}
			o += i
			c := strings.Index(t.text[o+len(pair[0]):], pair[1])
			if c < 0 {
				break
			}
			c += o + len(pair[0]) + len(pair[1])
			if c-o <= maxQuotation {
				out = append(out, Span{o, c})
			}
			i = c
		}
	}
	return out
}

// findLoose finds quote in s, letting any run of whitespace in one match
// any run in the other: curators copy a quote onto one line, and
// validation compares them so (arabic.CollapseSpace).
func findLoose(s, quote string) (Span, bool) {
	if i := strings.Index(s, quote); i >= 0 {
		return Span{i, i + len(quote)}, true
	}
	words := strings.Fields(quote)
	if len(words) == 0 {
		return Span{}, false
	}
	for from := 0; ; {
		i := strings.Index(s[from:], words[0])
		if i < 0 {
			return Span{}, false
		}
		i += from
		j := i + len(words[0])
		ok := true
		for _, w := range words[1:] {
			k := j
			for k < len(s) {
				r, size := utf8.DecodeRuneInString(s[k:])
				if !unicode.IsSpace(r) {
					break
				}
				k += size
			}
			if k == j || !strings.HasPrefix(s[k:], w) {
				ok = false
				break
			}
			j = k + len(w)
		}
		if ok {
			return Span{i, j}, true
		}
		from = i + len(words[0])
	}
}
