package bot

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// Span is a piece of one line of a reply with what it is, so that the
// direction marks a line needs go around whole runs: never inside a quote,
// never against a command or an id a user may tap or copy.
type Span struct {
	Text string
	Kind SpanKind
	// Lang is the language a quote is written in (the source's); "" is
	// the reply's own.
	Lang summaries.Lang
	// Strong asks for emphasis where the platform has it (headings,
	// labels, amounts).
	Strong bool
}

// SpanKind says what a span holds.
type SpanKind uint8

// Span kinds.
const (
	// SpanText is the reply's own words. Commands ("/figures") in it are
	// found as written.
	SpanText SpanKind = iota
	// SpanQuote is the source's words: nothing is ever inserted in it.
	SpanQuote
	// SpanCommand is a command with its arguments, as a user types it.
	SpanCommand
	// SpanID is an id a user may copy (platforms show it as code).
	SpanID
	// SpanMark is a direction mark that Directed placed.
	SpanMark
)

// Directed returns line as it must be written in a reply in lang: its
// spans with the direction marks the Unicode bidi algorithm needs to show
// it in order, and no others. Text spans are split where a mark goes
// between their words. The marks, each for one kind of place:
//
//   - a quote in the other direction than the line's, unless it holds
//     together by itself, is isolated whole, with its quotation marks (so
//     its closing full stop stays with it);
//   - in a right-to-left line, a command or an id that starts with a
//     weak character ("/figures") after right-to-left text gets an LRM at
//     the start of the spaces before it, so its slash stays with it and a
//     space still comes just before it (Telegram links a command only
//     after a line start or a space);
//   - a line whose first strong character is not in its direction starts
//     with an RLM (or, in English, an LRM), then a space when the line
//     starts with a word, a number or a command, so the mark never
//     touches it.
//
// Numbers need nothing: "أكثر من 40,000 مقاتل" is laid out in order as it is.
func Directed(lang summaries.Lang, line []Span) []Span {
	base := langDir(lang)
	out := isolateQuotes(base, line)
	plain := Plain(out)
	if base == arabic.RTL {
		out, plain = markWeakStarts(out, plain)
	}
	return markLineStart(base, out, plain)
}

// isolateQuotes isolates each quote of line in the other direction than
// base that does not hold together by itself, with its quotation marks. A
// quote may come as several spans in a row (a search snippet with its
// matched words bold): they are one quote, isolated once around them all,
// never between them. It returns line itself when no quote needs it.
func isolateQuotes(base arabic.Dir, line []Span) []Span {
	quoteEnd := func(i int) int { // the last span of the quote starting at i
		j := i
		for j+1 < len(line) && line[j+1].Kind == SpanQuote && line[j+1].Lang == line[i].Lang {
			j++
		}
		return j
	}
	needs := func(i int) bool {
		s := line[i]
		d := langDir(s.Lang)
		if s.Kind != SpanQuote || s.Lang == "" || d == base {
			return false
		}
		return !arabic.HoldsTogether(Plain(line[i:quoteEnd(i)+1]), d)
	}
	if !slices.ContainsFunc(line, func(s Span) bool { return s.Kind == SpanQuote && s.Lang != "" && langDir(s.Lang) != base }) {
		return line
	}
	out := make([]Span, 0, len(line)+4)
	for i := 0; i < len(line); i++ {
		s := line[i]
		if s.Kind != SpanQuote || !needs(i) {
			out = append(out, s)
			continue
		}
		end := quoteEnd(i)
		open := string(arabic.LRI)
		if langDir(s.Lang) == arabic.RTL {
			open = string(arabic.RLI)
		}
		// The quotation marks around the quote go inside the isolate.
		if n := len(out); n > 0 && out[n-1].Kind == SpanText {
			if pre, mark, ok := cutLastQuoteMark(out[n-1]); ok {
				out = append(out[:n-1], pre...)
				out = append(out, markSpan(open), mark)
			} else {
				out = append(out, markSpan(open))
			}
		} else {
			out = append(out, markSpan(open))
		}
		out = append(out, line[i:end+1]...)
		i = end
		if i+1 < len(line) && line[i+1].Kind == SpanText {
			if mark, rest, ok := cutFirstQuoteMark(line[i+1]); ok {
				out = append(out, mark, markSpan(string(arabic.PDI)))
				if rest.Text != "" {
					out = append(out, rest)
				}
				i++
				continue
			}
		}
		out = append(out, markSpan(string(arabic.PDI)))
	}
	return out
}

// DirectedText is Directed for a line that is plain text: a card's title
// or footer.
func DirectedText(lang summaries.Lang, text string) string {
	return Plain(Directed(lang, []Span{{Text: text}}))
}

