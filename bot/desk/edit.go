package desk

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/bot/desk/records"
	"github.com/briefbot/briefbot/summaries/draft"
)

// notices are the outcomes a redirect back to a statement's page names.
var notices = map[string]string{
	"saved": "notice_saved", "published": "notice_published", "unchanged": "notice_unchanged", "added": "notice_added",
}

// editPage shows a statement's working copy with every problem validation
// finds in it, next to its field.
func (d *Desk) editPage(w http.ResponseWriter, r *http.Request, req *request) {
	wk, v, ok := d.loadChecked(w, r, req)
	if !ok {
		return
	}
	ev := d.newEditView(wk, wk.Doc, wk.Source, v)
	ev.History = d.history(r.Context(), wk.ID)
	p := d.pageFor(r, req, ev)
	p.Notice = notices[r.FormValue("done")]
	d.render(w, r, http.StatusOK, "edit", p)
}

// loadOr404 loads the statement the path names, answering 404 for an id
// that names none (or is no id at all: nothing else reaches the disk).
func (d *Desk) loadOr404(w http.ResponseWriter, r *http.Request, req *request) (*working, bool) {
	wk, err := d.load(r.Context(), r.PathValue("id"))
	switch {
	case errors.Is(err, errUnknown) || errors.Is(err, errBadPath):
		d.notFound(w, r, req)
		return nil, false
	case err != nil:
		d.fail(w, r, req.Lang, err)
		return nil, false
	}
	return wk, true
}

// loadEncoded loads the statement the path names and writes its working
// copy as the desk would publish it.
func (d *Desk) loadEncoded(w http.ResponseWriter, r *http.Request, req *request) (*working, []byte, bool) {
	wk, ok := d.loadOr404(w, r, req)
	if !ok {
		return nil, nil, false
	}
	yml, err := Encode(wk.Doc)
	if err != nil {
		d.fail(w, r, req.Lang, err)
		return nil, nil, false
	}
	return wk, yml, true
}

// loadChecked loads the statement the path names and validates its working copy.
func (d *Desk) loadChecked(w http.ResponseWriter, r *http.Request, req *request) (*working, verdict, bool) {
	wk, yml, ok := d.loadEncoded(w, r, req)
	if !ok {
		return nil, verdict{}, false
	}
	v, err := d.check(r.Context(), wk, yml, wk.Source)
	if err != nil {
		d.fail(w, r, req.Lang, err)
		return nil, verdict{}, false
	}
	return wk, v, true
}

// save handles the statement form: save the draft, add a figure from a
// selected sentence, or publish. Every action first checks that the form
// was made from the statement's latest version.
func (d *Desk) save(w http.ResponseWriter, r *http.Request, req *request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	wk, ok := d.loadOr404(w, r, req)
	if !ok {
		return
	}
	doc, src, err := formDoc(r, wk.Doc, wk.Source)
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, errTooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		d.log.Warn("statement form refused", "statement", wk.ID, "err", err)
		d.errorPage(w, r, req.Lang, status, "error_form")
		return
	}
	action := r.PostFormValue("action")
	if action == "addfigure" {
		doc.Figures = append(doc.Figures, figureFromSelection(r.PostFormValue("selection"), doc.Figures))
	}
	if r.PostFormValue("version") != wk.Version() {
		d.conflict(w, r, req, wk, doc, src)
		return
	}
	yml, err := Encode(doc)
	if err != nil {
		d.fail(w, r, req.Lang, err)
		return
	}
	if action == "publish" {
		d.publish(w, r, req, wk, doc, yml, src)
		return
	}
	done, err := d.saveDraft(r, req, wk, doc, yml, src)
	switch {
	case errors.Is(err, records.ErrConflict):
		d.conflict(w, r, req, wk, doc, src)
	case err != nil:
		d.fail(w, r, req.Lang, err)
	default:
		if action == "addfigure" {
			done = "added"
		}
		target := statementURL(wk.ID) + "?done=" + done
		if action == "addfigure" {
			target += "#figure-" + strconv.Itoa(len(doc.Figures)-1)
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
	}
}

