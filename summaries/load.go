package summaries

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Problem is one thing wrong with a curated file, printed as
// "file:line: field: what is wrong".
type Problem struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Msg)
}

// rawStatement mirrors a statement file. Field names here are the file format.
type rawStatement struct {
	ID        string      `yaml:"id"`
	Aliases   []string    `yaml:"aliases"`
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
	ID        string   `yaml:"id"`
	Value     *float64 `yaml:"value"`
	Unit      string   `yaml:"unit"`
	Qualifier string   `yaml:"qualifier"`
	Label     Text     `yaml:"label"`
	Quote     string   `yaml:"quote"`
}

// IsStatementFile reports whether name is a curated statement file.
func IsStatementFile(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// Load reads every statement file (*.yaml, at any depth) in fsys with its
// source text, and checks them all. It returns a catalog of the statements
// that passed, and every problem found, sorted by file and line. The error
// is only for failing to read fsys at all; a bad file is a problem, not an
// error, so one malformed file never hides the others.
func Load(fsys fs.FS) (*Catalog, []Problem, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && IsStatementFile(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("listing statement files: %w", err)
	}
	slices.Sort(files)

	type result struct {
		st       *Statement
		problems []Problem
	}
	results := make([]result, len(files))
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(len(files), 1)) {
		wg.Go(func() {
			for i := range next {
				st, probs := parseFile(fsys, files[i])
				results[i] = result{st, probs}
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()

	var problems []Problem
	var valid []*Statement
	for _, r := range results {
		problems = append(problems, r.problems...)
		if r.st != nil && len(r.problems) == 0 {
			valid = append(valid, r.st)
		}
	}
	cat, dupProblems := newCatalog(valid)
	problems = append(problems, dupProblems...)
	slices.SortStableFunc(problems, func(a, b Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return cat, problems, nil
}

// parseFile reads and checks one statement file.
func parseFile(fsys fs.FS, file string) (*Statement, []Problem) {
	data, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, []Problem{{File: file, Line: 1, Field: "file", Msg: err.Error()}}
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlProblems(file, err, nil)
	}
	if len(root.Content) == 0 {
		return nil, []Problem{{File: file, Line: 1, Field: "file", Msg: "empty statement file"}}
	}
	doc := root.Content[0]
	f := &fileCheck{file: file, doc: doc}
	if hasUnknown(doc, reflect.TypeFor[rawStatement]()) {
		f.fieldLines() // reports the unknown fields with their paths
	}
	var raw rawStatement
	if err := doc.Decode(&raw); err != nil {
		f.problems = append(f.problems, yamlProblems(file, err, f.fieldLines())...)
		return nil, f.problems
	}
	st := f.check(fsys, &raw)
	return st, f.problems
}

var yamlLine = regexp.MustCompile(`line (\d+): (.*)`)

// yamlProblems turns a YAML syntax or type error into problems with lines.
func yamlProblems(file string, err error, lines map[string]int) []Problem {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	var out []Problem
	for _, m := range msgs {
		p := Problem{File: file, Line: 1, Field: "yaml", Msg: m}
		if sm := yamlLine.FindStringSubmatch(m); sm != nil {
			p.Line, _ = strconv.Atoi(sm[1])
			p.Msg = sm[2]
			if field := fieldAtLine(lines, p.Line); field != "" {
				p.Field = field
			}
		}
		out = append(out, p)
	}
	return out
}

// fieldAtLine finds the deepest field path recorded at line.
func fieldAtLine(lines map[string]int, line int) string {
	best := ""
	for p, l := range lines {
		if l == line && len(p) > len(best) {
			best = p
		}
	}
	return best
}

// fileCheck collects the problems of one file.
type fileCheck struct {
	file     string
	doc      *yaml.Node
	lines    map[string]int // field path -> line, built on the first problem
	problems []Problem
}

// fieldLines maps every field path of the file to its line, reporting
// unknown fields on the way (once: the map is kept).
func (f *fileCheck) fieldLines() map[string]int {
	if f.lines == nil {
		f.lines = map[string]int{}
		f.walk(f.doc, reflect.TypeFor[rawStatement](), "", f.lines)
	}
	return f.lines
}

func (f *fileCheck) addf(field, format string, args ...any) {
	f.problems = append(f.problems, Problem{File: f.file, Line: f.lineOf(field), Field: field, Msg: fmt.Sprintf(format, args...)})
}

// lineOf returns the line of field, or of its nearest recorded parent when
// the field itself is missing from the file.
func (f *fileCheck) lineOf(field string) int {
	lines := f.fieldLines()
	for p := field; p != ""; {
		if l, ok := lines[p]; ok {
			return l
		}
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return 1
}

// knownFields caches, per struct type, the YAML names of its fields.
var knownFields sync.Map // reflect.Type -> *fieldSet

type fieldSet struct {
	types map[string]reflect.Type
	names string // for messages: "id, aliases, date, ..."
}

func fieldsOf(t reflect.Type) *fieldSet {
	if fs, ok := knownFields.Load(t); ok {
		return fs.(*fieldSet)
	}
	fs := &fieldSet{types: map[string]reflect.Type{}}
	var names []string
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
		fs.types[name] = t.Field(i).Type
		names = append(names, name)
	}
	fs.names = strings.Join(names, ", ")
	knownFields.Store(t, fs)
	return fs
}

// hasUnknown reports whether n has a field the format does not know. It
// allocates nothing, so valid files pay only for one pass over their nodes.
func hasUnknown(n *yaml.Node, t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		known := fieldsOf(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			ft, ok := known.types[n.Content[i].Value]
			if !ok || hasUnknown(n.Content[i+1], ft) {
				return true
			}
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for _, item := range n.Content {
			if hasUnknown(item, t.Elem()) {
				return true
			}
		}
	}
	return false
}

// walk records the line of every field and reports fields the format does
// not know, with the fields it does. It runs only for files with problems.
func (f *fileCheck) walk(n *yaml.Node, t reflect.Type, at string, lines map[string]int) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		known := fieldsOf(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := joinField(at, k.Value)
			ft, ok := known.types[k.Value]
			if !ok {
				f.problems = append(f.problems, Problem{File: f.file, Line: k.Line, Field: p,
					Msg: "unknown field (known fields: " + known.names + ")"})
				continue
			}
			lines[p] = k.Line
			f.walk(v, ft, p, lines)
		}
	case t.Kind() == reflect.Slice && n.Kind == yaml.SequenceNode:
		for i, item := range n.Content {
			p := at + "[" + strconv.Itoa(i) + "]"
			lines[p] = item.Line
			f.walk(item, t.Elem(), p, lines)
		}
	}
}

func joinField(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

// sourcePath resolves a source file named in a statement file.
func sourcePath(statementFile, source string) string {
	return path.Join(path.Dir(statementFile), source)
}
