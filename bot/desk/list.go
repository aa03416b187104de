package desk

import (
	"cmp"
	"net/http"
	"slices"

	"github.com/briefbot/briefbot/summaries"
)

// listItem is one statement of the list: published, drafted or both.
type listItem struct {
	ID    string
	Path  string
	Date  string
	Title summaries.Text
	// State is the text id of its state.
	State string
	// Problems counts validation's problems with the statement as the desk
	// would publish it (its draft when it has one); 0 is valid.
	Problems int
	// Editable is false for a file the desk cannot read as a statement
	// (broken YAML): `briefbot validate` says why, and it is fixed by hand.
	Editable bool
}

// listPage shows every statement of BRIEFBOT_DATA and every draft.
func (d *Desk) listPage(w http.ResponseWriter, r *http.Request, req *request) {
	items, elsewhere, err := d.list(r)
	if err != nil {
		d.fail(w, r, req.Lang, err)
		return
	}
	d.render(w, r, http.StatusOK, "list", d.pageFor(r, req, map[string]any{"Items": items, "Broken": elsewhere}))
}

// list reads the data folder and the drafts: one load of the folder as it
// is, and one with every draft in place, for the drafts' problems.
func (d *Desk) list(r *http.Request) ([]listItem, int, error) {
	fo, err := d.scan(r.Context())
	if err != nil {
		return nil, 0, err
	}
	drafts, err := d.cfg.Store.Drafts(r.Context())
	if err != nil {
		return nil, 0, err
	}
	byID := map[string]*listItem{}
	var items []*listItem
	broken := 0
	for _, f := range fo.files {
		it := &listItem{ID: f.ID, Path: f.Path, Date: f.Date, Title: f.Title, State: "state_published",
			Problems: len(f.Problems), Editable: summaries.ValidID(f.ID)}
		if _, dup := byID[f.ID]; it.Editable && !dup {
			byID[f.ID] = it
		} else {
			it.Editable = false
		}
		if it.Problems > 0 {
			broken++
		}
		items = append(items, it)
	}
	overlayFiles := map[string][]byte{}
	for _, dr := range drafts {
		if _, err := statementPath(dr.Path); err != nil || !validSourcePath(dr.SourcePath) {
			continue
		}
		overlayFiles[dr.Path], overlayFiles[dr.SourcePath] = dr.YAML, dr.Source
	}
	_, problems, err := d.loadFolder(r.Context(), newOverlay(summaries.DirFS(d.cfg.DataDir), overlayFiles))
	if err != nil {
		return nil, 0, err
	}
	count := map[string]int{}
	for _, p := range problems {
		count[p.File]++
	}
	for _, dr := range drafts {
		it, ok := byID[dr.Statement]
		if !ok {
			it = &listItem{ID: dr.Statement, Path: dr.Path, State: "state_draft", Editable: true}
			items = append(items, it)
		} else {
			it.State = "state_published_draft"
		}
		if doc, err := ParseDoc(dr.YAML); err == nil {
			it.Date, it.Title = doc.Date, doc.Title
		}
		it.Problems = count[dr.Path]
	}
	slices.SortStableFunc(items, func(a, b *listItem) int {
		return cmp.Or(cmp.Compare(b.Date, a.Date), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Path, b.Path))
	})
	out := make([]listItem, len(items))
	for i, it := range items {
		out[i] = *it
	}
	return out, broken, nil
}
