package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// Discord's message limits (characters, counted here in UTF-16 units, which
// is never fewer than Discord counts).
const (
	maxTitle       = 256
	maxDescription = 4096
	maxFooter      = 2048
	maxEmbeds      = 10
	maxEmbedTotal  = 6000
	maxContent     = 2000
	embedColor     = 0x2B6CB0
)

// part is one Discord message of a reply: its text content (a citation,
// which a phone's "Copy Text" copies as it is) and its embeds.
type part struct {
	Content string
	Embeds  []*discordgo.MessageEmbed
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, "~", `\~`, "`", "\\`", `|`, `\|`, `>`, `\>`, `[`, `\[`, `]`, `\]`)

// md escapes curated or user text for Discord markdown.
func md(s string) string { return mdEscaper.Replace(s) }

// mdLine is one line of an embed description: Pre is markup that must stay
// at the line's start ("> " for a quote), Body the escaped markdown.
type mdLine struct{ Pre, Body string }

func (l mdLine) text() string { return l.Pre + l.Body }

// mdUnit is a piece of a description that is never split across embeds.
type mdUnit struct {
	Gap   string
	Lines []mdLine
	src   []bot.Line // the lines laid out, for cutting them
}

// markdown writes one laid-out line: emphasis in bold, ids and commands as
// code, a quote as a block quote, notes and translations as subtext.
func markdown(l bot.Line) mdLine {
	var b strings.Builder
	lead := true // markdown that starts a line ("#", "-") is escaped there
	for _, s := range l.Spans {
		text := md(s.Text)
		if lead && s.Kind != bot.SpanMark {
			if strings.HasPrefix(text, "#") || strings.HasPrefix(text, "-") {
				text = `\` + text
			}
			lead = false
		}
		switch {
		case s.Kind == bot.SpanID || s.Kind == bot.SpanCommand:
			b.WriteString("`" + strings.ReplaceAll(s.Text, "`", "") + "`")
		case s.Strong:
			b.WriteString("**" + text + "**")
		default:
			b.WriteString(text)
		}
	}
	out := mdLine{Body: b.String()}
	switch l.Kind {
	case bot.LineQuote:
		out.Pre = "> "
	case bot.LineNote, bot.LineTranslation:
		out.Pre = "-# "
	}
	return out
}

// descriptionUnits renders the lines of a reply as markdown units, leaving
// out a heading that is already the embed title and the citation, which
// goes in the message's content.
func descriptionUnits(r *bot.Reply) []mdUnit {
	var lines []bot.Line
	for _, l := range bot.Lines(r) {
		if l.Kind == bot.LineHeading && l.Words() == r.Title || l.Kind == bot.LineCitation || l.Kind == bot.LineCiteLabel {
			continue
		}
		lines = append(lines, l)
	}
	var out []mdUnit
	for _, u := range bot.Units(lines) {
		mu := mdUnit{Gap: u.Gap, src: u.Lines}
		for _, l := range u.Lines {
			mu.Lines = append(mu.Lines, markdown(l))
		}
		out = append(out, mu)
	}
	return out
}

// content is the citation of a reply, if it has one, as message content.
func content(r *bot.Reply) string {
	for _, b := range r.Blocks {
		if c, ok := b.(bot.Citation); ok {
			return clip(c.Text, maxContent)
		}
	}
	return ""
}

// Render turns a reply into Discord messages: embeds whose descriptions stay
// within 4096 characters, at most 10 embeds and 6000 characters of embed text
// per message; longer replies continue in further messages. The summary or
// figure list goes in the description (not in fields, which mobile clients
// stack and in which Arabic is reordered); the footer carries source and date.
func Render(r *bot.Reply) []part {
	if r == nil {
		return nil
	}
	lang := r.Lang
	title := clip(r.Title, maxTitle-2)
	footer := clip(r.Footer, maxFooter-2)
	var descs []string
	var cur strings.Builder
	curLen := 0
	for _, u := range descriptionUnits(r) {
		for _, piece := range fitUnit(u, lang) {
			text, n := piece.text, piece.n
			gap := bot.UTF16Len(u.Gap)
			if curLen > 0 && curLen+gap+n > maxDescription {
				descs = append(descs, cur.String())
				cur.Reset()
				curLen = 0
			}
			if curLen > 0 {
				cur.WriteString(u.Gap)
				curLen += gap
			}
			cur.WriteString(text)
			curLen += n
		}
	}
	if cur.Len() > 0 || len(descs) == 0 {
		descs = append(descs, cur.String())
	}
	// Pack the descriptions into messages within the embed limits.
	var parts []part
	var p part
	total := 0
	for i, d := range descs {
		e := &discordgo.MessageEmbed{Description: d, Color: embedColor}
		if i == 0 && title != "" {
			e.Title = bot.DirectedText(lang, title)
		}
		size := bot.UTF16Len(e.Title) + bot.UTF16Len(d)
		if i == len(descs)-1 && footer != "" {
			e.Footer = &discordgo.MessageEmbedFooter{Text: bot.DirectedText(lang, footer)}
			size += bot.UTF16Len(e.Footer.Text)
		}
		if len(p.Embeds) > 0 && (len(p.Embeds) == maxEmbeds || total+size > maxEmbedTotal) {
			parts = append(parts, p)
			p, total = part{}, 0
		}
		p.Embeds = append(p.Embeds, e)
		total += size
	}
	parts = append(parts, p)
	parts[0].Content = content(r)
	return parts
}

type fitted struct {
	text string
	n    int
}

// fitUnit returns a unit as one piece when it fits a description, or as
// pieces of its lines, over-long lines cut at sentence ends.
func fitUnit(u mdUnit, lang summaries.Lang) []fitted {
	var whole strings.Builder
	n := 0
	for i, l := range u.Lines {
		if i > 0 {
			whole.WriteByte('\n')
			n++
		}
		t := l.text()
		whole.WriteString(t)
		n += bot.UTF16Len(t)
	}
	if n <= maxDescription {
		return []fitted{{whole.String(), n}}
	}
	var out []fitted
	for _, l := range u.src {
		for _, piece := range bot.SplitLine(lang, l, maxDescription-100) {
			t := markdown(piece).text()
			out = append(out, fitted{t, bot.UTF16Len(t)})
		}
	}
	return out
}

// clip cuts s to max UTF-16 units at a word boundary.
func clip(s string, max int) string {
	if bot.UTF16Len(s) <= max {
		return s
	}
	return bot.SplitText(s, max-1)[0] + "…"
}
