package summaries

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v4"

	"github.com/briefbot/briefbot/summaries/arabic"
)

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
	switch bad, msg := statesProblem(noun, text, fig.Value, fig.Qualifier); bad {
	case "value":
		f.addf(field, "%s", msg)
		return false
	case "qualifier":
		f.addf(at+".qualifier", "%s", msg)
		return false
	}
	return fig.Qualifier.Valid()
}

// QuoteProblem says what is wrong when quote (its whitespace collapsed) does
// not state value with qualifier q: the field at fault ("quote" or
// "qualifier") and why; both are "" when the quote states it. It is the
// validator's own rule, so the import assistant drafts only figures that
// validation accepts.
func QuoteProblem(quote string, value float64, q Qualifier) (field, msg string) {
	field, msg = statesProblem("quote", quote, value, q)
	if field == "value" {
		field = "quote"
	}
	return field, msg
}

// statesProblem is the one rule for "text states value with qualifier q":
// some statement of the value in text is preceded by wording q accepts.
// bad is "value" when text does not state the value, "qualifier" when the
// wording before it contradicts q, "" when text states it (or q is not a
// known qualifier, which is reported elsewhere).
func statesProblem(noun, text string, value float64, q Qualifier) (bad, msg string) {
	var found []arabic.Number
	var seen []string
	for _, n := range arabic.Numbers(text) {
		if sameNumber(n.Value, value) {
			found = append(found, n)
		}
		seen = append(seen, formatPlain(n.Value))
	}
	if len(found) == 0 {
		if len(seen) == 0 {
			return "value", fmt.Sprintf("the %s does not contain the value %s (it states no number)", noun, formatPlain(value))
		}
		return "value", fmt.Sprintf("the %s does not contain the value %s (it states %s)", noun, formatPlain(value), strings.Join(seen, ", "))
	}
	if !q.Valid() {
		return "", ""
	}
	for _, n := range found {
		if got, _ := QualifierBefore(text[:n.Start]); q.accepts(got) {
			return "", ""
		}
	}
	got, word := QualifierBefore(text[:found[0].Start])
	if got == Exact {
		return "qualifier", fmt.Sprintf("%q, but the %s states %s with no qualifier", q, noun, formatPlain(value))
	}
	return "qualifier", fmt.Sprintf("%q, but the %s says %q before %s", q, noun, word, formatPlain(value))
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
