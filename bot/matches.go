package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries/arabic"
)

// Segment is a piece of a match's snippet, shown marked (bold) or not.
type Segment struct {
	Text   string
	Marked bool
}

// Segments splits m's snippet at its marks, for renderers, which escape
// each piece and bold the marked ones. The snippet comes wrapped whole in
// a first-strong isolate (FSI … PDI): it may be in the other language than
// the reply (an Arabic quote in an English reply), and so keeps its own
// direction, while a quote's bytes stay the curated quote's. Marks that
// do not fit the text (out of order or range, inside a character) are
// left out.
func (m Match) Segments() []Segment {
	out := []Segment{{Text: string(arabic.FSI)}}
	at := 0
	for _, sp := range validMarks(m.Snippet, m.Marks) {
		if sp.Start > at {
			out = append(out, Segment{Text: m.Snippet[at:sp.Start]})
		}
		out = append(out, Segment{Text: m.Snippet[sp.Start:sp.End], Marked: true})
		at = sp.End
	}
	if at < len(m.Snippet) {
		out = append(out, Segment{Text: m.Snippet[at:]})
	}
	return append(out, Segment{Text: string(arabic.PDI)})
}

// SnippetLine is m's snippet as one line, the same on every platform: its
// label, if any, then the snippet, a quote between « and ». A renderer
// passes how it escapes text, emphasises a marked piece (given escaped)
// and writes the label (given escaped, with its colon); body is the line
// in the renderer's markup, plain its visible text.
func (m Match) SnippetLine(esc, mark, label func(string) string) (body, plain string) {
	var b, p strings.Builder
	if m.Label != "" {
		b.WriteString(label(esc(m.Label)+":") + " ")
		p.WriteString(m.Label + ": ")
	}
	if m.Quote {
		b.WriteString("«")
		p.WriteString("«")
	}
	for _, s := range m.Segments() {
		if s.Marked && strings.TrimSpace(s.Text) != "" {
			b.WriteString(mark(esc(s.Text)))
		} else {
			b.WriteString(esc(s.Text))
		}
		p.WriteString(s.Text)
	}
	if m.Quote {
		b.WriteString("»")
		p.WriteString("»")
	}
	return b.String(), p.String()
}

// validMarks keeps the marks that are in order, inside s and on character
// boundaries.
func validMarks(s string, marks []Span) []Span {
	var out []Span
	at := 0
	for _, sp := range marks {
		if sp.Start < at || sp.End <= sp.Start || sp.End > len(s) ||
			!utf8.RuneStart(s[sp.Start]) || sp.End < len(s) && !utf8.RuneStart(s[sp.End]) {
			continue
		}
		out = append(out, sp)
		at = sp.End
	}
	return out
}

// isolateMarked isolates the left-to-right runs of a snippet of an Arabic
// reply as arabic.IsolateLTR does the whole text (so that "more than
// 40,000 fighters" stays one run however it is marked), and moves its
// marks to the same characters: a mark starts after an isolate opened
// before its first character and ends before one closed after its last.
func isolateMarked(s string, marks []Span) (string, []Span) {
	iso := arabic.IsolateLTR(s)
	marks = validMarks(s, marks)
	if iso == s || len(marks) == 0 {
		return iso, marks
	}
	// before[i] and after[i] are the offsets in iso of s[i], before and
	// after the isolate controls inserted ahead of it.
	before, after := make([]int, len(s)+1), make([]int, len(s)+1)
	j := 0
	for i := 0; i <= len(s); i++ {
		before[i] = j
		for j < len(iso) && inserted(iso[j:], s[i:]) {
			_, w := utf8.DecodeRuneInString(iso[j:])
			j += w
		}
		after[i] = j
		if i < len(s) {
			j++
		}
	}
	out := make([]Span, len(marks))
	for k, sp := range marks {
		out[k] = Span{after[sp.Start], before[sp.End]}
	}
	return iso, out
}

// inserted reports whether iso starts with an isolate control that s does
// not start with: one IsolateLTR inserted.
func inserted(iso, s string) bool {
	r, _ := utf8.DecodeRuneInString(iso)
	if r != arabic.LRI && r != arabic.PDI {
		return false
	}
	sr, _ := utf8.DecodeRuneInString(s)
	return s == "" || sr != r
}
