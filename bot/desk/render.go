package desk

import (
	"bytes"
	"html/template"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// pageNames are the pages; each is templates/<name>.html inside layout.html
// (frame.html, the Telegram preview, stands alone).
var pageNames = []string{"signin", "list", "new", "edit", "current", "preview", "error"}

func parsePages() (map[string]*template.Template, error) {
	funcs := template.FuncMap{"dir": dir, "field": labelled, "pair": pair, "has": slices.Contains[[]string],
		"underscore": func(s string) string { return strings.ReplaceAll(s, " ", "_") }}
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/parts.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		out[name] = t
	}
	t, err := template.New("frame.html").Funcs(funcs).ParseFS(assets, "templates/frame.html")
	if err != nil {
		return nil, err
	}
	out["frame"] = t
	return out, nil
}

// page is what every template gets: the interface language and its texts,
// the signed-in curator and the session's CSRF token, and the page's data.
type page struct {
	Lang    summaries.Lang
	CSRF    string
	Curator string
	// Path is the page's own address, where the language switch returns.
	Path string
	// Next is where the sign-in page goes after signing in.
	Next string
	// Problem and Notice are ids of texts to show at the top.
	Problem string
	Notice  string
	Data    any

	texts *bot.Messages
}

func (d *Desk) pageFor(r *http.Request, req *request, data any) *page {
	return &page{Lang: req.Lang, CSRF: req.CSRF, Curator: req.Curator, Path: r.URL.RequestURI(), Data: data, texts: d.texts}
}

// T returns the text id in the page's language.
func (p *page) T(id string, args ...any) string { return p.texts.T(p.Lang, id, args...) }

// N returns the plural text id for count in the page's language.
func (p *page) N(id string, count int) string { return p.texts.N(p.Lang, id, count, "N", count) }

// Dir is the page's direction.
func (p *page) Dir() string { return dir(p.Lang) }

// OtherLang is the interface language the switch offers.
func (p *page) OtherLang() summaries.Lang { return p.Lang.Other() }

// dir is the writing direction of a language.
func dir(lang summaries.Lang) string {
	if lang == summaries.AR {
		return "rtl"
	}
	return "ltr"
}

// render writes a page; a template error is the desk's own bug, logged
// and answered with a plain 500.
func (d *Desk) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	p.texts = d.texts
	if p.Path == "" {
		p.Path = r.URL.RequestURI()
	}
	var b bytes.Buffer
	if err := d.pages[name].Execute(&b, p); err != nil {
		d.log.Error("page failed to render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// errorPage answers with a short page saying what went wrong (text id msg).
func (d *Desk) errorPage(w http.ResponseWriter, r *http.Request, lang summaries.Lang, status int, msg string) {
	d.render(w, r, status, "error", &page{Lang: lang, Problem: msg})
}

// fail answers a request the desk could not serve: the cause goes to the
// log, the curator gets a short sentence.
func (d *Desk) fail(w http.ResponseWriter, r *http.Request, lang summaries.Lang, err error) {
	d.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	d.errorPage(w, r, lang, http.StatusInternalServerError, "error_internal")
}

func (d *Desk) notFound(w http.ResponseWriter, r *http.Request, req *request) {
	p := d.pageFor(r, req, nil)
	p.Problem = "error_not_found"
	d.render(w, r, http.StatusNotFound, "error", p)
}

// statementURL is the edit page of a statement.
func statementURL(id string) string { return path.Join(Prefix, "s", id) }

// splitList reads the aliases field: names separated by commas or spaces
// (an alias has no spaces).
func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '،' || r == ' ' || r == '\n' || r == '\t' || r == '\r' }) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// labelledField is one input of a form with its label; Rows > 0 makes it a
// text area.
type labelledField struct {
	Label string
	F     fieldView
	Rows  int
}

// labelled lays out the input name of a statement's page, labelled with
// the text label.
func labelled(p *page, name, label string, rows int) labelledField {
	ev, _ := p.Data.(*editView)
	if ev == nil {
		return labelledField{Label: p.T(label), F: fieldView{Name: name}, Rows: rows}
	}
	return labelledField{Label: p.T(label), F: ev.F(name), Rows: rows}
}

// pairView is a text's two inputs, Arabic and English.
type pairView struct{ AR, EN labelledField }

// pair lays out the Arabic and English inputs of the text name.
func pair(p *page, name, label string, rows int) pairView {
	ar, en := labelled(p, name+".ar", label, rows), labelled(p, name+".en", label, rows)
	ar.Label += " · " + p.T("in_ar")
	en.Label += " · " + p.T("in_en")
	return pairView{AR: ar, EN: en}
}
