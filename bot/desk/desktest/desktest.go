// Package desktest serves the curators' desk on a loopback test server
// for the tests of the desk and of the binary: a store with a curator, a
// data folder, and a browser-like client with its own cookies. It is
// imported by tests only.
package desktest

import (
	"context"
	"embed"
	"html"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/desk"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

//go:embed testdata/pages
var pageFiles embed.FS

// SeedPage is the seed source document: the bundled statement's Arabic web
// page as saved, chrome and lead-in included (a copy of
// summaries/draft/testdata/coalition-ministers-2019-11.page.txt).
func SeedPage(t testing.TB) []byte {
	t.Helper()
	b, err := pageFiles.ReadFile("testdata/pages/coalition-ministers-2019-11.page.txt")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Curator is the curator a test desk signs in with.
const (
	Curator         = "rana"
	CuratorPassword = "correct horse battery"
)

// Desk is the curators' desk served on a loopback test server, over a
// data folder and a SQLite store in t.TempDir(), with Curator added.
type Desk struct {
	Desk   *desk.Desk
	Store  *store.SQLite
	Data   string
	Server *httptest.Server
	Logs   *bottest.SyncBuffer
}

// DeskOptions choose what the desk is built over.
type DeskOptions struct {
	// Statements are copied into the data folder (nil: the fixture statement
	// only, so the bundled one can be imported as new).
	Statements fs.FS
	// Now is the desk's and the store's clock (nil: the real one).
	Now func() time.Time
}

// NewDesk builds and serves the desk; everything is closed when the test ends.
func NewDesk(t testing.TB, o DeskOptions) *Desk {
	t.Helper()
	h := &Desk{Logs: &bottest.SyncBuffer{}}
	if o.Statements == nil {
		o.Statements = bottest.FixtureOnly()
	}
	h.Data = bottest.DataDirFrom(t, o.Statements)
	db, err := store.Open(context.Background(), t.TempDir()+"/briefbot.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if o.Now != nil {
		db.Now = o.Now
	}
	h.Store = db
	AddCurator(t, db, Curator, CuratorPassword)
	log := slog.New(slog.NewTextHandler(h.Logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h.Desk, err = desk.New(desk.Config{DataDir: h.Data, Store: db, Messages: bottest.Messages(t), Logger: log, Now: o.Now,
		DefaultLang: summaries.EN, CacheDir: t.TempDir(), PasswordCost: desk.MinPasswordCost})
	if err != nil {
		t.Fatal(err)
	}
	h.Desk.Texts().OnMissing = func(lang summaries.Lang, id string, err error) {
		t.Errorf("desk text %q missing in %s: %v", id, lang, err)
	}
	mux := http.NewServeMux()
	mux.Handle(desk.Prefix, h.Desk.Handler())
	h.Server = httptest.NewServer(mux)
	t.Cleanup(h.Server.Close)
	return h
}

// AddCurator adds a curator to the store, with a hash of the least cost
// (tests sign in often; under the race detector bcrypt is slow).
func AddCurator(t testing.TB, db *store.SQLite, name, password string) {
	t.Helper()
	hash, err := desk.HashPassword(password, desk.MinPasswordCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SaveCurator(context.Background(), name, hash); err != nil {
		t.Fatal(err)
	}
}

// Browser is an HTTP client with its own cookies, as one curator's
// browser: it follows no redirect, so tests see where each answer points.
type Browser struct {
	t      testing.TB
	base   string
	client *http.Client
}

// Browser returns a new client of the desk with no cookies.
func (h *Desk) Browser(t testing.TB) *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{t: t, base: h.Server.URL, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// SignedIn returns a client signed in as Curator.
func (h *Desk) SignedIn(t testing.TB) *Browser {
	t.Helper()
	b := h.Browser(t)
	if res := b.SignIn(Curator, CuratorPassword); res.Status != http.StatusSeeOther {
		t.Fatalf("sign-in: %d\n%s", res.Status, res.Body)
	}
	return b
}

// Response is one answer of the desk.
type Response struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
}

// Get fetches a path of the desk.
func (b *Browser) Get(path string) Response {
	b.t.Helper()
	return b.do(http.MethodGet, path, "", nil)
}

// Post sends a form to a path of the desk.
func (b *Browser) Post(path string, form url.Values) Response {
	b.t.Helper()
	return b.do(http.MethodPost, path, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
}

// PostBody sends a body of any type.
func (b *Browser) PostBody(path, contentType string, body io.Reader) Response {
	b.t.Helper()
	return b.do(http.MethodPost, path, contentType, body)
}

func (b *Browser) do(method, path, contentType string, body io.Reader) Response {
	b.t.Helper()
	req, err := http.NewRequest(method, b.base+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return Response{Status: res.StatusCode, Body: string(data), Location: res.Header.Get("Location"), Header: res.Header}
}

// SignIn sends the sign-in form, with the CSRF token the sign-in page gives.
func (b *Browser) SignIn(name, password string) Response {
	b.t.Helper()
	page := b.Get(desk.Prefix + "signin")
	return b.Post(desk.Prefix+"signin", url.Values{"csrf": {FormValue(page.Body, "csrf")}, "name": {name}, "password": {password}})
}

// FormValue returns the value of the first input named name in a page.
func FormValue(page, name string) string {
	re := regexp.MustCompile(`<input[^>]*name="` + regexp.QuoteMeta(name) + `"[^>]*value="([^"]*)"`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// FormTextarea returns the text of the text area named name in a page.
func FormTextarea(page, name string) string {
	re := regexp.MustCompile(`(?s)<textarea name="` + regexp.QuoteMeta(name) + `"[^>]*>\n(.*?)</textarea>`)
	m := re.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}
