package summaries

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/briefbot/briefbot/summaries/arabic"
)

var (
	idPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,63}$`)
	aliasPattern = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}\p{Mn}_-]{0,63}$`)
)

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

// figures checks every figure of a statement against its source.
func (f *fileCheck) figures(raws []rawFigure, src Source) []Figure {
	source := arabic.CollapseSpace(src.Text)
	first := map[string]int{}
	headline := 0
	figs := make([]Figure, 0, len(raws))
	for i, rf := range raws {
		at := fmt.Sprintf("figures[%d]", i)
		if line, ok := first[rf.ID.Value]; ok && rf.ID.Value != "" {
			f.addAt(rf.ID.Line, at+".id", fmt.Sprintf("duplicate figure id %q (first at line %d)", rf.ID.Value, line))
		} else {
			first[rf.ID.Value] = rf.ID.Line
		}
		if rf.Headline {
			headline++
		}
		figs = append(figs, f.figure(at, rf, source, src.Lang))
	}
	if headline > MaxHeadlineFigures {
		f.addf("figures", "%d figures are marked headline, at most %d lead a briefing", headline, MaxHeadlineFigures)
	}
	return figs
}

// figure checks one figure against the source text it quotes; source has
// its whitespace collapsed already.
func (f *fileCheck) figure(at string, rf rawFigure, source string, srcLang Lang) Figure {
	fig := Figure{ID: rf.ID.Value, Unit: Unit(rf.Unit), Qualifier: Qualifier(rf.Qualifier), Label: rf.Label,
		Quote: rf.Quote, Headline: rf.Headline}
	if rf.ID.Value == "" {
		f.addf(at+".id", "missing figure id")
	} else if !idPattern.MatchString(rf.ID.Value) {
		f.addAt(rf.ID.Line, at+".id", fmt.Sprintf("%q is not a valid id (lower-case letters, digits and '-')", rf.ID.Value))
	}
	value, valueOK := f.value(at+".value", &rf.Value)
	fig.Value = value
	if !fig.Unit.Valid() {
		f.addf(at+".unit", "unknown unit %q (known: %s)", rf.Unit, joinAny(Units))
	}
	if !fig.Qualifier.Valid() {
		f.addf(at+".qualifier", "unknown qualifier %q (known: %s)", rf.Qualifier, joinAny(Qualifiers))
	}
	f.text(at+".label", rf.Label, maxLabel)
	quote := arabic.CollapseSpace(rf.Quote)
	quoteOK := false
	switch {
	case quote == "":
		f.addf(at+".quote", "missing quote (the exact clause of the source the figure comes from)")
	case source == "":
		// The source itself is reported missing; nothing to compare with.
	case !strings.Contains(source, quote):
		f.addf(at+".quote", "the quote does not occur in the source text (compared after normalising whitespace only)")
	case valueOK:
		quoteOK = f.states(at, "quote", at+".quote", quote, fig)
	}
	fig.Translation = f.translation(at, rf.Translation, srcLang, quote, fig, quoteOK)
	if c := strings.TrimSpace(rf.Correction); c != "" {
		if n := utf8.RuneCountInString(c); n > maxCorrection {
			f.addf(at+".correction", "text is %d characters long, at most %d fit", n, maxCorrection)
		}
		fig.Correction = c
	} else if rf.Correction != "" {
		f.addf(at+".correction", "the correction note is blank (leave the field out when there is none)")
	}
	return fig
}

