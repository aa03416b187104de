package bot

import (
	"strings"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
)

// snippetSpans lays out m's snippet as the spans of its line: its label,
// then the snippet, the matched pieces Strong; the source's words are one
// quote (bold marks change no character of them), between « and » when it
// is the curated quote.
func (m Match) snippetSpans() []Span {
	var out []Span
	if m.Label != "" {
		out = append(out, Span{Text: m.Label + ": "})
	}
	kind := SpanText
	if m.Source {
		kind = SpanQuote
	}
	if m.Quote {
		out = append(out, Span{Text: "«"})
	}
	at := 0
	piece := func(text string, strong bool) {
		if text != "" {
			out = append(out, Span{Text: text, Kind: kind, Lang: m.sourceLang(), Strong: strong && strings.TrimSpace(text) != ""})
		}
	}
	for _, mk := range validMarks(m.Snippet, m.Marks) {
		piece(m.Snippet[at:mk.Start], false)
		piece(m.Snippet[mk.Start:mk.End], true)
		at = mk.End
	}
	piece(m.Snippet[at:], false)
	if m.Quote {
		out = append(out, Span{Text: "»"})
	}
	return out
}

func (m Match) sourceLang() summaries.Lang {
	if m.Source {
		return m.SourceLang
	}
	return ""
}

// validMarks keeps the marks that are in order, inside s and on character
// boundaries.
func validMarks(s string, marks []Mark) []Mark {
	var out []Mark
	at := 0
	for _, mk := range marks {
		if mk.Start < at || mk.End <= mk.Start || mk.End > len(s) ||
			!utf8.RuneStart(s[mk.Start]) || mk.End < len(s) && !utf8.RuneStart(s[mk.End]) {
			continue
		}
		out = append(out, mk)
		at = mk.End
	}
	return out
}
