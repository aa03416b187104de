package telegram

import (
	"strings"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// MaxText is Telegram's limit on a message's text: 4096 characters after
// entity parsing, counted in UTF-16 code units.
const MaxText = 4096

// line is one line of a message: Pre and Post are tags that open and close
// around it (a blockquote), Body is its escaped HTML, Plain its visible text.
type line struct {
	Pre, Body, Post string
	Plain           string
}

// unit is a piece of a message that is never split: a heading, one fact,
// one figure with its quote, one list item. Gap is the separator before it.
type unit struct {
	Gap   string
	Lines []line
	// Splittable marks running text that may be cut at sentence boundaries
	// when a single unit is longer than a message.
	Splittable bool
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// esc escapes curated or user text for Telegram's HTML parse mode.
func esc(s string) string { return htmlEscaper.Replace(s) }

func plainLine(s string) line { return line{Body: esc(s), Plain: s} }

func styled(tag, s string) line {
	return line{Body: "<" + tag + ">" + esc(s) + "</" + tag + ">", Plain: s}
}

// units turns a reply into its unbreakable pieces.
func units(r *bot.Reply) []unit {
	var out []unit
	gap := ""
	add := func(u unit) {
		u.Gap = gap
		gap = "\n"
		out = append(out, u)
	}
	for _, b := range r.Blocks {
		switch b := b.(type) {
		case bot.Heading:
			add(unit{Lines: []line{styled("b", b.Text)}})
		case bot.Paragraph:
			add(unit{Lines: []line{plainLine(b.Text)}, Splittable: true})
		case bot.Note:
			add(unit{Lines: []line{styled("i", b.Text)}, Splittable: true})
		case bot.Facts:
			for _, f := range b.Items {
				add(unit{Lines: []line{{Body: "<b>" + esc(f.Label) + ":</b> " + esc(f.Value), Plain: f.Label + ": " + f.Value}}})
			}
		case bot.Bullets:
			if b.Title != "" {
				add(unit{Lines: []line{styled("b", b.Title+":")}})
			}
			for _, it := range b.Items {
				add(unit{Lines: []line{plainLine("• " + it)}, Splittable: true})
			}
		case bot.Figures:
			for _, it := range b.Items {
				u := unit{Lines: []line{{
					Body:  "• <b>" + esc(it.Amount) + "</b> — " + esc(it.Label),
					Plain: "• " + it.Amount + " — " + it.Label,
				}}}
				if it.Quote != "" {
					q := it.QuoteLabel + ": «" + it.Quote + "»"
					u.Lines = append(u.Lines, line{Pre: "<blockquote expandable>", Body: esc(q), Post: "</blockquote>", Plain: q})
				}
				add(u)
			}
		case bot.StatementList:
			for _, it := range b.Items {
				add(unit{Lines: []line{
					{Body: "• <b>" + esc(it.Title) + "</b> (" + esc(it.Date) + ")", Plain: "• " + it.Title + " (" + it.Date + ")"},
					{Body: "<code>" + esc(it.ID) + "</code>", Plain: it.ID},
				}})
			}
		case bot.Commands:
			for _, it := range b.Items {
				add(unit{Lines: []line{plainLine(it.Usage + " — " + it.Description)}})
			}
		case bot.Matches:
			for i, it := range b.Items {
				if i > 0 {
					gap = "\n\n"
				}
				add(matchUnit(it))
			}
		}
		gap = "\n\n"
	}
	return out
}

// matchUnit is one search match: its title, its context, its snippet
// with the matched words in bold (a quote in a blockquote, its text
// unaltered between the tags) and the command that opens it.
func matchUnit(it bot.Match) unit {
	body, plain := it.SnippetLine(esc, func(s string) string { return "<b>" + s + "</b>" }, func(s string) string { return "<i>" + s + "</i>" })
	snippet := line{Body: body, Plain: plain}
	if it.Quote {
		snippet.Pre, snippet.Post = "<blockquote>", "</blockquote>"
	}
	return unit{Lines: []line{
		{Body: "<b>" + esc(it.Number) + ". " + esc(it.Title) + "</b>", Plain: it.Number + ". " + it.Title},
		styled("i", it.Context),
		snippet,
		plainLine(it.Open),
	}}
}

// html renders one line, starting it right-to-left in an Arabic reply.
func (l line) html(lang summaries.Lang) string {
	return l.Pre + bot.LineStart(lang, l.Plain) + l.Body + l.Post
}

// visible is the line's length as Telegram counts it.
func (l line) visible(lang summaries.Lang) int {
	return bot.UTF16Len(bot.LineStart(lang, l.Plain)) + bot.UTF16Len(l.Plain)
}

func (u unit) size(lang summaries.Lang) int {
	n := 0
	for i, l := range u.Lines {
		if i > 0 {
			n++
		}
		n += l.visible(lang)
	}
	return n
}

// Render turns a reply into Telegram HTML messages of at most limit UTF-16
// units of visible text each. Messages break between units (blocks, facts,
// figures with their quotes, list items); a unit longer than a message is cut
// at sentence ends (including Arabic ، ؛ ؟), then at spaces, never inside a
// tag or an isolate pair.
func Render(r *bot.Reply, limit int) []string {
	if r == nil {
		return nil
	}
	var msgs []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if cur.Len() > 0 {
			msgs = append(msgs, cur.String())
			cur.Reset()
			curLen = 0
		}
	}
	for _, u := range units(r) {
		for _, part := range fit(u, r.Lang, limit) {
			n := part.size(r.Lang)
			gap := bot.UTF16Len(part.Gap)
			if curLen > 0 && curLen+gap+n > limit {
				flush()
			}
			if curLen > 0 {
				cur.WriteString(part.Gap)
				curLen += gap
			}
			for i, l := range part.Lines {
				if i > 0 {
					cur.WriteByte('\n')
				}
				cur.WriteString(l.html(r.Lang))
			}
			curLen += n
		}
	}
	flush()
	return msgs
}

// fit returns u itself when it fits a message, or pieces of it that do.
func fit(u unit, lang summaries.Lang, limit int) []unit {
	if u.size(lang) <= limit {
		return []unit{u}
	}
	var out []unit
	gap := u.Gap
	for _, l := range u.Lines {
		if l.visible(lang) <= limit {
			out = append(out, unit{Gap: gap, Lines: []line{l}})
			gap = "\n"
			continue
		}
		// Cut the visible text and re-wrap each piece in the line's outer
		// tags; inner markup of an over-long line is dropped, never broken.
		for _, piece := range bot.SplitText(l.Plain, limit-1) {
			out = append(out, unit{Gap: gap, Lines: []line{{Pre: l.Pre, Body: esc(piece), Post: l.Post, Plain: piece}}})
			gap = "\n"
		}
	}
	return out
}