// value reads a figure's value as written: a finite number, not negative.
func (f *fileCheck) value(at string, n *yaml.Node) (float64, bool) {
	bad := func(format string, args ...any) (float64, bool) {
		line := n.Line
		if line == 0 {
			line = f.lineOf(at)
		}
		f.addAt(line, at, fmt.Sprintf(format, args...))
		return 0, false
	}
	tag := n.ShortTag()
	switch {
	case n.Kind == 0 || n.Kind == yaml.ScalarNode && tag == "!!null":
		return bad("missing value")
	case n.Kind != yaml.ScalarNode:
		return bad("want a number, not a %s", kindName(n.Kind))
	case n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0:
		return bad("%q is quoted text, not a number (write the number without quotes)", n.Value)
	}
	s := strings.ReplaceAll(n.Value, "_", "")
	switch strings.ToLower(strings.TrimLeft(s, "+-")) {
	case ".nan":
		return bad("%s is not a number", n.Value)
	case ".inf":
		return bad("%s is not a finite number", n.Value)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && tag == "!!int" {
		if i, ierr := strconv.ParseInt(s, 0, 64); ierr == nil {
			v, err = float64(i), nil
		}
	}
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange) && math.IsInf(v, 0):
		return bad("%s is not a finite number", n.Value)
	case err != nil || math.IsNaN(v) || tag != "!!int" && tag != "!!float" && tag != "!!str":
		return bad("%q is not a number", n.Value)
	case math.IsInf(v, 0):
		return bad("%s is not a finite number", n.Value)
	case v < 0:
		return bad("%s is negative (a figure counts or measures something)", n.Value)
	}
	return v, true
}

// states checks that text (a quote or its translation) states the figure's
// value, and with the figure's qualifier; it reports a missing value on
// field, a contradicted qualifier on the figure's qualifier.
func (f *fileCheck) states(at, noun, field, text string, fig Figure) bool {
	var found []arabic.Number
	var seen []string
	for _, n := range arabic.Numbers(text) {
		if sameNumber(n.Value, fig.Value) {
			found = append(found, n)
		}
		seen = append(seen, formatPlain(n.Value))
	}
	if len(found) == 0 {
		if len(seen) == 0 {
			f.addf(field, "the %s does not contain the value %s (it states no number)", noun, formatPlain(fig.Value))
		} else {
			f.addf(field, "the %s does not contain the value %s (it states %s)", noun, formatPlain(fig.Value), strings.Join(seen, ", "))
		}
		return false
	}
	if !fig.Qualifier.Valid() {
		return false
	}
	for _, n := range found {
		if q, _ := qualifierBefore(text[:n.Start]); fig.Qualifier.accepts(q) {
			return true
		}
	}
	q, word := qualifierBefore(text[:found[0].Start])
	if q == Exact {
		f.addf(at+".qualifier", "%q, but the %s states %s with no qualifier", fig.Qualifier, noun, formatPlain(fig.Value))
	} else {
		f.addf(at+".qualifier", "%q, but the %s says %q before %s", fig.Qualifier, noun, word, formatPlain(fig.Value))
	}
	return false
}

// translation checks the curators' translation of a figure's quote: in the
// other language than the source's, stating only numbers the quote states,
// and, when the quote states the figure, stating it with its qualifier.
func (f *fileCheck) translation(at string, t *Text, srcLang Lang, quote string, fig Figure, quoteOK bool) Translation {
	if t == nil || srcLang == "" {
		return Translation{}
	}
	lang := srcLang.Other()
	field := at + ".translation." + string(lang)
	if strings.TrimSpace(t.In(srcLang)) != "" {
		f.addf(at+".translation."+string(srcLang), "the source is in %s, so a translation is in %s (the %s words are the quote itself)", srcLang, lang, srcLang)
	}
	text := strings.TrimSpace(t.In(lang))
	before := len(f.problems)
	f.textIn(field, lang, text, maxTranslation)
	if len(f.problems) > before {
		return Translation{}
	}
	quoted := arabic.Numbers(quote)
	for _, n := range arabic.Numbers(text) {
		if !containsNumber(quoted, n.Value) {
			f.addf(field, "the translation states %s, a number the quote does not state", formatPlain(n.Value))
			return Translation{}
		}
	}
	if quoteOK && !f.states(at, "translation", field, text, fig) {
		return Translation{}
	}
	return Translation{Lang: lang, Text: text}
}

func containsNumber(ns []arabic.Number, v float64) bool {
	for _, n := range ns {
		if sameNumber(n.Value, v) {
			return true
		}
	}
	return false
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
