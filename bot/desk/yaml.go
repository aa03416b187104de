package desk

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/briefbot/briefbot/summaries"
)

// lineWidth is where long texts wrap in the files the desk writes: one
// edited sentence then changes a line or two of a summary, not all of it.
const lineWidth = 80

// Encode writes d as a statement file in the field order of the curated
// files (data/README.md): plain scalars where YAML reads them back
// unchanged, long texts folded at lineWidth. The same Doc always gives the same
// bytes, and a file the desk wrote reads back to the same Doc.
func Encode(d *Doc) ([]byte, error) {
	for _, f := range fields(d) {
		if !utf8.ValidString(f.Value) {
			return nil, fmt.Errorf("writing the statement file: %s is not UTF-8 text", f.Name)
		}
	}
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{d.node()}}
	doc.HeadComment = commentLines(d.Comment)
	var b bytes.Buffer
	enc, err := yaml.NewDumper(&b, yaml.WithIndent(2), yaml.WithCompactSeqIndent(false), yaml.WithLineWidth(lineWidth), yaml.WithUnicode(true))
	if err != nil {
		return nil, fmt.Errorf("writing the statement file: %w", err)
	}
	if err := enc.Dump(doc); err != nil {
		return nil, fmt.Errorf("writing the statement file: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing the statement file: %w", err)
	}
	return b.Bytes(), nil
}

func (d *Doc) node() *yaml.Node {
	aliases := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, a := range d.Aliases {
		aliases.Content = append(aliases.Content, str(a))
	}
	src := []*yaml.Node{key("file"), str(d.Source.File), key("lang"), str(d.Source.Lang), key("name"), text(d.Source.Name)}
	if d.Source.URL != "" {
		src = append(src, key("url"), str(d.Source.URL))
	}
	points := &yaml.Node{Kind: yaml.SequenceNode}
	for _, p := range d.KeyPoints {
		points.Content = append(points.Content, text(p))
	}
	figs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, f := range d.Figures {
		figs.Content = append(figs.Content, f.node())
	}
	m := []*yaml.Node{key("id"), str(d.ID)}
	if len(d.Aliases) > 0 {
		m = append(m, key("aliases"), aliases)
	}
	m = append(m,
		key("date"), plain(d.Date),
		key("place"), text(d.Place),
		key("publisher"), text(d.Publisher),
		key("source"), mapping(src...),
		key("title"), text(d.Title),
		key("summary"), text(d.Summary),
		key("key_points"), points,
		key("figures"), figs,
	)
	return mapping(m...)
}

func (f DocFigure) node() *yaml.Node {
	m := []*yaml.Node{key("id"), str(f.ID)}
	if f.Headline {
		m = append(m, key("headline"), &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
	}
	m = append(m, key("value"), plain(f.Value), key("unit"), str(f.Unit), key("qualifier"), str(f.Qualifier),
		key("label"), text(f.Label), key("quote"), str(f.Quote))
	if f.Translation != nil && (f.Translation.AR != "" || f.Translation.EN != "") {
		var t []*yaml.Node
		for _, l := range summaries.Langs {
			if s := f.Translation.In(l); s != "" {
				t = append(t, key(string(l)), long(s))
			}
		}
		m = append(m, key("translation"), mapping(t...))
	}
	if f.Correction != "" {
		m = append(m, key("correction"), long(f.Correction))
	}
	return mapping(m...)
}

// text writes a bilingual text, each side folded when it is long.
func text(t summaries.Text) *yaml.Node {
	return mapping(key("ar"), long(t.AR), key("en"), long(t.EN))
}

func mapping(kv ...*yaml.Node) *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Content: kv} }

func key(k string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k} }

// str is a string, quoted only where YAML would read it as something else.
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// plain is a scalar written as typed, so that a number is read as a number
// and a date as a date; anything else is written as text, which the loader
// then reports ("is not a number") as it would in a hand-written file.
func plain(s string) *yaml.Node {
	if s == "" {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: ""}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: resolvedTag(s), Value: s}
}

// resolvedTag is the tag YAML gives s written plain: "!!int", "!!float" or
// "!!timestamp" when s reads back as exactly that, "!!str" otherwise.
func resolvedTag(s string) string {
	var n yaml.Node
	if yaml.Load([]byte(s), &n) != nil || len(n.Content) != 1 {
		return "!!str"
	}
	v := n.Content[0]
	switch t := v.ShortTag(); {
	case v.Kind != yaml.ScalarNode || v.Style != 0 || v.Value != s:
	case t == "!!int" || t == "!!float" || t == "!!timestamp":
		return t
	}
	return "!!str"
}

// long is a text folded at lineWidth when it is longer than a line and
// folding reads it back unchanged: single spaces between words, no line
// breaks, no leading or trailing space.
func long(s string) *yaml.Node {
	n := str(s)
	if len([]rune(s)) > lineWidth-8 && foldable(s) {
		n.Style = yaml.FoldedStyle
	}
	return n
}

func foldable(s string) bool {
	if s != strings.TrimSpace(s) || strings.Contains(s, "  ") {
		return false
	}
	for _, r := range s {
		if unicode.IsSpace(r) && r != ' ' || unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// commentLines writes the notes as YAML comment lines: each line marked
// "# " here (a line that starts with "#" keeps it), control characters
// made spaces, trailing spaces and blank edges dropped, as ParseDoc reads
// them back.
func commentLines(c string) string {
	c = strings.TrimSpace(strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\uFEFF':
			return ' ' // YAML allows none of these in a comment
		}
		return r
	}, c))
	if c == "" {
		return ""
	}
	lines := strings.Split(c, "\n")
	for i, l := range lines {
		if l = strings.TrimRightFunc(l, unicode.IsSpace); l == "" {
			lines[i] = "#"
		} else {
			lines[i] = "# " + l
		}
	}
	return strings.Join(lines, "\n")
}
