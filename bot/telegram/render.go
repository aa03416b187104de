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
// around it (a blockquote), Body is its escaped HTML, Plain its visible
// text, direction marks included.
type line struct {
	Pre, Body, Post string
	Plain           string
	n               int      // UTF-16 length of Plain
	src             bot.Line // the line laid out, for cutting it
}

// unit is a piece of a message that is never split: a heading, one fact,
// one figure with its quote, one list item. Gap is the separator before it.
type unit struct {
	Gap   string
	Lines []line
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// esc escapes curated or user text for Telegram's HTML parse mode.
func esc(s string) string { return htmlEscaper.Replace(s) }

// htmlLine is one laid-out line in Telegram's HTML: quotes in an
// expandable blockquote, notes and translations in italics, a citation as
// code (a tap copies it), ids as code, emphasis in bold. Commands stay
// plain text, which Telegram links.
func htmlLine(l bot.Line) line {
	var b strings.Builder
	for _, s := range l.Spans {
		switch {
		case s.Kind == bot.SpanID:
			b.WriteString("<code>" + esc(s.Text) + "</code>")
		case s.Strong:
			b.WriteString("<b>" + esc(s.Text) + "</b>")
		default:
			b.WriteString(esc(s.Text))
		}
	}
	out := line{Body: b.String(), Plain: l.Text(), src: l}
	out.n = bot.UTF16Len(out.Plain)
	switch l.Kind {
	case bot.LineQuote:
		out.Pre, out.Post = "<blockquote expandable>", "</blockquote>"
	case bot.LineNote, bot.LineTranslation, bot.LineCiteLabel:
		out.Pre, out.Post = "<i>", "</i>"
	case bot.LineCitation:
		out.Pre, out.Post = "<code>", "</code>"
	}
	return out
}

// units turns a reply into its unbreakable pieces (see bot.Units).
func units(r *bot.Reply) []unit {
	var out []unit
	for _, u := range bot.Units(bot.Lines(r)) {
		tu := unit{Gap: u.Gap}
		for _, l := range u.Lines {
			tu.Lines = append(tu.Lines, htmlLine(l))
		}
		out = append(out, tu)
	}
	return out
}

// html renders one line.
func (l line) html() string { return l.Pre + l.Body + l.Post }

// visible is the line's length as Telegram counts it.
func (l line) visible() int { return l.n }

func (u unit) size() int {
	n := 0
	for i, l := range u.Lines {
		if i > 0 {
			n++
		}
		n += l.visible()
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
			n := part.size()
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
				cur.WriteString(l.html())
			}
			curLen += n
		}
	}
	flush()
	return msgs
}

// fit returns u itself when it fits a message, or pieces of it that do.
func fit(u unit, lang summaries.Lang, limit int) []unit {
	if u.size() <= limit {
		return []unit{u}
	}
	var out []unit
	gap := u.Gap
	for _, l := range u.Lines {
		if l.visible() <= limit {
			out = append(out, unit{Gap: gap, Lines: []line{l}})
			gap = "\n"
			continue
		}
		// Cut the visible text and re-wrap each piece in the line's outer
		// tags; inner markup of an over-long line is dropped, never broken.
		for _, piece := range bot.SplitLine(lang, l.src, limit-4) {
			p := htmlLine(piece)
			out = append(out, unit{Gap: gap, Lines: []line{p}})
			gap = "\n"
		}
	}
	return out
}
