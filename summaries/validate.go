package summaries

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,63}$`)
	aliasPattern = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}\p{Mn}_-]{0,63}$`)
)

// ValidID reports whether id is a valid statement or figure id: lower-case
// letters, digits and '-', 2 to 64 characters, starting with a letter or digit.
func ValidID(id string) bool { return idPattern.MatchString(id) }

// Bounds that keep curated text fit for a chat message.
const (
	maxTitle       = 200
	maxSummary     = 1200
	maxKeyPoint    = 400
	maxLabel       = 160
	maxShortText   = 160
	maxTranslation = 600
	maxCorrection  = 400
	maxURL         = 2000
)

// Bounds on a statement's counts: a statement carries its key figures, not
// a data table, and a file past these is a mistake (a paste, a generator
// gone wrong) that would cost memory and every reader's patience.
const (
	maxFigures   = 60
	maxKeyPoints = 40
	maxAliases   = 16
)

// sourceLookup returns the source text at a path, read once per load.
type sourceLookup func(path string) *sourceText

// check validates a decoded statement file and builds the statement; it
// returns the path of the source text the statement names.
func (f *fileCheck) check(raw *rawStatement, lookup sourceLookup) (*Statement, string) {
	st := &Statement{
		ID: raw.ID.Value, Aliases: linedValues(raw.Aliases), Place: raw.Place, Publisher: raw.Publisher,
		Title: raw.Title, Summary: raw.Summary, KeyPoints: raw.KeyPoints, File: f.file,
	}
	f.ids(raw)
	if raw.Date == "" {
		f.addf("date", "missing date (want YYYY-MM-DD)")
	} else if d, err := time.Parse(time.DateOnly, raw.Date); err != nil {
		f.addf("date", "%q is not a date (want YYYY-MM-DD)", raw.Date)
	} else {
		st.Date = d
	}
	f.text("title", raw.Title, maxTitle)
	f.text("place", raw.Place, maxShortText)
	f.text("publisher", raw.Publisher, maxShortText)
	f.text("summary", raw.Summary, maxSummary)
	for _, lang := range Langs {
		if s := raw.Summary.In(lang); s != "" {
			if n := countSentences(s); n < 2 || n > 4 {
				f.addf("summary."+string(lang), "a summary has two to four sentences, this one has %d", n)
			}
		}
	}
	switch n := len(raw.KeyPoints); {
	case n == 0:
		f.addf("key_points", "missing key points (at least one)")
	case n > maxKeyPoints:
		f.addf("key_points", "%d key points, at most %d (a statement's main points, not its text)", n, maxKeyPoints)
	default:
		for i, kp := range raw.KeyPoints {
			f.text(fmt.Sprintf("key_points[%d]", i), kp, maxKeyPoint)
		}
	}
	var srcPath string
	st.Source, srcPath = f.source(raw.Source, lookup)
	switch n := len(raw.Figures); {
	case n == 0:
		f.addf("figures", "missing figures (every numeric fact of the statement is a figure)")
	case n > maxFigures:
		f.addf("figures", "%d figures, at most %d (a statement's key figures, not a data table)", n, maxFigures)
	default:
		st.Figures = f.figures(raw.Figures, st.Source)
	}
	return st, srcPath
}

// ids checks the statement's id and aliases; a name listed twice is
// reported at its second line, naming the first.
func (f *fileCheck) ids(raw *rawStatement) {
	if raw.ID.Value == "" {
		f.addf("id", "missing statement id")
	} else if !idPattern.MatchString(raw.ID.Value) {
		f.addAt(raw.ID.Line, "id", fmt.Sprintf("%q is not a valid id (lower-case letters, digits and '-', 2 to 64 characters)", raw.ID.Value))
	}
	if len(raw.Aliases) > maxAliases {
		f.addf("aliases", "%d aliases, at most %d", len(raw.Aliases), maxAliases)
		return
	}
	first := map[string]lined{lookupKey(raw.ID.Value): raw.ID}
	for i, a := range raw.Aliases {
		field := fmt.Sprintf("aliases[%d]", i)
		if !aliasPattern.MatchString(a.Value) {
			f.addAt(a.Line, field, fmt.Sprintf("%q is not a valid alias (letters, digits, '-' or '_', no spaces, at most 64 characters)", a.Value))
			continue
		}
		k := lookupKey(a.Value)
		if prev, ok := first[k]; ok {
			f.addAt(a.Line, field, fmt.Sprintf("%q is listed twice (first at line %d)", a.Value, prev.Line))
			continue
		}
		first[k] = a
	}
}

// text checks that a bilingual text has both languages, each in its script.
func (f *fileCheck) text(field string, t Text, maxLen int) {
	for _, lang := range Langs {
		f.textIn(field+"."+string(lang), lang, t.In(lang), maxLen)
	}
}

// textIn checks one language of a text.
func (f *fileCheck) textIn(at string, lang Lang, s string, maxLen int) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		f.addf(at, "missing %s text", lang)
	case utf8.RuneCountInString(s) > maxLen:
		f.addf(at, "text is %d characters long, at most %d fit", utf8.RuneCountInString(s), maxLen)
	case lang == AR && !hasScript(s, unicode.Arabic):
		f.addf(at, "the ar text has no Arabic letters")
	case lang == EN && !hasScript(s, unicode.Latin):
		f.addf(at, "the en text has no Latin letters")
	}
}

func hasScript(s string, script *unicode.RangeTable) bool {
	for _, r := range s {
		if unicode.Is(script, r) {
			return true
		}
	}
	return false
}

// source checks the source block and looks up the source text. It returns
// the source and the path of its text.
func (f *fileCheck) source(rs rawSource, lookup sourceLookup) (Source, string) {
	src := Source{File: rs.File, Name: rs.Name, URL: strings.TrimSpace(rs.URL)}
	if l, ok := ParseLang(rs.Lang); ok && len(rs.Lang) == 2 {
		src.Lang = l
	} else {
		f.addf("source.lang", "%q is not a language (want ar or en)", rs.Lang)
	}
	f.text("source.name", rs.Name, maxShortText)
	if src.URL != "" && !isWebURL(src.URL) {
		f.addf("source.url", "%q is not an http or https address", truncate(src.URL, 80))
	}
	switch {
	case rs.File == "":
		f.addf("source.file", "missing the source text's file name")
		return src, ""
	case IsStatementFile(rs.File):
		f.addf("source.file", "%q: a source text cannot be a .yaml file (it would be read as a statement)", rs.File)
		return src, ""
	}
	p := sourcePath(f.file, rs.File)
	text := lookup(p)
	if text.problem != "" {
		f.addf("source.file", "%s", text.problem)
		return src, p
	}
	src.Text = text.text
	return src, p
}

// isWebURL reports whether s is an absolute http or https URL with a host.
func isWebURL(s string) bool {
	if len(s) > maxURL || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

func joinAny[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ", ")
}

// countSentences counts sentence ends: ".", "!", "?" or "؟" followed by a
// space or the end, not after a one-letter abbreviation ("D.C.").
func countSentences(s string) int {
	rs := []rune(strings.TrimSpace(s))
	n := 0
	for i, r := range rs {
		if r != '.' && r != '!' && r != '?' && r != '؟' {
			continue
		}
		if i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			continue
		}
		if r == '.' && i >= 2 && unicode.IsUpper(rs[i-1]) && !unicode.IsLetter(rs[i-2]) {
			continue // an initial such as "D.C."
		}
		n++
	}
	if n == 0 && len(rs) > 0 {
		n = 1
	}
	return n
}
