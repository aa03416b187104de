package draft

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/briefbot/briefbot/summaries"
)

// commentWidth is where the draft's comments wrap.
const commentWidth = 88

// WriteYAML writes the draft as a statement file in the format summaries.Load
// reads, its fields in the order of the curated files. Each field the
// curator must write is empty and marked "# TODO"; what the importer was
// unsure of is marked "# check:". Vague amounts come last, commented out.
func (d *Draft) WriteYAML(w io.Writer) error {
	doc := &yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{d.node()}, HeadComment: d.header()}
	if foot, err := d.vagueFigures(); err != nil {
		return err
	} else if foot != "" {
		doc.FootComment = foot
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("writing the draft: %w", err)
	}
	if err := enc.Close(); err != nil {
		return fmt.Errorf("writing the draft: %w", err)
	}
	return nil
}

func (d *Draft) header() string {
	h := "Draft made by `briefbot import`. Write every TODO and read every \"check:\"; then run " +
		"`briefbot validate`. The figures are candidates: keep the statement's key figures, drop the rest, " +
		"and write their labels."
	if d.LeadIn != "" {
		h += " The source text is what follows the lead-in «" + d.LeadIn + "»."
	}
	return wrap(h)
}

// node builds the statement mapping.
func (d *Draft) node() *yaml.Node {
	id := str(d.ID)
	if d.suggested {
		id.LineComment = "TODO: check the suggested id; it is permanent once published"
	}
	src := []field{kv("file", str(d.SourceFile())), kv("lang", str(string(d.Lang))),
		kv("name", text(summaries.Text{}, "who published this text (the site, the ministry)"))}
	if d.URL != "" {
		src = append(src, kv("url", str(d.URL)))
	}
	var title summaries.Text
	if detectLang(d.Title) == summaries.AR { // the heading's own script, whatever the text's language
		title.AR = d.Title
	} else {
		title.EN = d.Title
	}
	tn := text(title, "the statement's title")
	if d.Title != "" {
		tn.HeadComment = "check: the statement's heading, as the source writes it"
	}
	figs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, c := range d.Figures {
		if !c.Vague {
			figs.Content = append(figs.Content, figureNode(c, formatValue(c.Value)))
		}
	}
	if len(figs.Content) == 0 {
		figs = comment(flowSeq(), "TODO: every numeric fact of the statement is a figure; none was found")
	}
	return mapping(
		kv("id", id),
		kv("aliases", comment(flowSeq(), "optional: other names a user may type")),
		d.dateField(),
		kv("place", d.placeNode()),
		kv("publisher", text(summaries.Text{}, "who issued the statement")),
		kv("source", mapping(src...)),
		kv("title", tn),
		kv("summary", text(summaries.Text{}, "two to four sentences")),
		kv("key_points", comment(flowSeq(), "TODO: at least one, each in ar and en")),
		kv("figures", figs),
	)
}

// dateField writes the date with what the text wrote and what to check.
func (d *Draft) dateField() field {
	f := d.Date
	v := str("")
	if !f.Date.IsZero() {
		v = scalar(f.Date.Format(time.DateOnly)) // plain, as curated files write it
	}
	switch {
	case f.Written == "":
		v.LineComment = "TODO: the meeting or publication date, YYYY-MM-DD; the text writes none"
	case f.Check == "":
		v.LineComment = "the text writes «" + f.Written + "»"
	case f.Date.IsZero():
		v.LineComment = "TODO: YYYY-MM-DD"
	}
	fd := kv("date", v)
	if f.Check != "" {
		fd.comment = wrap("check: " + f.Check)
	}
	return fd
}

func (d *Draft) placeNode() *yaml.Node {
	n := text(d.Place.Place, "where the statement was made")
	if d.Place.Written != "" {
		n.HeadComment = "the text writes «" + d.Place.Written + "»"
	}
	return n
}

// figureNode writes one candidate; value is its value as the file writes it.
func figureNode(c Candidate, value string) *yaml.Node {
	v := scalar(value)
	if c.Vague {
		v = str(value)
	}
	if plain := formatValue(c.Value); c.Written != plain && !c.Vague {
		v.LineComment = "written «" + c.Written + "»"
	}
	n := mapping(kv("id", str(c.ID)), kv("value", v), kv("unit", str(string(c.Unit))),
		kv("qualifier", str(string(c.Qualifier))), kv("label", text(summaries.Text{}, "what the figure counts")),
		kv("quote", str(c.Quote)))
	var notes []string
	for _, note := range c.Notes {
		notes = append(notes, wrap("check: "+note))
	}
	n.HeadComment = strings.Join(notes, "\n")
	return n
}

// vagueFigures writes the vague amounts as commented-out figures: a curator
// who gives one a value its quote states can uncomment it.
func (d *Draft) vagueFigures() (string, error) {
	seq := &yaml.Node{Kind: yaml.SequenceNode}
	for _, c := range d.Figures {
		if c.Vague {
			seq.Content = append(seq.Content, figureNode(c, "TODO"))
		}
	}
	if len(seq.Content) == 0 {
		return "", nil
	}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(mapping(kv("figures", seq))); err != nil {
		return "", fmt.Errorf("writing the vague figures: %w", err)
	}
	_, body, _ := strings.Cut(b.String(), "\n") // drop "figures:"
	return wrap("Amounts with no exact value, left out of the figures: say them in a key point, or give one "+
		"a value that its quote states and move it into the figures above.") + "\n" +
		strings.TrimRight(body, "\n"), nil
}

// formatValue writes a value without an exponent: 20000000000, 7.7.
func formatValue(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// text writes a bilingual text, each empty side marked TODO.
func text(t summaries.Text, what string) *yaml.Node {
	ar, en := str(t.AR), str(t.EN)
	if t.AR == "" {
		ar.LineComment = "TODO: " + what + ", in Arabic"
	}
	if t.EN == "" {
		en.LineComment = "TODO: " + what + ", in English"
	}
	return mapping(kv("ar", ar), kv("en", en))
}

func scalar(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: v} }

// str is a string scalar, quoted where YAML would read it as something else.
func str(v string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v}
	if v == "" {
		n.Style = yaml.DoubleQuotedStyle
	}
	return n
}

func flowSeq() *yaml.Node { return &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle} }

func comment(n *yaml.Node, c string) *yaml.Node { n.LineComment = c; return n }

// field is one key of a mapping, with a comment above it.
type field struct {
	key   string
	value *yaml.Node
	// comment goes above the key.
	comment string
}

func kv(key string, v *yaml.Node) field { return field{key: key, value: v} }

// mapping builds a mapping of fields, in order.
func mapping(fs ...field) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, f := range fs {
		k := scalar(f.key)
		k.HeadComment = f.comment
		m.Content = append(m.Content, k, f.value)
	}
	return m
}

// wrap breaks a comment into lines of at most commentWidth characters.
func wrap(s string) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(w)) > commentWidth {
			lines = append(lines, line)
			line = w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}
