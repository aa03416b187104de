// Package console is briefbot's terminal adapter: it reads commands from a
// reader, runs them through the same core as the chat platforms and writes
// the replies as plain text. It is the embedded default when no platform
// token is set, and it renders `briefbot ask`.
package console

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/bot"
)

// Render writes a reply as plain text, line by line as bot.Lines lays it
// out (direction marks placed); blocks are separated by blank lines. A
// terminal has no buttons, so the buttons in the reply's language follow
// as the commands that do the same, ready to type. A Silent reply writes
// nothing.
func Render(r *bot.Reply) string {
	if r == nil || r.Silent {
		return ""
	}
	var b strings.Builder
	for _, u := range bot.Units(bot.Lines(r)) {
		b.WriteString(u.Gap)
		for i, l := range u.Lines {
			if i > 0 {
				b.WriteByte('\n')
			}
			switch l.Kind {
			case bot.LineQuote, bot.LineTranslation, bot.LineID:
				b.WriteString("  ")
			}
			b.WriteString(l.Text())
		}
	}
	hints := buttonHints(r, b.String())
	if len(hints) > 0 && b.Len() > 0 {
		b.WriteString("\n")
	}
	for _, h := range hints {
		b.WriteString("\n" + h)
	}
	return b.String() + "\n"
}

// showsCommand reports whether body holds cmd whole: not as the start of
// a longer one (/summary coalition-2019 within /summary coalition-2019-11).
func showsCommand(body, cmd string) bool {
	for at := 0; ; {
		i := strings.Index(body[at:], cmd)
		if i < 0 {
			return false
		}
		end := at + i + len(cmd)
		if r, _ := utf8.DecodeRuneInString(body[end:]); end == len(body) || !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_') {
			return true
		}
		at = at + i + 1
	}
}

// buttonHints are the buttons of r in its language as typed commands:
// "Key figures: /figures coalition-ministers-2019-11". A command the body
// already shows (a search match's own line) is not written twice.
func buttonHints(r *bot.Reply, body string) []string {
	var out []string
	for _, btn := range r.Buttons {
		if btn.Lang != r.Lang {
			continue
		}
		cmd := "/" + btn.Command
		if btn.Args != "" {
			cmd += " " + btn.Args
		}
		if showsCommand(body, cmd) {
			continue
		}
		out = append(out, bot.Plain(bot.Directed(r.Lang, []bot.Span{{Text: btn.Label + ": "}, {Text: cmd, Kind: bot.SpanCommand}})))
	}
	return out
}