// Plain is the text of spans, marks included.
func Plain(spans []Span) string {
	if len(spans) == 1 {
		return spans[0].Text
	}
	n := 0
	for _, s := range spans {
		n += len(s.Text)
	}
	var b strings.Builder
	b.Grow(n)
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

func langDir(l summaries.Lang) arabic.Dir {
	if l == summaries.AR {
		return arabic.RTL
	}
	return arabic.LTR
}

func markSpan(m string) Span { return Span{Text: m, Kind: SpanMark} }

const (
	openQuoteMarks  = "«“‹\"'"
	closeQuoteMarks = "»”›\"'"
)

func cutLastQuoteMark(s Span) ([]Span, Span, bool) {
	r, w := utf8.DecodeLastRuneInString(s.Text)
	if w == 0 || !strings.ContainsRune(openQuoteMarks, r) {
		return nil, Span{}, false
	}
	mark := s
	mark.Text = s.Text[len(s.Text)-w:]
	var pre []Span
	if rest := s.Text[:len(s.Text)-w]; rest != "" {
		p := s
		p.Text = rest
		pre = []Span{p}
	}
	return pre, mark, true
}

func cutFirstQuoteMark(s Span) (Span, Span, bool) {
	r, w := utf8.DecodeRuneInString(s.Text)
	if w == 0 || !strings.ContainsRune(closeQuoteMarks, r) {
		return Span{}, Span{}, false
	}
	mark, rest := s, s
	mark.Text, rest.Text = s.Text[:w], s.Text[w:]
	return mark, rest, true
}

// markWeakStarts places an LRM before the spaces that precede each
// command or id of a right-to-left line whose first character is
// weak (a slash, a digit) and whose left context is right-to-left. At the
// line start, where no space precedes, it places an LRM and a space.
func markWeakStarts(spans []Span, plain string) ([]Span, string) {
	var ins []insertion
	off := 0
	for _, s := range spans {
		for _, start := range weakStarts(s, off) {
			if arabic.ContextBefore(plain, start) == arabic.LTR {
				continue
			}
			switch run := spacesBefore(plain, start); {
			case run < start:
				ins = append(ins, insertion{run, string(arabic.LRM)})
			case start == 0:
				ins = append(ins, insertion{0, string(arabic.LRM) + " "})
			}
		}
		off += len(s.Text)
	}
	if len(ins) == 0 {
		return spans, plain
	}
	spans = insertMarks(spans, ins)
	return spans, Plain(spans)
}

// spacesBefore returns where the spaces that end at i begin.
func spacesBefore(s string, i int) int {
	for i > 0 {
		r, w := utf8.DecodeLastRuneInString(s[:i])
		if !unicode.IsSpace(r) {
			break
		}
		i -= w
	}
	return i
}

// weakStarts are the offsets in the line of the tokens of s (at offset off)
// that start with a weak character: commands found in text, and commands
// and ids that are spans of their own.
func weakStarts(s Span, off int) []int {
	var out []int
	switch s.Kind {
	case SpanCommand, SpanID:
		if r, _ := utf8.DecodeRuneInString(s.Text); s.Text != "" && arabic.Strong(r) != arabic.LTR {
			out = append(out, off)
		}
	case SpanText:
		for _, i := range commandStarts(s.Text) {
			out = append(out, off+i)
		}
	}
	return out
}

// commandStarts returns the offsets of the commands in text.
func commandStarts(text string) []int {
	var out []int
	for i := strings.IndexByte(text, '/'); i >= 0; {
		if IsCommandAt(text, i) {
			out = append(out, i)
		}
		next := strings.IndexByte(text[i+1:], '/')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	return out
}

// IsCommandAt reports whether a command starts at text[i]: a slash at the
// start or after a space, then an ASCII letter, as Telegram links them.
func IsCommandAt(text string, i int) bool {
	if i+1 >= len(text) || text[i] != '/' {
		return false
	}
	c := text[i+1]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return false
	}
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return unicode.IsSpace(r)
}

// insertion is a mark to insert at a byte offset of a line's plain text.
type insertion struct {
	at   int
	mark string
}

// insertMarks inserts marks into spans, splitting text spans; an offset
// inside a quote, a command or an id moves to its end, so nothing is
// ever inserted inside one.
func insertMarks(spans []Span, ins []insertion) []Span {
	if len(ins) == 0 {
		return spans
	}
	off := 0
	for _, s := range spans {
		end := off + len(s.Text)
		if s.Kind != SpanText {
			for k := range ins {
				if ins[k].at > off && ins[k].at < end {
					ins[k].at = end
				}
			}
		}
		off = end
	}
	slices.SortStableFunc(ins, func(a, b insertion) int { return a.at - b.at })
	out := make([]Span, 0, len(spans)+2*len(ins))
	off, k := 0, 0
	for _, s := range spans {
		end := off + len(s.Text)
		cut := off
		for k < len(ins) && (ins[k].at < end || ins[k].at == off) {
			if at := ins[k].at; at > cut {
				piece := s
				piece.Text = s.Text[cut-off : at-off]
				out = append(out, piece)
				cut = at
			}
			out = append(out, markSpan(ins[k].mark))
			k++
		}
		if cut < end || s.Text == "" {
			piece := s
			piece.Text = s.Text[cut-off:]
			out = append(out, piece)
		}
		off = end
	}
	for ; k < len(ins); k++ {
		out = append(out, markSpan(ins[k].mark))
	}
	return out
}

// markLineStart starts a line whose first strong character is not in the
// line's direction with a mark of its direction, then a space when the
// line starts with a word, a number or a command.
func markLineStart(base arabic.Dir, spans []Span, plain string) []Span {
	if strings.TrimSpace(plain) == "" || arabic.FirstStrong(plain) == base {
		return spans
	}
	m := string(arabic.RLM)
	if base == arabic.LTR {
		if arabic.FirstStrong(plain) == arabic.None {
			return spans // a line of digits or punctuation is left-to-right by default
		}
		m = string(arabic.LRM)
	}
	if r, _ := utf8.DecodeRuneInString(plain); unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("/$@#+-", r) {
		m += " " // a word, a number or a command: the mark must not touch it
	}
	return append([]Span{markSpan(m)}, spans...)
}
