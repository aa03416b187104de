package desk

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
)

// The form's field names are the field paths validation reports problems
// at ("summary.en", "figures[2].quote"), so that each problem goes next to
// the input it concerns.

// rowField matches the inputs of a key point or a figure.
var rowField = regexp.MustCompile(`^(key_points|figures)\[(\d{1,3})\]\.([a-z_.]+)$`)

// maxRows bounds the key points and figures a form may send; validation
// reports more than the format allows with its own message.
const maxRows = 100

// errTooLarge is a form field over its bound.
var errTooLarge = errors.New("a field is too long")

// formDoc reads a submitted edit form into the statement it describes,
// over the working copy (the id and the source file's name are not in the
// form). Blank key points and figures marked to
// drop are left out.
func formDoc(r *http.Request, base *Doc, baseSource []byte) (*Doc, []byte, error) {
	if err := r.ParseForm(); err != nil {
		return nil, nil, err
	}
	f := r.PostForm
	for k, vs := range f {
		limit := maxField
		if k == "source_text" {
			limit = maxFormField
		}
		for _, v := range vs {
			if len(v) > limit {
				return nil, nil, fmt.Errorf("%s: %w", k, errTooLarge)
			}
			if !utf8.ValidString(v) {
				return nil, nil, fmt.Errorf("%s is not UTF-8 text", k)
			}
		}
	}
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	text := func(k string) summaries.Text { return summaries.Text{AR: get(k + ".ar"), EN: get(k + ".en")} }
	d := &Doc{
		ID: base.ID, Comment: base.Comment,
		Aliases: splitList(f.Get("aliases")), Date: get("date"),
		Place: text("place"), Publisher: text("publisher"), Title: text("title"), Summary: text("summary"),
		Source: DocSource{File: base.Source.File, Lang: get("source.lang"), Name: text("source.name"), URL: get("source.url")},
	}
	rows := map[string]map[int]map[string]string{"key_points": {}, "figures": {}}
	for k := range f {
		m := rowField.FindStringSubmatch(k)
		if m == nil {
			continue
		}
		i, _ := strconv.Atoi(m[2])
		if i >= maxRows {
			return nil, nil, fmt.Errorf("%s: %w", k, errTooLarge)
		}
		if rows[m[1]][i] == nil {
			rows[m[1]][i] = map[string]string{}
		}
		rows[m[1]][i][m[3]] = strings.TrimSpace(f.Get(k))
	}
	for _, i := range sortedKeys(rows["key_points"]) {
		kp := rows["key_points"][i]
		if t := (summaries.Text{AR: kp["ar"], EN: kp["en"]}); t.AR != "" || t.EN != "" {
			d.KeyPoints = append(d.KeyPoints, t)
		}
	}
	for _, i := range sortedKeys(rows["figures"]) {
		if fig, keep := formFigure(rows["figures"][i]); keep {
			d.Figures = append(d.Figures, fig)
		}
	}
	if _, ok := f["comment"]; ok {
		d.Comment = strings.TrimSpace(normalizeNewlines(f.Get("comment")))
	}
	src := baseSource
	if _, ok := f["source_text"]; ok { // a form without the box keeps the source
		src = []byte(normalizeNewlines(f.Get("source_text")))
	}
	return d, src, nil
}

// formFigure reads one figure's inputs; keep is false for a figure marked
// to drop or left blank.
func formFigure(v map[string]string) (DocFigure, bool) {
	fig := DocFigure{
		ID: v["id"], Headline: v["headline"] != "", Value: v["value"], Unit: v["unit"], Qualifier: v["qualifier"],
		Label: summaries.Text{AR: v["label.ar"], EN: v["label.en"]}, Quote: v["quote"], Correction: v["correction"],
	}
	if t := (summaries.Text{AR: v["translation.ar"], EN: v["translation.en"]}); t.AR != "" || t.EN != "" {
		fig.Translation = &t
	}
	blank := fig.ID == "" && fig.Value == "" && fig.Quote == "" && fig.Label == (summaries.Text{})
	return fig, v["drop"] == "" && !blank
}

func sortedKeys[V any](m map[int]V) []int {
	keys := make([]int, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// normalizeNewlines turns a browser's CRLF line ends into LF, as the
// source files are written.
func normalizeNewlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
