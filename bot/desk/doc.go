package desk

import (
	"fmt"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v4"

	"github.com/briefbot/briefbot/summaries"
)

// Doc is a statement file as the desk edits it: every field of the curated
// format (data/README.md), kept as written, valid or not, so that a draft
// with problems can be saved, shown and fixed. summaries.Load is what
// checks it.
type Doc struct {
	ID        string           `yaml:"id"`
	Aliases   []string         `yaml:"aliases"`
	Date      string           `yaml:"date"`
	Place     summaries.Text   `yaml:"place"`
	Publisher summaries.Text   `yaml:"publisher"`
	Source    DocSource        `yaml:"source"`
	Title     summaries.Text   `yaml:"title"`
	Summary   summaries.Text   `yaml:"summary"`
	KeyPoints []summaries.Text `yaml:"key_points"`
	Figures   []DocFigure      `yaml:"figures"`
	// Comment is the comment at the head of the file, as text: the
	// curators' notes (what the import assistant asks to check, why a date
	// differs from the page's), kept when the desk writes the file again.
	Comment string `yaml:"-"`
}

// DocSource is the source block of a statement file.
type DocSource struct {
	File string         `yaml:"file"`
	Lang string         `yaml:"lang"`
	Name summaries.Text `yaml:"name"`
	URL  string         `yaml:"url"`
}

// DocFigure is one figure of a statement file. Value is the number as
// written; the loader says whether it is one.
type DocFigure struct {
	ID          string          `yaml:"id"`
	Headline    bool            `yaml:"headline"`
	Value       string          `yaml:"value"`
	Unit        string          `yaml:"unit"`
	Qualifier   string          `yaml:"qualifier"`
	Label       summaries.Text  `yaml:"label"`
	Quote       string          `yaml:"quote"`
	Translation *summaries.Text `yaml:"translation"`
	Correction  string          `yaml:"correction"`
}

// SourceLang is the language the source is written in, "" when the file
// names none the desk knows.
func (d *Doc) SourceLang() summaries.Lang {
	if l, ok := summaries.ParseLang(d.Source.Lang); ok && len(d.Source.Lang) == 2 {
		return l
	}
	return ""
}

// ParseDoc reads a statement file. A file that is not a YAML mapping of the
// format's fields cannot be edited in the desk (validate says why); fields
// the format does not know are dropped, as validation reports them anyway.
func ParseDoc(data []byte) (*Doc, error) {
	var root yaml.Node
	if err := yaml.Load(data, &root); err != nil {
		return nil, fmt.Errorf("reading the statement file: %w", err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("the statement file is not a mapping of fields")
	}
	m := root.Content[0]
	var d Doc
	if err := m.Decode(&d); err != nil {
		return nil, fmt.Errorf("reading the statement file: %w", err)
	}
	d.Comment = uncomment(joinComments(root.HeadComment, m.HeadComment, firstKeyComment(m)))
	return &d, nil
}

// uncomment turns YAML comment lines into the text they hold.
func uncomment(c string) string {
	lines := strings.Split(c, "\n")
	for i, l := range lines {
		l = strings.TrimPrefix(l, "#")
		lines[i] = strings.TrimRightFunc(strings.TrimPrefix(l, " "), unicode.IsSpace)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// firstKeyComment is the comment above the first key, where a comment at
// the head of a file ends up when no blank line follows it.
func firstKeyComment(m *yaml.Node) string {
	if len(m.Content) == 0 {
		return ""
	}
	return m.Content[0].HeadComment
}

func joinComments(cs ...string) string {
	var out []string
	for _, c := range cs {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return strings.Join(out, "\n")
}
