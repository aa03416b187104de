package summaries

import (
	"fmt"
	"io/fs"
	"math"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries/arabic"
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
	maxTitle     = 200
	maxSummary   = 1200
	maxKeyPoint  = 400
	maxLabel     = 160
	maxShortText = 160
)

// check validates a decoded statement file and builds the statement.
func (f *fileCheck) check(fsys fs.FS, raw *rawStatement) *Statement {
	st := &Statement{
		ID: raw.ID, Aliases: raw.Aliases, Place: raw.Place, Publisher: raw.Publisher,
		Title: raw.Title, Summary: raw.Summary, KeyPoints: raw.KeyPoints, File: f.file,
	}
	if raw.ID == "" {
		f.addf("id", "missing statement id")
	} else if !idPattern.MatchString(raw.ID) {
		f.addf("id", "%q is not a valid id (lower-case letters, digits and '-', 2 to 64 characters)", raw.ID)
	}
	for i, a := range raw.Aliases {
		if !aliasPattern.MatchString(a) {
			f.addf(fmt.Sprintf("aliases[%d]", i), "%q is not a valid alias (letters, digits, '-' or '_', no spaces, at most 64 characters)", a)
		}
	}
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
	if len(raw.KeyPoints) == 0 {
		f.addf("key_points", "missing key points (at least one)")
	}
	for i, kp := range raw.KeyPoints {
		f.text(fmt.Sprintf("key_points[%d]", i), kp, maxKeyPoint)
	}
	st.Source = f.source(fsys, raw.Source)
	if len(raw.Figures) == 0 {
		f.addf("figures", "missing figures (every numeric fact of the statement is a figure)")
	}
	seen := map[string]bool{}
	source := arabic.CollapseSpace(st.Source.Text)
	for i, rf := range raw.Figures {
		at := fmt.Sprintf("figures[%d]", i)
		if rf.ID != "" && seen[rf.ID] {
			f.addf(at+".id", "duplicate figure id %q", rf.ID)
		}
		seen[rf.ID] = true
		st.Figures = append(st.Figures, f.figure(at, rf, source))
	}
	return st
}

// text checks that a bilingual text has both languages, each in its script.
func (f *fileCheck) text(field string, t Text, maxLen int) {
	for _, lang := range Langs {
		s := strings.TrimSpace(t.In(lang))
		at := field + "." + string(lang)
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
}

func hasScript(s string, script *unicode.RangeTable) bool {
	for _, r := range s {
		if unicode.Is(script, r) {
			return true
		}
	}
	return false
}

// source checks the source block and reads the source text.
func (f *fileCheck) source(fsys fs.FS, rs rawSource) Source {
	src := Source{File: rs.File, Name: rs.Name, URL: rs.URL}
	if l, ok := ParseLang(rs.Lang); ok && len(rs.Lang) == 2 {
		src.Lang = l
	} else {
		f.addf("source.lang", "%q is not a language (want ar or en)", rs.Lang)
	}
	f.text("source.name", rs.Name, maxShortText)
	if rs.File == "" {
		f.addf("source.file", "missing the source text's file name")
		return src
	}
	p := sourcePath(f.file, rs.File)
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		f.addf("source.file", "cannot read source text %s: %v", p, err)
		return src
	}
	if !utf8.Valid(data) {
		f.addf("source.file", "source text %s is not UTF-8", p)
		return src
	}
	src.Text = strings.TrimPrefix(string(data), "\uFEFF")
	return src
}

// figure checks one figure against the source text it quotes; source has
// its whitespace collapsed already.
func (f *fileCheck) figure(at string, rf rawFigure, source string) Figure {
	fig := Figure{ID: rf.ID, Unit: Unit(rf.Unit), Qualifier: Qualifier(rf.Qualifier), Label: rf.Label, Quote: rf.Quote}
	if rf.ID == "" {
		f.addf(at+".id", "missing figure id")
	} else if !idPattern.MatchString(rf.ID) {
		f.addf(at+".id", "%q is not a valid id (lower-case letters, digits and '-')", rf.ID)
	}
	switch {
	case rf.Value == nil:
		f.addf(at+".value", "missing value")
	case math.IsNaN(*rf.Value) || math.IsInf(*rf.Value, 0) || *rf.Value < 0:
		f.addf(at+".value", "%v is not a usable value", *rf.Value)
	default:
		fig.Value = *rf.Value
	}
	if !fig.Unit.Valid() {
		f.addf(at+".unit", "unknown unit %q (known: %s)", rf.Unit, joinAny(Units))
	}
	if !fig.Qualifier.Valid() {
		f.addf(at+".qualifier", "unknown qualifier %q (known: %s)", rf.Qualifier, joinAny(Qualifiers))
	}
	f.text(at+".label", rf.Label, maxLabel)
	quote := arabic.CollapseSpace(rf.Quote)
	switch {
	case quote == "":
		f.addf(at+".quote", "missing quote (the exact clause of the source the figure comes from)")
	case source == "":
		// The source itself is reported missing; nothing to compare with.
	case !strings.Contains(source, quote):
		f.addf(at+".quote", "the quote does not occur in the source text (compared after normalising whitespace only)")
	case rf.Value != nil:
		f.quoteStates(at, fig, quote)
	}
	return fig
}

// quoteStates checks that the quote states the figure's value, and with the
// figure's qualifier.
func (f *fileCheck) quoteStates(at string, fig Figure, quote string) {
	if field, msg := QuoteProblem(quote, fig.Value, fig.Qualifier); field != "" {
		f.addf(at+"."+field, "%s", msg)
	}
}

// QuoteProblem says what is wrong when quote (its whitespace collapsed) does
// not state value with qualifier q: the field at fault ("quote" or
// "qualifier") and why. Both are "" when the quote states it. The import
// assistant checks its drafted figures with it, so a draft's figure is one
// validation accepts.
func QuoteProblem(quote string, value float64, q Qualifier) (field, msg string) {
	var found []arabic.Number
	for _, n := range arabic.Numbers(quote) {
		if sameNumber(n.Value, value) {
			found = append(found, n)
		}
	}
	if len(found) == 0 {
		var seen []string
		for _, n := range arabic.Numbers(quote) {
			seen = append(seen, formatPlain(n.Value))
		}
		if len(seen) == 0 {
			return "quote", fmt.Sprintf("the quote does not contain the value %s (it states no number)", formatPlain(value))
		}
		return "quote", fmt.Sprintf("the quote does not contain the value %s (it states %s)", formatPlain(value), strings.Join(seen, ", "))
	}
	if !q.Valid() {
		return "", ""
	}
	// The first statement of the value decides.
	got, word := QualifierBefore(quote[:found[0].Start])
	switch {
	case q.accepts(got):
		return "", ""
	case got == Exact:
		return "qualifier", fmt.Sprintf("%q, but the quote states %s with no qualifier", q, formatPlain(value))
	}
	return "qualifier", fmt.Sprintf("%q, but the quote says %q before %s", q, word, formatPlain(value))
}

func sameNumber(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

func formatPlain(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.6f", v), "0"), ".")
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
