package desk

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/briefbot/briefbot/bot/desk/records"
)

// publish writes a valid statement into the data folder: its source text,
// then its file, each atomically (a temporary file renamed over the old
// one), so that live reload never reads half a file and serves it once
// both are in place. An invalid statement is refused, and the form is kept
// as the draft, so nothing typed is lost.
func (d *Desk) publish(w http.ResponseWriter, r *http.Request, req *request, wk *working, doc *Doc, yml, src []byte) {
	ctx := r.Context()
	if wk.Published == nil {
		// A new statement: a file someone put at its paths meanwhile is not
		// silently replaced.
		for _, p := range []string{wk.Path, wk.SourcePath} {
			if taken, err := d.existsData(p); err != nil || taken {
				if err != nil {
					d.fail(w, r, req.Lang, err)
				} else {
					d.conflict(w, r, req, wk, doc, src)
				}
				return
			}
		}
	}
	v, err := d.check(ctx, wk, yml, src)
	if err != nil {
		d.fail(w, r, req.Lang, err)
		return
	}
	if len(v.Problems) > 0 {
		if _, err := d.saveDraft(r, req, wk, doc, yml, src); err != nil && !errors.Is(err, records.ErrConflict) {
			d.fail(w, r, req.Lang, err)
			return
		}
		if wk, err = d.load(ctx, wk.ID); err != nil {
			d.fail(w, r, req.Lang, err)
			return
		}
		d.log.Info("publish refused: the statement has problems", "statement", wk.ID, "curator", req.Curator, "problems", len(v.Problems))
		ev := d.newEditView(wk, doc, src, v)
		ev.History = d.history(ctx, wk.ID)
		p := d.pageFor(r, req, ev)
		p.Problem = "publish_refused"
		d.render(w, r, http.StatusUnprocessableEntity, "edit", p)
		return
	}
	// The fields changed since the published version; a first publish
	// lists none (it is all new).
	var changed []string
	if wk.Published != nil {
		changed = changedFields(wk.Published.Doc, doc)
	}
	if wk.Published == nil || !bytes.Equal(src, wk.Published.Source) {
		if err := d.writeData(wk.SourcePath, src); err != nil {
			d.fail(w, r, req.Lang, err)
			return
		}
		if wk.Published != nil {
			changed = append(changed, "source_text")
		}
	}
	if err := d.writeData(wk.Path, yml); err != nil {
		d.fail(w, r, req.Lang, err)
		return
	}
	if wk.Draft != nil {
		if err := d.cfg.Store.DeleteDraft(ctx, wk.ID, wk.Draft.Version); err != nil {
			d.log.Error("published, but the draft was not removed", "statement", wk.ID, "err", err)
		}
	}
	d.record(ctx, records.Change{Statement: wk.ID, Curator: req.Curator, Action: "publish", Fields: changed, At: d.now()})
	d.log.Info("statement published", "statement", wk.ID, "curator", req.Curator, "file", wk.Path, "fields", len(changed))
	http.Redirect(w, r, statementURL(wk.ID)+"?done=published", http.StatusSeeOther)
}
