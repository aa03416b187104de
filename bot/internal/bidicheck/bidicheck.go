// Package bidicheck verifies, for tests, what chat clients will show of a
// rendered reply: that the Unicode bidi algorithm (as
// golang.org/x/text/unicode/bidi runs it) lays each line out in the
// reply's direction with every number, name, command and link in order,
// that a quote is the source's words with nothing inserted in it, that no
// invisible character touches a command or an id, and that a citation
// carries none at all.
package bidicheck

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// Line reports what is wrong with one visible line of a reply in lang, or
// "": isolates must balance; the first strong character (rule P2) must be
// right-to-left in an Arabic line and must not be in an English one; and
// every left-to-right token (a word, a number with its separators, a
// command with its slash, a link) must be laid out as one left-to-right
// run, not broken up by the text around it.
func Line(lang summaries.Lang, line string) string {
	depth := 0
	for _, r := range line {
		switch r {
		case arabic.LRI, arabic.RLI, arabic.FSI:
			depth++
		case arabic.PDI:
			if depth--; depth < 0 {
				return "PDI without an isolate"
			}
		}
	}
	if depth != 0 {
		return "unbalanced isolates"
	}
	first := arabic.FirstStrong(line)
	switch {
	case lang == summaries.AR && first != arabic.RTL:
		return "an Arabic line that does not start right-to-left"
	case lang != summaries.AR && first == arabic.RTL:
		return "an English line that starts right-to-left"
	}
	runs, err := order(line)
	if err != "" {
		return err
	}
	for _, t := range tokens(line) {
		if !runs.within(t.start, t.end, bidi.LeftToRight) {
			return "left-to-right " + strconv.Quote(line[t.start:t.end]) + " is not laid out as one run"
		}
	}
	return ""
}

// Text checks every non-empty line of text; it returns one message per bad
// line, with the line.
func Text(lang summaries.Lang, text string) []string {
	var bad []string
	for i, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if err := Line(lang, line); err != "" {
			bad = append(bad, "line "+strconv.Itoa(i+1)+" "+strconv.Quote(line)+": "+err)
		}
	}
	return bad
}

// Reply checks visible, the text a platform shows of r, against what r
// holds: each quote appears exactly as the source has it, with no
// invisible character against it, and, when it is in the other
// direction than the reply, laid out in its own direction up to its last
// character; every command of commands ("help", "figures") that appears
// follows a line start or a space and touches no invisible character;
// no invisible character touches an id of ids; each citation appears
// whole and holds no invisible character; and every line passes Line.
func Reply(r *bot.Reply, visible string, commands, ids []string) []string {
	bad := Text(r.Lang, visible)
	for _, b := range r.Blocks {
		switch b := b.(type) {
		case bot.Figures:
			for _, it := range b.Items {
				if it.Quote != "" {
					bad = append(bad, quote(r.Lang, visible, it.Quote, it.QuoteLang)...)
				}
			}
		case bot.Citation:
			if strings.IndexFunc(b.Text, arabic.IsBidiControl) >= 0 {
				bad = append(bad, "citation holds an invisible character: "+strconv.Quote(b.Text))
			}
			if !strings.Contains(visible, b.Text) {
				bad = append(bad, "citation not shown whole: "+strconv.Quote(b.Text))
			}
		}
	}
	for _, c := range commands {
		bad = append(bad, tappable(visible, "/"+c)...)
	}
	for _, id := range ids {
		for _, at := range occurrences(visible, id) {
			if touched(visible, at, at+len(id)) {
				bad = append(bad, "an invisible character touches the id "+id+" in "+strconv.Quote(lineAt(visible, at)))
			}
		}
	}
	return bad
}

// quote checks one quote of a reply in lang.
func quote(lang summaries.Lang, visible, q string, qlang summaries.Lang) []string {
	ats := occurrences(visible, q)
	if len(ats) == 0 {
		return []string{"quote not shown exactly as the source has it: " + strconv.Quote(q)}
	}
	var bad []string
	for _, at := range ats {
		if touched(visible, at, at+len(q)) {
			bad = append(bad, "an invisible character touches the quote "+strconv.Quote(q))
		}
		if qlang == "" || qlang == lang {
			continue
		}
		start := strings.LastIndexByte(visible[:at], '\n') + 1
		end := strings.IndexByte(visible[at:], '\n')
		if end < 0 {
			end = len(visible)
		} else {
			end += at
		}
		line := visible[start:end]
		runs, err := order(line)
		if err != "" {
			bad = append(bad, err)
			continue
		}
		dir := bidi.LeftToRight
		if qlang == summaries.AR {
			dir = bidi.RightToLeft
		}
		_, lw := utf8.DecodeLastRuneInString(q)
		if !runs.within(at-start, at-start+1, dir) || !runs.within(at-start+len(q)-lw, at-start+len(q), dir) {
			bad = append(bad, "the quote "+strconv.Quote(q)+" is not laid out in its own direction to its ends")
		}
	}
	return bad
}