// saveDraft stores the form as the statement's draft; done says what
// happened ("unchanged" when the form changes nothing: no draft is made).
func (d *Desk) saveDraft(r *http.Request, req *request, wk *working, doc *Doc, yml, src []byte) (string, error) {
	changed := changedFields(wk.Doc, doc)
	if !bytes.Equal(src, wk.Source) {
		changed = append(changed, "source_text")
	}
	if len(changed) == 0 && (wk.Draft == nil || bytes.Equal(yml, wk.Draft.YAML)) {
		return "unchanged", nil
	}
	rec := records.Draft{Statement: wk.ID, Path: wk.Path, YAML: yml, SourcePath: wk.SourcePath, Source: src,
		UpdatedBy: req.Curator, Updated: d.now()}
	if _, err := d.cfg.Store.SaveDraft(r.Context(), rec, wk.draftVersion()); err != nil {
		return "", err
	}
	d.record(r.Context(), records.Change{Statement: wk.ID, Curator: req.Curator, Action: "save", Fields: changed, At: d.now()})
	return "saved", nil
}

// conflict refuses a save made over a version that is no longer the
// latest: the form comes back with the curator's own values, nothing is
// written, and the page links to the other version.
func (d *Desk) conflict(w http.ResponseWriter, r *http.Request, req *request, wk *working, doc *Doc, src []byte) {
	d.log.Info("save refused: the statement changed since the form was opened", "statement", wk.ID, "curator", req.Curator)
	ev := d.newEditView(wk, doc, src, verdict{})
	ev.Version = r.PostFormValue("version") // a second try is refused too, until the page is reloaded
	ev.Conflict, ev.Valid = true, false
	ev.History = d.history(r.Context(), wk.ID)
	p := d.pageFor(r, req, ev)
	p.Problem = "conflict"
	d.render(w, r, http.StatusConflict, "edit", p)
}

// discard drops a statement's draft; the published file, if any, stays.
func (d *Desk) discard(w http.ResponseWriter, r *http.Request, req *request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	wk, ok := d.loadOr404(w, r, req)
	if !ok {
		return
	}
	if wk.Draft == nil || r.PostFormValue("version") != wk.Version() {
		d.conflict(w, r, req, wk, wk.Doc, wk.Source)
		return
	}
	if err := d.cfg.Store.DeleteDraft(r.Context(), wk.ID, wk.Draft.Version); err != nil {
		if errors.Is(err, records.ErrConflict) {
			d.conflict(w, r, req, wk, wk.Doc, wk.Source)
			return
		}
		d.fail(w, r, req.Lang, err)
		return
	}
	d.record(r.Context(), records.Change{Statement: wk.ID, Curator: req.Curator, Action: "discard", At: d.now()})
	if wk.Published != nil {
		http.Redirect(w, r, statementURL(wk.ID), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, Prefix, http.StatusSeeOther)
}

// figureFromSelection makes a figure of a sentence the curator selected in
// the source: the import assistant reads its number, unit and qualifier
// (the first it finds), and the sentence is the quote.
func figureFromSelection(sel string, figs []DocFigure) DocFigure {
	sel = strings.TrimSpace(normalizeNewlines(sel))
	fig := DocFigure{Quote: sel}
	for _, c := range draft.ExtractFigures(sel) {
		if !c.Vague {
			fig.Value = strconv.FormatFloat(c.Value, 'f', -1, 64)
			fig.Unit, fig.Qualifier = string(c.Unit), string(c.Qualifier)
			break
		}
	}
	taken := map[string]bool{}
	for _, f := range figs {
		taken[f.ID] = true
	}
	for n := len(figs) + 1; ; n++ {
		if id := fmt.Sprintf("figure-%d", n); !taken[id] {
			fig.ID = id
			break
		}
	}
	return fig
}

// currentPage shows a statement's latest version as its file would be
// written: what another curator saved, for one whose save was refused.
func (d *Desk) currentPage(w http.ResponseWriter, r *http.Request, req *request) {
	wk, yml, ok := d.loadEncoded(w, r, req)
	if !ok {
		return
	}
	by := ""
	if wk.Draft != nil {
		by = wk.Draft.UpdatedBy
	}
	d.render(w, r, http.StatusOK, "current", d.pageFor(r, req, map[string]string{
		"ID": wk.ID, "YAML": string(yml), "By": by, "Back": statementURL(wk.ID),
	}))
}
