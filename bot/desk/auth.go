package desk

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/url"

	"golang.org/x/text/language"

	"github.com/briefbot/briefbot/bot/desk/records"
	"github.com/briefbot/briefbot/summaries"
)

// Cookie names. The session cookie holds a random token whose SHA-256 the
// store keeps; the sign-in cookie holds the sign-in form's CSRF token
// (a double submit: the form must carry what the cookie holds).
const (
	sessionCookie = "briefbot_desk"
	signinCookie  = "briefbot_desk_signin"
	langCookie    = "briefbot_desk_lang"
)

// request is what a page handler knows of the signed-in curator.
type request struct {
	Curator string
	CSRF    string
	Lang    summaries.Lang
	token   string // the session token's hash
}

// newToken returns 32 random bytes, URL-safe.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // crypto/rand.Read never fails
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// session requires a signed-in curator, and on every POST the session's
// CSRF token. A GET without a session goes to the sign-in page.
func (d *Desk) session(h func(http.ResponseWriter, *http.Request, *request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		lang := d.uiLang(r)
		c, err := r.Cookie(sessionCookie)
		var s records.Session
		if err == nil {
			s, err = d.cfg.Store.Session(r.Context(), hashToken(c.Value))
		}
		if err != nil {
			if !errors.Is(err, http.ErrNoCookie) && !errors.Is(err, records.ErrNotFound) {
				d.fail(w, r, lang, err)
				return
			}
			if r.Method == http.MethodGet {
				http.Redirect(w, r, Prefix+"signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			d.errorPage(w, r, lang, http.StatusUnauthorized, "error_signed_out")
			return
		}
		req := &request{Curator: s.Curator, CSRF: s.CSRF, Lang: lang, token: s.TokenHash}
		if r.Method != http.MethodGet && !d.readBody(w, r, lang) {
			return
		}
		if r.Method != http.MethodGet && !sameToken(r.PostFormValue("csrf"), s.CSRF) {
			d.log.Warn("form refused: missing or wrong CSRF token", "path", r.URL.Path, "curator", s.Curator)
			d.errorPage(w, r, lang, http.StatusForbidden, "error_csrf")
			return
		}
		h(w, r, req)
	})
}

// signinPage shows the sign-in form with a fresh CSRF token.
func (d *Desk) signinPage(w http.ResponseWriter, r *http.Request) {
	d.renderSignin(w, r, http.StatusOK, "")
}

func (d *Desk) renderSignin(w http.ResponseWriter, r *http.Request, status int, problem string) {
	tok := newToken()
	http.SetCookie(w, &http.Cookie{Name: signinCookie, Value: tok, Path: Prefix, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: secureCookie(r), MaxAge: 3600})
	lang := d.uiLang(r)
	d.render(w, r, status, "signin", &page{Lang: lang, CSRF: tok, Next: localPath(r.FormValue("next")), Problem: problem})
}

// signin checks a curator's name and password. Failures are rate-limited
// per name and per client address; a refused attempt never says whether
// the name exists.
func (d *Desk) signin(w http.ResponseWriter, r *http.Request) {
	lang := d.uiLang(r)
	if !d.readBody(w, r, lang) {
		return
	}
	c, err := r.Cookie(signinCookie)
	if err != nil || !sameToken(r.PostFormValue("csrf"), c.Value) {
		d.errorPage(w, r, lang, http.StatusForbidden, "error_csrf")
		return
	}
	name, password := r.PostFormValue("name"), r.PostFormValue("password")
	keys := []string{"addr:" + clientAddr(r)}
	if ValidCuratorName(name) {
		keys = append(keys, "name:"+name)
	} else {
		name = "" // not a name (a password typed in the wrong box, say): never looked up or logged
	}
	if d.failures.blocked(keys...) {
		d.log.Warn("sign-in refused: too many failures", "addr", clientAddr(r))
		d.renderSignin(w, r, http.StatusTooManyRequests, "signin_too_many")
		return
	}
	hash := ""
	if name != "" {
		hash, err = d.cfg.Store.PasswordHash(r.Context(), name)
		if err != nil && !errors.Is(err, records.ErrNotFound) {
			d.fail(w, r, lang, err)
			return
		}
	}
	if !checkPassword(hash, d.dummyHash, password) {
		d.failures.fail(keys...)
		known := ""
		if hash != "" {
			known = name // only a curator's name: an unknown one may be a mistyped password
		}
		d.log.Warn("sign-in failed", "curator", known, "addr", clientAddr(r))
		d.renderSignin(w, r, http.StatusUnauthorized, "signin_failed")
		return
	}
	if err := d.startSession(r.Context(), w, r, name); err != nil {
		d.fail(w, r, lang, err)
		return
	}
	d.log.Info("curator signed in", "curator", name)
	http.SetCookie(w, &http.Cookie{Name: signinCookie, Value: "", Path: Prefix, MaxAge: -1})
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}

func (d *Desk) startSession(ctx context.Context, w http.ResponseWriter, r *http.Request, name string) error {
	tok, now := newToken(), d.now()
	s := records.Session{TokenHash: hashToken(tok), Curator: name, CSRF: newToken(), Created: now, Expires: now.Add(d.cfg.SessionTTL)}
	if err := d.cfg.Store.CreateSession(ctx, s); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: tok, Path: Prefix, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: secureCookie(r), Expires: s.Expires})
	return nil
}

// signout ends the session.
func (d *Desk) signout(w http.ResponseWriter, r *http.Request, req *request) {
	if err := d.cfg.Store.DeleteSession(r.Context(), req.token); err != nil {
		d.fail(w, r, req.Lang, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: Prefix, HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: secureCookie(r), MaxAge: -1})
	d.log.Info("curator signed out", "curator", req.Curator)
	http.Redirect(w, r, Prefix+"signin", http.StatusSeeOther)
}

// clientAddr is the client's address without its port, for rate limits.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// uiLang is the interface language: the curator's choice (a cookie), else
// the browser's first of Arabic and English, else the default.
func (d *Desk) uiLang(r *http.Request) summaries.Lang {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := summaries.ParseLang(c.Value); ok {
			return l
		}
	}
	for _, tag := range acceptLanguages(r.Header.Get("Accept-Language")) {
		if l, ok := summaries.ParseLang(tag); ok {
			return l
		}
	}
	return d.cfg.DefaultLang
}

// switchLang sets the interface language and goes back to the page.
func (d *Desk) switchLang(w http.ResponseWriter, r *http.Request) {
	if l, ok := summaries.ParseLang(r.FormValue("to")); ok {
		http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(l), Path: Prefix, HttpOnly: true,
			SameSite: http.SameSiteStrictMode, Secure: secureCookie(r), MaxAge: 365 * 24 * 3600})
	}
	http.Redirect(w, r, localPath(r.FormValue("back")), http.StatusSeeOther)
}

// acceptLanguages lists the tags of an Accept-Language header, preferred first.
func acceptLanguages(h string) []string {
	tags, _, err := language.ParseAcceptLanguage(h)
	if err != nil {
		return nil
	}
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.String()
	}
	return out
}
