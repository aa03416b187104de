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

// part is one Discord message of a reply: its embeds.
type part struct {
	Embeds []*discordgo.MessageEmbed
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, `*`, `\*`, `_`, `\_`, "~", `\~`, "`", "\\`", `|`, `\|`, `>`, `\>`, `[`, `\[`, `]`, `\]`)

// md escapes curated or user text for Discord markdown.
func md(s string) string {
	s = mdEscaper.Replace(s)
	if strings.HasPrefix(s, "#") || strings.HasPrefix(s, "-") {
		s = `\` + s
	}
	return s
}

// mdLine is one line of an embed description: Pre is markup that must stay
// at the line's start ("> " for a quote), Body the escaped markdown, Plain
// the visible text.
type mdLine struct{ Pre, Body, Plain string }

func (l mdLine) text(lang summaries.Lang) string {
	return l.Pre + bot.LineStart(lang, l.Plain) + l.Body
}

// mdUnit is a piece of a description that is never split across embeds.
type mdUnit struct {
	Gap   string
	Lines []mdLine
}

// descriptionUnits renders the blocks of a reply as markdown units, leaving
// out a heading that is already the embed title.
func descriptionUnits(r *bot.Reply) []mdUnit {
	var out []mdUnit
	gap := ""
	add := func(lines ...mdLine) {
		out = append(out, mdUnit{Gap: gap, Lines: lines})
		gap = "\n"
	}
	for _, b := range r.Blocks {
		switch b := b.(type) {
		case bot.Heading:
			if b.Text == r.Title {
				continue
			}
			add(mdLine{Body: "**" + md(b.Text) + "**", Plain: b.Text})
		case bot.Paragraph:
			add(mdLine{Body: md(b.Text), Plain: b.Text})
		case bot.Note:
			add(mdLine{Pre: "-# ", Body: md(b.Text), Plain: b.Text})
		case bot.Facts:
			for _, f := range b.Items {
				add(mdLine{Body: "**" + md(f.Label) + ":** " + md(f.Value), Plain: f.Label + ": " + f.Value})
			}
		case bot.Bullets:
			if b.Title != "" {
				add(mdLine{Body: "**" + md(b.Title) + ":**", Plain: b.Title + ":"})
			}
			for _, it := range b.Items {
				add(mdLine{Body: "• " + md(it), Plain: "• " + it})
			}
		case bot.Figures:
			for _, it := range b.Items {
				lines := []mdLine{{Body: "• **" + md(it.Amount) + "** — " + md(it.Label), Plain: "• " + it.Amount + " — " + it.Label}}
				if it.Quote != "" {
					q := it.QuoteLabel + ": «" + it.Quote + "»"
					lines = append(lines, mdLine{Pre: "> ", Body: md(q), Plain: q})
				}
				add(lines...)
			}
		case bot.StatementList:
			for _, it := range b.Items {
				add(mdLine{Body: "• **" + md(it.Title) + "** (" + md(it.Date) + ")", Plain: "• " + it.Title + " (" + it.Date + ")"},
					mdLine{Body: "`" + strings.ReplaceAll(it.ID, "`", "") + "`", Plain: it.ID})
			}
		case bot.Commands:
			for _, it := range b.Items {
				add(mdLine{Body: "`" + strings.ReplaceAll(it.Usage, "`", "") + "` — " + md(it.Description), Plain: it.Usage + " — " + it.Description})
			}
		case bot.Matches:
			for i, it := range b.Items {
				if i > 0 {
					gap = "\n\n"
				}
				add(matchLines(it)...)
			}
		}
		gap = "\n\n"
	}
	return out
}

// matchLines are one search match: its title, its context, its snippet
// with the matched words in bold (a quote as a block quote, its text
// unaltered but for markdown escapes) and the command that opens it.
func matchLines(it bot.Match) []mdLine {
	body, plain := it.SnippetLine(md, func(s string) string { return "**" + s + "**" }, func(s string) string { return "*" + s + "*" })
	snippet := mdLine{Body: body, Plain: plain}
	if it.Quote {
		snippet.Pre = "> "
	}
	return []mdLine{
		{Body: "**" + md(it.Number+". "+it.Title) + "**", Plain: it.Number + ". " + it.Title},
		{Pre: "-# ", Body: md(it.Context), Plain: it.Context},
		snippet,
		{Body: "`" + strings.ReplaceAll(it.Open, "`", "") + "`", Plain: it.Open},
	}
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
	title := clip(r.Title, maxTitle)
	footer := clip(r.Footer, maxFooter)
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
			e.Title = bot.LineStart(lang, title) + title
		}
		size := bot.UTF16Len(e.Title) + bot.UTF16Len(d)
		if i == len(descs)-1 && footer != "" {
			e.Footer = &discordgo.MessageEmbedFooter{Text: bot.LineStart(lang, footer) + footer}
			size += bot.UTF16Len(e.Footer.Text)
		}
		if len(p.Embeds) > 0 && (len(p.Embeds) == maxEmbeds || total+size > maxEmbedTotal) {
			parts = append(parts, p)
			p, total = part{}, 0
		}
		p.Embeds = append(p.Embeds, e)
		total += size
	}
	return append(parts, p)
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
		t := l.text(lang)
		whole.WriteString(t)
		n += bot.UTF16Len(t)
	}
	if n <= maxDescription {
		return []fitted{{whole.String(), n}}
	}
	var out []fitted
	for _, l := range u.Lines {
		for _, piece := range bot.SplitText(l.Plain, maxDescription-100) {
			t := mdLine{Pre: l.Pre, Body: md(piece), Plain: piece}.text(lang)
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
