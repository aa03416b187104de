package desk

import "strings"

// embedView is a Discord embed as the preview draws it: its title, its
// description's lines with the markdown the renderer writes (bold, code,
// quote and subtext lines, backslash escapes) read back, and its footer.
type embedView struct {
	Title  string
	Lines  []mdLine
	Fields []embedField
	Footer string
}

type embedField struct {
	Name  string
	Lines []mdLine
}

// mdLine is one line of Discord markdown: Kind is "", "quote" ("> ") or
// "small" ("-# ").
type mdLine struct {
	Kind  string
	Spans []mdSpan
}

// mdSpan is a run of text in one style.
type mdSpan struct {
	Text       string
	Bold, Code bool
}

func newEmbedView(title, desc, footer string, fields []embedField) embedView {
	return embedView{Title: title, Lines: markdownLines(desc), Footer: footer, Fields: fields}
}

// markdownLines reads the markdown of a description, line by line.
func markdownLines(s string) []mdLine {
	var out []mdLine
	for _, l := range strings.Split(s, "\n") {
		ml := mdLine{}
		switch {
		case strings.HasPrefix(l, "> "):
			ml.Kind, l = "quote", l[2:]
		case strings.HasPrefix(l, "-# "):
			ml.Kind, l = "small", l[3:]
		}
		ml.Spans = markdownSpans(l)
		out = append(out, ml)
	}
	return out
}

// markdownSpans splits a line at its style marks.
func markdownSpans(l string) []mdSpan {
	var out []mdSpan
	var cur strings.Builder
	bold, code := false, false
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, mdSpan{Text: cur.String(), Bold: bold, Code: code})
			cur.Reset()
		}
	}
	for i := 0; i < len(l); i++ {
		switch c := l[i]; {
		case code && c != '`':
			cur.WriteByte(c)
		case c == '`':
			flush()
			code = !code
		case c == '\\' && i+1 < len(l):
			i++
			cur.WriteByte(l[i])
		case c == '*' && i+1 < len(l) && l[i+1] == '*':
			flush()
			bold = !bold
			i++
		default:
			cur.WriteByte(c)
		}
	}
	flush()
	return out
}
