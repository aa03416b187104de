// Package console is briefbot's terminal adapter: it reads commands from a
// reader, runs them through the same core as the chat platforms and writes
// the replies as plain text. It is the embedded default when no platform
// token is set, and it renders `briefbot ask`.
package console

import (
	"strings"

	"github.com/briefbot/briefbot/bot"
)

// Render writes a reply as plain text. Every line of an Arabic reply starts
// right-to-left (see bot.LineStart); blocks are separated by blank lines.
// A Silent reply writes nothing.
func Render(r *bot.Reply) string {
	if r == nil || r.Silent {
		return ""
	}
	var blocks []string
	for _, b := range r.Blocks {
		if s := renderBlock(b); s != "" {
			blocks = append(blocks, s)
		}
	}
	lines := strings.Split(strings.Join(blocks, "\n\n"), "\n")
	for i, l := range lines {
		lines[i] = bot.LineStart(r.Lang, l) + l
	}
	return strings.Join(lines, "\n") + "\n"
}

func plain(s string) string { return s }

func renderBlock(b bot.Block) string {
	var s strings.Builder
	line := func(parts ...string) {
		if s.Len() > 0 {
			s.WriteByte('\n')
		}
		for _, p := range parts {
			s.WriteString(p)
		}
	}
	switch b := b.(type) {
	case bot.Heading:
		line(b.Text)
	case bot.Paragraph:
		line(b.Text)
	case bot.Note:
		line(b.Text)
	case bot.Facts:
		for _, f := range b.Items {
			line(f.Label, ": ", f.Value)
		}
	case bot.Bullets:
		if b.Title != "" {
			line(b.Title, ":")
		}
		for _, it := range b.Items {
			line("• ", it)
		}
	case bot.Figures:
		for _, it := range b.Items {
			line("• ", it.Amount, " — ", it.Label)
			if it.Quote != "" {
				line("  ", it.QuoteLabel, ": «", it.Quote, "»")
			}
		}
	case bot.StatementList:
		for _, it := range b.Items {
			line("• ", it.Title, " (", it.Date, ")")
			line("  ", it.ID)
		}
	case bot.Commands:
		for _, it := range b.Items {
			line(it.Usage, " — ", it.Description)
		}
	case bot.Matches:
		for i, it := range b.Items {
			if i > 0 {
				s.WriteByte('\n') // a blank line between matches
			}
			line(it.Number, ". ", it.Title)
			line("   ", it.Context)
			_, snippet := it.SnippetLine(plain, plain, plain) // marks are not shown in plain text
			line("   ", snippet)
			line("   ", it.Open)
		}
	}
	return s.String()
}
