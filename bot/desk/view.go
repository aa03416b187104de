package desk

import (
	"fmt"
	"strings"

	"github.com/briefbot/briefbot/summaries"
)

// editView is the data of a statement's page: the form's values with the
// problems placed next to them, the source with its quotes marked, the
// state and the history.
type editView struct {
	ID      string
	Version string
	// State is the text id of the statement's state.
	State     string
	Published bool
	HasDraft  bool
	Doc       *Doc
	// SourceLang is the language quotes are in, OtherLang translations'.
	SourceLang, OtherLang summaries.Lang
	SourceText            string
	Segments              []segment
	Figures               []rowView
	KeyPoints             []rowView // with one blank row to add a point
	// Top are the problems of the file as a whole.
	Top       []string
	Problems  int
	Elsewhere int
	Valid     bool
	History   []historyItem
	// Conflict is set when a save was refused because someone saved first:
	// the form holds the curator's own version.
	Conflict bool

	values   map[string]string
	problems map[string][]string
}

// rowView is one key point or figure of the form.
type rowView struct {
	Index int
	// Found says whether the figure's quote was found in the source.
	Found bool
	at    string
	v     *editView
}

// F is the input sub of the row ("quote", "label.ar").
func (r rowView) F(sub string) fieldView { return r.v.F(r.at + "." + sub) }

// Problems are the problems of the row as a whole.
func (r rowView) Problems() []string { return r.v.problems[r.at] }

// fieldView is one input: its name, value, writing direction and the
// problems validation reported at it.
type fieldView struct {
	Name, Value, Dir string
	Problems         []string
}

// F returns the input name.
func (v *editView) F(name string) fieldView {
	return fieldView{Name: name, Value: v.values[name], Dir: fieldDir(name, v.SourceLang), Problems: v.problems[name]}
}

// Units and Qualifiers are the choices of a figure's unit and qualifier.
func (v *editView) Units() []string      { return names(summaries.Units) }
func (v *editView) Qualifiers() []string { return names(summaries.Qualifiers) }

func names[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// fieldDir is the direction an input is written in: Arabic texts right to
// left, English ones and numbers left to right, quotes in their source's
// direction, the rest by their first letter.
func fieldDir(name string, src summaries.Lang) string {
	switch {
	case strings.HasSuffix(name, ".ar"):
		return "rtl"
	case strings.HasSuffix(name, ".en"), strings.HasSuffix(name, ".value"), strings.HasSuffix(name, ".id"),
		name == "id", name == "date", name == "source.url", name == "source.file", name == "source.lang":
		return "ltr"
	case strings.HasSuffix(name, ".quote") || name == "source_text":
		if src != "" {
			return dir(src)
		}
	}
	return "auto"
}

// newEditView lays out a working copy with validation's verdict.
func (d *Desk) newEditView(w *working, doc *Doc, source []byte, v verdict) *editView {
	ev := &editView{ID: w.ID, Version: w.Version(), Published: w.Published != nil, HasDraft: w.Draft != nil, Doc: doc,
		SourceLang: doc.SourceLang(), SourceText: string(source), Problems: len(v.Problems), Elsewhere: v.Elsewhere,
		Valid: len(v.Problems) == 0, values: map[string]string{}}
	if ev.SourceLang == "" {
		ev.SourceLang = summaries.AR
	}
	ev.OtherLang = ev.SourceLang.Other()
	switch {
	case ev.Published && ev.HasDraft:
		ev.State = "state_published_draft"
	case ev.Published:
		ev.State = "state_published"
	default:
		ev.State = "state_draft"
	}
	for _, f := range fields(doc) {
		ev.values[f.Name] = f.Value
	}
	lines, at := make([]string, len(v.Problems)), make([]string, len(v.Problems))
	for i, p := range v.Problems {
		lines[i], at[i] = d.problemLine(p), p.Field
		if p.File != w.Path && p.File != w.SourcePath {
			at[i] = "" // another file's problem, caused by this one: shown at the top
		}
	}
	ev.problems = placeProblems(doc, lines, at)
	ev.Top = ev.problems[""]
	quotes := make([]string, len(doc.Figures))
	for i, f := range doc.Figures {
		quotes[i] = f.Quote
	}
	var found []bool
	ev.Segments, found = highlight(ev.SourceText, quotes)
	for i := range doc.Figures {
		ev.Figures = append(ev.Figures, rowView{Index: i, Found: found[i], at: fmt.Sprintf("figures[%d]", i), v: ev})
	}
	for i := range len(doc.KeyPoints) + 1 {
		ev.KeyPoints = append(ev.KeyPoints, rowView{Index: i, at: fmt.Sprintf("key_points[%d]", i), v: ev})
	}
	return ev
}
