package summaries

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"
)

// fileCheck collects the problems of one statement file. Lines are looked
// up only when there is a problem to report, so a valid file is decoded once.
type fileCheck struct {
	file     string
	data     []byte
	doc      *yaml.Node     // the document's root, parsed on the first problem
	lines    map[string]int // field path -> line, built on the first problem
	problems []Problem
}

// decode reads the statement file's YAML. A valid file takes one decoding
// pass; a file with any decoding problem is read again as YAML nodes, so
// that every problem is reported with its field and line.
func (f *fileCheck) decode() *rawStatement {
	if line, ok := invalidUTF8(f.data); ok {
		f.addAt(line, "file", "the file is not UTF-8 text")
		return nil
	}
	var raw rawStatement
	if yaml.Load(f.data, &raw, yaml.WithKnownFields()) == nil {
		return &raw
	}
	if !f.parseNodes() {
		return nil
	}
	if f.doc.Kind != yaml.MappingNode {
		f.addAt(f.doc.Line, "file", "a statement file is a mapping of fields ("+fieldsOf(reflect.TypeFor[rawStatement]()).names+")")
		return nil
	}
	f.fieldLines() // reports unknown fields with their paths
	raw = rawStatement{}
	if err := f.doc.Decode(&raw); err != nil {
		f.constructProblems(err)
		return nil
	}
	return &raw // unknown fields are reported; the rest is still checked
}

// parseNodes parses the file into f.doc, reporting syntax errors, an empty
// file and a second YAML document.
func (f *fileCheck) parseNodes() bool {
	l, err := yaml.NewLoader(bytes.NewReader(f.data))
	if err != nil {
		f.addAt(1, "yaml", err.Error())
		return false
	}
	var doc yaml.Node
	switch err := l.Load(&doc); {
	case err == io.EOF:
		f.addAt(1, "file", "empty statement file")
		return false
	case err != nil:
		f.problems = append(f.problems, f.syntaxProblem(err))
		return false
	case len(doc.Content) == 0:
		f.addAt(1, "file", "empty statement file")
		return false
	}
	var second yaml.Node
	switch err := l.Load(&second); {
	case err == nil:
		f.addAt(max(second.Line, 1), "yaml", "a statement file holds one YAML document; a second one starts here (put each statement in its own file)")
		return false
	case err != io.EOF:
		f.problems = append(f.problems, f.syntaxProblem(err))
		return false
	}
	f.doc = doc.Content[0]
	return true
}

// syntaxProblem places a YAML syntax error on the line a curator should
// look at: where the parser failed, or, when it ran to the end of the file,
// where the unclosed quote or bracket it was reading began.
func (f *fileCheck) syntaxProblem(err error) Problem {
	var le *yaml.LoadError
	if !errors.As(err, &le) {
		return Problem{File: f.file, Line: 1, Field: "yaml", Msg: strings.TrimPrefix(err.Error(), "yaml: ")}
	}
	line, msg := le.Mark.Line, le.Message
	ctx := le.ContextMark.Line
	// Marks count characters, not bytes.
	atEnd := le.Mark.Index >= utf8.RuneCount(bytes.TrimRight(f.data, " \t\r\n"))
	switch {
	case le.ContextMsg == "" || ctx == 0:
	case atEnd:
		line, msg = ctx, fmt.Sprintf("%s %s that starts on this line", msg, le.ContextMsg)
	case ctx != line:
		msg = fmt.Sprintf("%s (%s from line %d)", msg, le.ContextMsg, ctx)
	}
	if open, bracket := unclosedFlow(f.data, line); open > 0 {
		msg = fmt.Sprintf("the %q opened on this line is not closed on it (YAML fails at line %d: %s)", bracket, line, le.Message)
		line = open
	}
	return Problem{File: f.file, Line: max(line, 1), Field: "yaml", Msg: msg}
}

// flowStart matches a line whose value opens a flow list or mapping.
var flowStart = regexp.MustCompile(`^\s*(?:-\s+)?(?:[^\s#'"\[{][^#]*?:\s+)?[\[{]`)

