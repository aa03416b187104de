package desk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/desk/records"
	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/draft"
)

// newView is the data of the new-from-text page.
type newView struct {
	Text, ID, Published, URL, Lang string
	// Error is the reason the text was refused, in the interface language
	// when the desk knows it, else the import assistant's own words.
	Error string
}

func (d *Desk) newPage(w http.ResponseWriter, r *http.Request, req *request) {
	d.render(w, r, http.StatusOK, "new", d.pageFor(r, req, &newView{}))
}

// create runs the import assistant on a pasted or uploaded text, saves the
// draft it makes and opens it.
func (d *Desk) create(w http.ResponseWriter, r *http.Request, req *request) {
	v := &newView{ID: strings.TrimSpace(r.FormValue("id")), Published: strings.TrimSpace(r.FormValue("published")),
		URL: strings.TrimSpace(r.FormValue("url")), Lang: r.FormValue("lang")}
	refuse := func(status int, msg string) {
		v.Error = msg
		d.render(w, r, status, "new", d.pageFor(r, req, v))
	}
	p := d.pageFor(r, req, nil)
	raw, err := uploaded(r)
	if err != nil {
		refuse(http.StatusRequestEntityTooLarge, p.T("new_too_large"))
		return
	}
	if len(raw) <= maxFormField {
		v.Text = string(raw)
	}
	opts := draft.Options{URL: v.URL, ID: v.ID}
	if l, ok := summaries.ParseLang(v.Lang); ok {
		opts.Lang = l
	}
	if v.Published != "" {
		if opts.Published, err = time.Parse(time.DateOnly, v.Published); err != nil {
			refuse(http.StatusUnprocessableEntity, p.T("new_bad_published"))
			return
		}
	}
	dr, err := draft.Import(raw, opts)
	if err != nil {
		refuse(http.StatusUnprocessableEntity, importError(p, err))
		return
	}
	ctx := r.Context()
	d.mu.Lock()
	defer d.mu.Unlock()
	id, err := d.freeID(ctx, dr.ID, dr.Lang, v.ID == "")
	if err != nil {
		refuse(http.StatusConflict, p.T("new_id_taken", "ID", dr.ID))
		return
	}
	dr.ID = id
	var yml bytes.Buffer
	if err := dr.WriteYAML(&yml); err != nil {
		d.fail(w, r, req.Lang, err)
		return
	}
	doc, err := ParseDoc(yml.Bytes())
	if err != nil {
		d.fail(w, r, req.Lang, err)
		return
	}
	doc.Comment = importNotes(dr)
	rec := records.Draft{Statement: id, Path: id + ".yaml", SourcePath: dr.SourceFile(), Source: dr.SourceText(),
		UpdatedBy: req.Curator, Updated: d.now()}
	if rec.YAML, err = Encode(doc); err != nil {
		d.fail(w, r, req.Lang, err)
		return
	}
	if _, err := d.cfg.Store.SaveDraft(ctx, rec, 0); err != nil {
		d.fail(w, r, req.Lang, err)
		return
	}
	d.record(ctx, records.Change{Statement: id, Curator: req.Curator, Action: "import", At: d.now()})
	d.log.Info("statement drafted from a text", "statement", id, "curator", req.Curator, "figures", len(doc.Figures))
	http.Redirect(w, r, statementURL(id), http.StatusSeeOther)
}

// uploaded returns the raw text (of a form readBody parsed): the uploaded
// file when there is one, else
// the pasted text; at most one byte more than draft.MaxSize, so that the
// import assistant says it is too large.
func uploaded(r *http.Request) ([]byte, error) {
	if r.MultipartForm != nil {
		if f, _, err := r.FormFile("upload"); err == nil {
			defer f.Close()
			raw, err := io.ReadAll(io.LimitReader(f, draft.MaxSize+1))
			if err != nil {
				return nil, err
			}
			if len(raw) > 0 {
				return raw, nil
			}
		}
	}
	text := r.FormValue("text")
	if len(text) > draft.MaxSize+1 {
		text = text[:draft.MaxSize+1]
	}
	return []byte(normalizeNewlines(text)), nil
}

// importError words why the import assistant refused a text.
func importError(p *page, err error) string {
	for target, id := range map[error]string{draft.ErrEmpty: "new_empty", draft.ErrTooLarge: "new_too_large",
		draft.ErrBinary: "new_binary", draft.ErrNoSentence: "new_no_sentence"} {
		if errors.Is(err, target) {
			return p.T(id)
		}
	}
	return err.Error() // a bad --id or --lang: the assistant's own words
}

// freeID returns id when no statement, draft or file uses it; for an id
// the assistant suggested, the first of id-2 … id-9 that is free.
func (d *Desk) freeID(ctx context.Context, id string, lang summaries.Lang, suggested bool) (string, error) {
	fo, err := d.scan(ctx)
	if err != nil {
		return "", err
	}
	try := []string{id}
	if suggested {
		for n := 2; n <= 9; n++ {
			try = append(try, fmt.Sprintf("%s-%d", id, n))
		}
	}
	for _, c := range try {
		if ok, err := d.idFree(ctx, c, lang, fo.byID); err != nil {
			return "", err
		} else if ok {
			return c, nil
		}
	}
	return "", fmt.Errorf("statement id %s is taken", id)
}

// idFree reports whether a new statement may take id: no statement or
// draft has it, and neither its file nor its source file exists.
func (d *Desk) idFree(ctx context.Context, id string, lang summaries.Lang, files map[string]dataFile) (bool, error) {
	if _, ok := files[id]; ok {
		return false, nil
	}
	if _, err := d.cfg.Store.Draft(ctx, id); err == nil {
		return false, nil
	} else if !errors.Is(err, records.ErrNotFound) {
		return false, err
	}
	for _, p := range []string{id + ".yaml", id + "." + string(lang) + ".txt"} {
		if ok, err := d.existsData(p); err != nil || ok {
			return false, err
		}
	}
	return true, nil
}

// importNotes are what the import assistant asks the curator to check,
// kept as the notes at the head of the statement file.
func importNotes(dr *draft.Draft) string {
	var notes []string
	if dr.Date.Written != "" {
		notes = append(notes, "date: the text writes «"+dr.Date.Written+"»")
	}
	if dr.Date.Check != "" {
		notes = append(notes, "check: date: "+dr.Date.Check)
	}
	if dr.Place.Written != "" {
		notes = append(notes, "place: the text writes «"+dr.Place.Written+"»")
	}
	if dr.LeadIn != "" {
		notes = append(notes, "source: the statement follows the lead-in «"+dr.LeadIn+"»")
	}
	i := 0
	var vague []string
	for _, c := range dr.Figures {
		if c.Vague {
			vague = append(vague, "«"+c.Written+"»")
			continue
		}
		for _, n := range c.Notes {
			notes = append(notes, fmt.Sprintf("check: figures[%d] (%s): %s", i, c.ID, n))
		}
		i++
	}
	if len(vague) > 0 {
		notes = append(notes, "amounts with no exact value, left out of the figures (say them in a key point): "+strings.Join(vague, ", "))
	}
	return strings.Join(notes, "\n")
}
