package desk

import (
	"errors"
	"net/http"
	"strings"

	"github.com/briefbot/briefbot/summaries"
)

// Bounds on what a browser may send: a pasted or uploaded page is at most
// draft.MaxSize (1 MB) and a form carries one source text with the fields.
const (
	maxBody      = 3 << 20
	maxField     = 16 << 10 // one text field
	maxFormField = 1 << 20  // the source text, a pasted page
)

// pageCSP allows the desk's own script and styles and nothing inline; the
// Telegram preview is the only frame, from the desk itself.
const pageCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'"

// frameCSP is the Telegram preview's: a sandbox with no script at all,
// framed by the desk only.
const frameCSP = "sandbox; default-src 'none'; style-src 'self'; frame-ancestors 'self'; base-uri 'none'"

// secure sets the headers every response carries and bounds every body.
func (d *Desk) secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", pageCSP)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Cross-Origin-Opener-Policy", "same-origin")
		if !strings.HasPrefix(r.URL.Path, Prefix+"static/") {
			hd.Set("Cache-Control", "no-store") // pages hold drafts and tokens
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		h.ServeHTTP(w, r)
	})
}

// framed relaxes the headers for a page the desk shows in its own frame.
func framed(w http.ResponseWriter) {
	w.Header().Set("Content-Security-Policy", frameCSP)
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
}

// staticFiles serves the embedded CSS and script. They are the same for
// everyone and hold nothing of a curator's, so they need no session (the
// sandboxed preview frame loads its stylesheet without one).
func (d *Desk) staticFiles() http.Handler {
	files := http.FileServerFS(d.static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "" || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r) // no folder listings
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		files.ServeHTTP(w, r)
	})
}

// secureCookie reports whether a cookie must be Secure: the desk is served
// behind TLS, directly or through a proxy that says so.
func secureCookie(r *http.Request) bool {
	return r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// localPath accepts a path to go back to after signing in: one of the
// desk's own, never another site's.
func localPath(p string) string {
	if !strings.HasPrefix(p, Prefix) || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return Prefix
	}
	return p
}

// readBody parses a form, pasted or uploaded, within maxBody; a larger one
// is answered 413 and false.
func (d *Desk) readBody(w http.ResponseWriter, r *http.Request, lang summaries.Lang) bool {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		err = r.ParseMultipartForm(maxBody)
	} else {
		err = r.ParseForm()
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		d.errorPage(w, r, lang, http.StatusRequestEntityTooLarge, "error_too_large")
		return false
	case err != nil:
		d.errorPage(w, r, lang, http.StatusBadRequest, "error_form")
		return false
	}
	return true
}
