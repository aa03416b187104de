package bot

import (
	"strings"

	"github.com/briefbot/briefbot/summaries"
)

// Line is one line of a reply as every renderer lays it out: what kind of
// line it is and its spans, with the direction marks it needs placed
// (see Directed). Lines with the same Block and Item belong together (a
// figure and its quote) and are never split apart.
type Line struct {
	Kind        LineKind
	Spans       []Span
	Block, Item int
}

// LineKind says what a line is, for the markup each platform gives it.
type LineKind uint8

// Line kinds.
const (
	LineHeading     LineKind = iota // a title
	LineText                        // running text; may be cut at sentence ends when too long
	LineNote                        // a quiet secondary line
	LineItem                        // a list item: a fact, a figure, a statement, a command
	LineQuote                       // the source's words with their label
	LineTranslation                 // the curators' translation of the quote above
	LineID                          // an id alone on its line
	LineCiteLabel                   // the label over a citation
	LineCitation                    // a citation to paste: no mark is ever placed in it
)

// Lines lays r out line by line, for every renderer alike.
func Lines(r *Reply) []Line {
	var out []Line
	for bi, b := range r.Blocks {
		add := func(item int, kind LineKind, spans ...Span) {
			if kind != LineCitation {
				spans = Directed(r.Lang, spans)
			}
			out = append(out, Line{Kind: kind, Spans: spans, Block: bi, Item: item})
		}
		switch b := b.(type) {
		case Heading:
			add(0, LineHeading, Span{Text: b.Text, Strong: true})
		case Paragraph:
			add(0, LineText, Span{Text: b.Text})
		case Note:
			add(0, LineNote, Span{Text: b.Text})
		case Facts:
			for i, f := range b.Items {
				add(i, LineItem, Span{Text: f.Label + ":", Strong: true}, Span{Text: " " + f.Value})
			}
		case Bullets:
			if b.Title != "" {
				add(0, LineItem, Span{Text: b.Title + ":", Strong: true})
			}
			for i, it := range b.Items {
				add(i+1, LineText, Span{Text: "• " + it})
			}
		case Figures:
			for i, it := range b.Items {
				add(i, LineItem, Span{Text: "• "}, Span{Text: it.Amount, Strong: true}, Span{Text: " — " + it.Label})
				if it.Quote != "" {
					add(i, LineQuote, Span{Text: it.QuoteLabel + ": «"}, Span{Text: it.Quote, Kind: SpanQuote, Lang: it.QuoteLang}, Span{Text: "»"})
				}
				if it.Translation != "" {
					add(i, LineTranslation, Span{Text: it.TranslationLabel + ": " + it.Translation})
				}
			}
		case StatementList:
			for i, it := range b.Items {
				add(i, LineItem, Span{Text: "• "}, Span{Text: it.Title, Strong: true}, Span{Text: " (" + it.Date + ")"})
				ids := []Span{{Text: it.ID, Kind: SpanID}}
				for _, a := range it.Aliases { // names people may type too
					ids = append(ids, Span{Text: " · "}, Span{Text: a, Kind: SpanID})
				}
				add(i, LineID, ids...)
			}
		case Commands:
			for i, it := range b.Items {
				add(i, LineItem, Span{Text: it.Usage, Kind: SpanCommand}, Span{Text: " — " + it.Description})
			}
		case Matches:
			for i, m := range b.Items {
				head := []Span{{Text: m.Number + ". "}, {Text: m.Title, Strong: true}}
				if m.Context != "" {
					head = append(head, Span{Text: " · " + m.Context})
				}
				add(i, LineItem, head...)
				if m.Snippet != "" {
					add(i, LineQuote, m.snippetSpans()...)
				}
				if m.Open != "" {
					add(i, LineNote, Span{Text: m.Open, Kind: SpanCommand})
				}
			}
		case Citation:
			add(0, LineCiteLabel, Span{Text: b.Label + ":"})
			add(0, LineCitation, Span{Text: b.Text})
		}
	}
	return out
}

// Unit is lines that stay together (a figure and its quote, a fact) with
// the gap written before them: none first, a line break within a block, a
// blank line between blocks.
type Unit struct {
	Gap   string
	Lines []Line
}

// Units groups lines into the units renderers never split.
func Units(lines []Line) []Unit {
	var out []Unit
	for i, l := range lines {
		switch {
		case i == 0:
			out = append(out, Unit{Lines: []Line{l}})
		case l.Block == lines[i-1].Block && l.Item == lines[i-1].Item:
			u := &out[len(out)-1]
			u.Lines = append(u.Lines, l)
		case l.Block == lines[i-1].Block:
			out = append(out, Unit{Gap: "\n", Lines: []Line{l}})
		default:
			out = append(out, Unit{Gap: "\n\n", Lines: []Line{l}})
		}
	}
	return out
}

// Text is the line's plain text, marks included.
func (l Line) Text() string { return Plain(l.Spans) }

// Words is the line's text without the marks Directed placed.
func (l Line) Words() string {
	var b strings.Builder
	for _, s := range l.Spans {
		if s.Kind != SpanMark {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// SplitLine cuts a line longer than max UTF-16 units into lines that fit,
// at sentence ends, then spaces (see SplitText); each piece is plain text
// of the same kind, with the marks it needs of its own.
func SplitLine(lang summaries.Lang, l Line, max int) []Line {
	var out []Line
	for _, piece := range SplitText(l.Words(), max) {
		spans := []Span{{Text: piece}}
		if l.Kind != LineCitation {
			spans = Directed(lang, spans)
		}
		out = append(out, Line{Kind: l.Kind, Spans: spans, Block: l.Block, Item: l.Item})
	}
	return out
}