// unclosedFlow finds a "[" or "{" opened before line and still open there.
// Curated files write flow lists on one line ("aliases: [a, b]"), and YAML
// itself reports an unclosed one many lines later, where it gives up.
func unclosedFlow(data []byte, line int) (int, string) {
	depth, open, bracket := 0, 0, ""
	for i, l := range strings.SplitN(string(data), "\n", max(line, 1)) {
		if i+1 >= line {
			break
		}
		start := 0
		if depth == 0 {
			m := flowStart.FindStringIndex(l)
			if m == nil {
				continue
			}
			start, open, bracket = m[1]-1, i+1, l[m[1]-1:m[1]]
		}
		depth = bracketDepth(l[start:], depth)
		if depth <= 0 {
			depth, open = 0, 0
		}
	}
	if depth > 0 {
		return open, bracket
	}
	return 0, ""
}

// bracketDepth counts flow brackets outside quotes and comments.
func bracketDepth(l string, depth int) int {
	var quote byte
	for i := 0; i < len(l); i++ {
		c := l[i]
		switch {
		case quote == '"' && c == '\\':
			i++
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t'):
			return depth
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		}
	}
	return depth
}

// invalidUTF8 returns the line of the first byte that is not UTF-8.
func invalidUTF8(data []byte) (int, bool) {
	if utf8.Valid(data) {
		return 0, false
	}
	for i := 0; i < len(data); {
		r, w := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && w == 1 {
			return bytes.Count(data[:i], []byte("\n")) + 1, true
		}
		i += w
	}
	return 1, true
}

// constructProblems turns decoding errors into problems with fields.
func (f *fileCheck) constructProblems(err error) {
	var les *yaml.LoadErrors
	if !errors.As(err, &les) {
		f.addAt(1, "yaml", strings.TrimPrefix(err.Error(), "yaml: "))
		return
	}
	lines := f.fieldLines()
	for _, e := range les.Errors {
		if strings.Contains(e.Message, " not found in type ") {
			continue // reported by the walk, with the known fields
		}
		field := fieldAtLine(lines, e.Mark.Line)
		if field == "" {
			field = "yaml"
		}
		f.addAt(max(e.Mark.Line, 1), field, strings.TrimPrefix(e.Message, "yaml: "))
	}
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

func (f *fileCheck) addAt(line int, field, msg string) {
	f.problems = append(f.problems, Problem{File: f.file, Line: line, Field: field, Msg: msg})
}

func (f *fileCheck) addf(field, format string, args ...any) {
	f.addAt(f.lineOf(field), field, fmt.Sprintf(format, args...))
}

// fieldLines maps every field path of the file to its line, reporting
// unknown fields on the way (once: the map is kept).
func (f *fileCheck) fieldLines() map[string]int {
	if f.lines == nil {
		f.lines = map[string]int{}
		if f.doc == nil {
			var doc yaml.Node
			if yaml.Load(f.data, &doc) != nil || len(doc.Content) == 0 {
				return f.lines
			}
			f.doc = doc.Content[0]
		}
		f.walk(f.doc, reflect.TypeFor[rawStatement](), "", f.lines)
	}
	return f.lines
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

// knownFields caches, per struct type, the YAML names of its fields. It is
// a cache of facts about types, the same for every caller.
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

// opaque types decode themselves from a node: the walk does not look inside.
var opaque = map[reflect.Type]bool{reflect.TypeFor[lined](): true, reflect.TypeFor[yaml.Node](): true}

// walk records the line of every field and reports fields the format does
// not know, with the fields it does. It runs only for files with problems.
func (f *fileCheck) walk(n *yaml.Node, t reflect.Type, at string, lines map[string]int) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case opaque[t]:
	case t.Kind() == reflect.Struct && n.Kind == yaml.MappingNode:
		known := fieldsOf(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			p := joinField(at, k.Value)
			ft, ok := known.types[k.Value]
			if !ok {
				f.addAt(k.Line, p, "unknown field (known fields: "+known.names+")")
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
