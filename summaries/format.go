package summaries

import (
	"fmt"

	"go.yaml.in/yaml/v4"
)

// The curated file format. One statement per *.yaml file, one YAML document
// per file; data/README.md describes every field for curators. Field names
// here are the format: a key the types below do not name is an error.
//
//	id: coalition-ministers-2019-11        # lower-case letters, digits, '-'
//	aliases: [coalition-2019, التحالف-2019] # optional
//	date: 2019-11-14
//	place / publisher / title / summary: {ar: ..., en: ...}
//	source:
//	  file: coalition-ministers-2019-11.ar.txt   # beside this file
//	  lang: ar
//	  name: {ar: ..., en: ...}
//	  url: https://...                     # optional, http or https
//	key_points: [{ar: ..., en: ...}, ...]
//	figures:
//	  - id: people-liberated
//	    headline: true                     # optional; at most three per statement
//	    value: 7700000
//	    unit: people
//	    qualifier: about
//	    label: {ar: ..., en: ...}
//	    quote: ...                         # the source's words, exactly
//	    translation:                       # optional: the curators' translation
//	      en: ...                          # keyed by its language, the other one than source.lang
//	    correction: ...                    # optional note a correction carries

// rawStatement mirrors a statement file.
type rawStatement struct {
	ID        lined       `yaml:"id"`
	Aliases   []lined     `yaml:"aliases"`
	Date      string      `yaml:"date"`
	Place     Text        `yaml:"place"`
	Publisher Text        `yaml:"publisher"`
	Source    rawSource   `yaml:"source"`
	Title     Text        `yaml:"title"`
	Summary   Text        `yaml:"summary"`
	KeyPoints []Text      `yaml:"key_points"`
	Figures   []rawFigure `yaml:"figures"`
}

type rawSource struct {
	File string `yaml:"file"`
	Lang string `yaml:"lang"`
	Name Text   `yaml:"name"`
	URL  string `yaml:"url"`
}

type rawFigure struct {
	ID       lined `yaml:"id"`
	Headline bool  `yaml:"headline"`
	// Value is kept as written, so that a value that is not a finite
	// number is reported as such, with its line.
	Value       yaml.Node `yaml:"value"`
	Unit        string    `yaml:"unit"`
	Qualifier   string    `yaml:"qualifier"`
	Label       Text      `yaml:"label"`
	Quote       string    `yaml:"quote"`
	Translation *Text     `yaml:"translation"`
	Correction  string    `yaml:"correction"`
}

// lined is a scalar with the line it was written on: ids and aliases carry
// their line into the catalog, which reports a clash at the second one.
type lined struct {
	Value string
	Line  int
}

// UnmarshalYAML takes a scalar and its line.
func (l *lined) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("want a single word, not a %s", kindName(n.Kind))
	}
	l.Value, l.Line = n.Value, n.Line
	return nil
}

var _ yaml.Unmarshaler = (*lined)(nil)

func kindName(k yaml.Kind) string {
	switch k {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.AliasNode:
		return "YAML alias"
	}
	return "value"
}

func linedValues(ls []lined) []string {
	if ls == nil {
		return nil
	}
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = l.Value
	}
	return out
}