// tappable checks each appearance of command in visible: a line start or
// a space before it (Telegram links a command only there), and no
// invisible character after it.
func tappable(visible, command string) []string {
	var bad []string
	for _, at := range occurrences(visible, command) {
		end := at + len(command)
		if r, _ := utf8.DecodeRuneInString(visible[end:]); end < len(visible) && (r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue // a longer command ("/figures" when looking for "/figure")
		}
		prev, _ := utf8.DecodeLastRuneInString(visible[:at])
		if at > 0 && prev != '\n' && prev != ' ' {
			if unicode.IsLetter(prev) || prev == '/' || prev == ':' {
				continue // part of a path or a link, not a command
			}
			bad = append(bad, "the command "+command+" does not follow a line start or a space in "+strconv.Quote(lineAt(visible, at)))
		}
		if next, _ := utf8.DecodeRuneInString(visible[end:]); arabic.IsBidiControl(next) {
			bad = append(bad, "an invisible character touches the command "+command+" in "+strconv.Quote(lineAt(visible, at)))
		}
	}
	return bad
}

// touched reports whether the characters just before start or just at end
// of s are directional formatting characters.
func touched(s string, start, end int) bool {
	prev, _ := utf8.DecodeLastRuneInString(s[:start])
	next, _ := utf8.DecodeRuneInString(s[end:])
	return arabic.IsBidiControl(prev) || arabic.IsBidiControl(next)
}

func occurrences(s, sub string) []int {
	var out []int
	for i := 0; sub != ""; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			break
		}
		out = append(out, i+j)
		i += j + len(sub)
	}
	return out
}

func lineAt(s string, at int) string {
	start := strings.LastIndexByte(s[:at], '\n') + 1
	end := strings.IndexByte(s[at:], '\n')
	if end < 0 {
		return s[start:]
	}
	return s[start : at+end]
}

// runs are a line's bidi runs by byte range, as the algorithm orders them.
type runs []struct {
	start, end int
	dir        bidi.Direction
}

// within reports whether bytes [start, end) lie in one run of direction d.
func (rs runs) within(start, end int, d bidi.Direction) bool {
	for _, r := range rs {
		if r.start <= start && end <= r.end {
			return r.dir == d
		}
	}
	return false
}

// order runs the bidi algorithm over line.
func order(line string) (runs, string) {
	var p bidi.Paragraph
	if _, err := p.SetString(line); err != nil {
		return nil, err.Error()
	}
	o, err := p.Order()
	if err != nil {
		return nil, "bidi ordering: " + err.Error()
	}
	// Run positions count runes; turn them into byte offsets.
	offsets := make([]int, 0, len(line)+1)
	for i := range line {
		offsets = append(offsets, i)
	}
	offsets = append(offsets, len(line))
	var rs runs
	for i := range o.NumRuns() {
		r := o.Run(i)
		a, b := r.Pos()
		if a < 0 || b+1 >= len(offsets) {
			continue
		}
		rs = append(rs, struct {
			start, end int
			dir        bidi.Direction
		}{offsets[a], offsets[b+1], r.Direction()})
	}
	return rs, ""
}

// token is a left-to-right run that must stay whole: bytes [start, end).
type token struct{ start, end int }

// tokens finds the left-to-right tokens of line: letters of a
// left-to-right script and digits, with the separators between them
// (110,000; 7.7; Asia/Riyadh; coalition-2019; https://example.org), and a
// command's leading slash.
func tokens(line string) []token {
	var out []token
	inToken := func(r rune) bool {
		return arabic.Strong(r) == arabic.LTR && !arabic.IsBidiControl(r) || unicode.IsDigit(r)
	}
	sep := func(r rune) bool { return strings.ContainsRune(",.:/-_@٫٬", r) }
	for i := 0; i < len(line); {
		r, w := utf8.DecodeRuneInString(line[i:])
		if !inToken(r) {
			i += w
			continue
		}
		start := i
		if i > 0 && bot.IsCommandAt(line, i-1) {
			start = i - 1
		}
		end := i + w
		for j := end; j < len(line); {
			r, w := utf8.DecodeRuneInString(line[j:])
			switch {
			case inToken(r):
				j += w
				end = j
			case sep(r):
				j += w
			default:
				j = len(line)
			}
		}
		out = append(out, token{start, end})
		i = end
	}
	return out
}
