package desk

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/briefbot/briefbot/summaries"
)

// field is one input of the edit form: its name (the field path validation
// reports problems at) and its value.
type field struct{ Name, Value string }

// fields lists every input of the edit form for d, in the form's order.
// The history compares two statements by it, and problems find their input
// in it.
func fields(d *Doc) []field {
	out := []field{{"comment", d.Comment}, {"id", d.ID}, {"aliases", strings.Join(d.Aliases, ", ")}, {"date", d.Date}}
	text := func(name string, t summaries.Text) {
		out = append(out, field{name + ".ar", t.AR}, field{name + ".en", t.EN})
	}
	text("place", d.Place)
	text("publisher", d.Publisher)
	out = append(out, field{"source.file", d.Source.File}, field{"source.lang", d.Source.Lang})
	text("source.name", d.Source.Name)
	out = append(out, field{"source.url", d.Source.URL})
	text("title", d.Title)
	text("summary", d.Summary)
	for i, kp := range d.KeyPoints {
		text(fmt.Sprintf("key_points[%d]", i), kp)
	}
	src := d.SourceLang()
	for i, f := range d.Figures {
		at := fmt.Sprintf("figures[%d].", i)
		headline := ""
		if f.Headline {
			headline = "true"
		}
		out = append(out, field{at + "id", f.ID}, field{at + "headline", headline}, field{at + "value", f.Value},
			field{at + "unit", f.Unit}, field{at + "qualifier", f.Qualifier})
		text(at+"label", f.Label)
		out = append(out, field{at + "quote", f.Quote})
		for _, l := range summaries.Langs {
			if l != src || f.Translation != nil && f.Translation.In(l) != "" {
				t := ""
				if f.Translation != nil {
					t = f.Translation.In(l)
				}
				out = append(out, field{at + "translation." + string(l), t})
			}
		}
		out = append(out, field{at + "correction", f.Correction})
	}
	return out
}

// sections are names problems may be reported at that are not inputs: a
// list as a whole, one row of it.
func sections(d *Doc) []string {
	out := []string{"key_points", "figures"}
	for i := range d.KeyPoints {
		out = append(out, fmt.Sprintf("key_points[%d]", i))
	}
	for i := range d.Figures {
		out = append(out, fmt.Sprintf("figures[%d]", i))
	}
	return out
}

// changedFields lists the inputs whose values differ between two versions
// of a statement (a nil one has none).
func changedFields(old, cur *Doc) []string {
	before := map[string]string{}
	if old != nil {
		for _, f := range fields(old) {
			before[f.Name] = f.Value
		}
	}
	var out []string
	seen := map[string]bool{}
	if cur != nil {
		for _, f := range fields(cur) {
			seen[f.Name] = true
			if v, ok := before[f.Name]; ok && v == f.Value || !ok && f.Value == "" {
				continue
			}
			out = append(out, f.Name)
		}
	}
	if old != nil {
		for _, f := range fields(old) {
			if !seen[f.Name] && f.Value != "" {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// placeProblems puts each problem at the input or section it concerns: its
// field, else the nearest enclosing one ("figures[2].translation.ar" with
// no such input goes to "figures[2]"); a problem of the file as a whole
// goes to "" (the top of the form).
func placeProblems(d *Doc, problems []string, at []string) map[string][]string {
	known := map[string]bool{}
	for _, f := range fields(d) {
		known[f.Name] = true
	}
	for _, s := range sections(d) {
		known[s] = true
	}
	out := map[string][]string{}
	for i, p := range problems {
		name := at[i]
		for name != "" && !known[name] {
			j := strings.LastIndexAny(name, ".[")
			if j < 0 {
				name = ""
				break
			}
			name = name[:j]
		}
		out[name] = append(out[name], p)
	}
	return out
}

// FormValues are the values a statement's page submits for d and its
// source text, as a browser sends them (a headline box only when checked).
func FormValues(d *Doc, source []byte) url.Values {
	v := url.Values{}
	for _, f := range fields(d) {
		if f.Name == "id" || f.Name == "source.file" || strings.HasSuffix(f.Name, ".headline") && f.Value == "" {
			continue
		}
		v.Set(f.Name, f.Value)
	}
	v.Set("source_text", string(source))
	return v
}
