// Package desk is the curators' desk: a small web application, served by
// the bot itself, where curators paste a statement's text, keep the figures
// the import assistant found, write the summaries, see every problem
// validation finds next to its field, preview exactly what Telegram,
// Discord and console readers get in both languages, and publish into
// BRIEFBOT_DATA, which live reload then serves.
//
// It is an adapter like the others: pages are server-rendered html/template
// over summaries (Load validates, as `briefbot validate` does), the import
// assistant (summaries/draft) and the platforms' own renderers. Sessions,
// drafts and the history of changes live in the store (see records).
package desk

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/desk/records"
	"github.com/briefbot/briefbot/summaries"
)

//go:embed templates/*.html static/* locales/*.yaml
var assets embed.FS

// Curators reads the curators' password hashes.
type Curators interface {
	PasswordHash(ctx context.Context, name string) (string, error)
}

// Sessions keeps signed-in curators.
type Sessions interface {
	CreateSession(ctx context.Context, s records.Session) error
	Session(ctx context.Context, tokenHash string) (records.Session, error)
	DeleteSession(ctx context.Context, tokenHash string) error
}

// Drafts keeps statements being written, with their versions.
type Drafts interface {
	Draft(ctx context.Context, statement string) (records.Draft, error)
	Drafts(ctx context.Context) ([]records.Draft, error)
	SaveDraft(ctx context.Context, d records.Draft, base int) (int, error)
	DeleteDraft(ctx context.Context, statement string, base int) error
}

// History records who changed what, and when.
type History interface {
	AddChange(ctx context.Context, c records.Change) error
	Changes(ctx context.Context, statement string, limit int) ([]records.Change, error)
}

// Store is everything the desk keeps (bot/store's SQLite implements it).
type Store interface {
	Curators
	Sessions
	Drafts
	History
}

// Config wires the desk. DataDir, Store and Messages are required.
type Config struct {
	// DataDir is BRIEFBOT_DATA: the folder the desk publishes into.
	DataDir string
	Store   Store
	// Messages are the bot's catalogs, for the previews' replies.
	Messages *bot.Messages
	// DefaultLang is the interface language when the browser asks for
	// neither, and the language of the bot's replies by default.
	DefaultLang summaries.Lang
	Logger      *slog.Logger
	// Now is the clock (sessions, history, the briefing's date).
	Now func() time.Time
	// SessionTTL is how long a sign-in lasts (default 12 hours).
	SessionTTL time.Duration
	// PasswordCost is the bcrypt cost the curators' hashes were made with
	// (default DefaultPasswordCost): an unknown name is refused after a
	// comparison that takes as long.
	PasswordCost int
	// CacheDir, when set, keeps the desk's cache of checked statements
	// (summaries.LoadOptions.CacheDir), so that a page validates the folder
	// parsing only the files that changed. Its own folder: the desk's loads
	// include candidates that are not published.
	CacheDir string
}

// Desk serves the curators' pages under Prefix.
type Desk struct {
	cfg      Config
	log      *slog.Logger
	now      func() time.Time
	texts    *bot.Messages
	pages    map[string]*template.Template
	static   fs.FS
	failures *failures
	// dummyHash is what an unknown name's password is compared with.
	dummyHash []byte
	// mu makes a save's version check and its write one step: two curators
	// saving the same statement at once cannot both pass the check.
	mu sync.Mutex
}

// Prefix is where the desk is served.
const Prefix = "/desk/"

// DefaultSessionTTL is how long a sign-in lasts.
const DefaultSessionTTL = 12 * time.Hour

// New checks the configuration and parses the pages and catalogs.
func New(cfg Config) (*Desk, error) {
	switch {
	case cfg.DataDir == "":
		return nil, errors.New("the desk needs BRIEFBOT_DATA, the folder it publishes into")
	case cfg.Store == nil || cfg.Messages == nil:
		return nil, errors.New("the desk needs a store and the bot's messages")
	}
	if info, err := os.Stat(cfg.DataDir); err != nil {
		return nil, fmt.Errorf("BRIEFBOT_DATA: %w", err)
	} else if !info.IsDir() {
		return nil, fmt.Errorf("BRIEFBOT_DATA=%s is not a folder", cfg.DataDir)
	}
	if cfg.DefaultLang == "" {
		cfg.DefaultLang = summaries.AR
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	if cfg.PasswordCost < MinPasswordCost {
		cfg.PasswordCost = DefaultPasswordCost
	}
	d := &Desk{cfg: cfg, log: cfg.Logger, now: cfg.Now}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	d.log = d.log.With("component", "desk")
	if d.now == nil {
		d.now = time.Now
	}
	var err error
	if d.texts, err = bot.LoadMessagesFS(assets); err != nil {
		return nil, fmt.Errorf("desk catalogs: %w", err)
	}
	d.texts.OnMissing = func(lang summaries.Lang, id string, err error) {
		d.log.Error("desk text missing from catalog", "lang", lang, "id", id, "err", err)
	}
	if d.pages, err = parsePages(); err != nil {
		return nil, err
	}
	if d.static, err = fs.Sub(assets, "static"); err != nil {
		return nil, err
	}
	d.failures = newFailures(d.now)
	d.dummyHash = newDummyHash(cfg.PasswordCost)
	return d, nil
}

// Texts returns the desk's catalogs, for tests that check every text
// exists in both languages.
func (d *Desk) Texts() *bot.Messages { return d.texts }

// Handler serves every page of the desk under Prefix. Everything but the
// sign-in page and the static files needs a session; every form carries
// the session's CSRF token; every response carries a Content-Security-Policy
// that allows no inline script.
func (d *Desk) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /desk/static/", http.StripPrefix("/desk/static/", d.staticFiles()))
	mux.HandleFunc("GET /desk/signin", d.signinPage)
	mux.HandleFunc("POST /desk/signin", d.signin)
	mux.HandleFunc("GET /desk/lang", d.switchLang)

	auth := func(h func(http.ResponseWriter, *http.Request, *request)) http.Handler { return d.session(h) }
	mux.Handle("POST /desk/signout", auth(d.signout))
	mux.Handle("GET /desk/{$}", auth(d.listPage))
	mux.Handle("GET /desk/new", auth(d.newPage))
	mux.Handle("POST /desk/new", auth(d.create))
	mux.Handle("GET /desk/s/{id}", auth(d.editPage))
	mux.Handle("POST /desk/s/{id}", auth(d.save))
	mux.Handle("GET /desk/s/{id}/current", auth(d.currentPage))
	mux.Handle("POST /desk/s/{id}/discard", auth(d.discard))
	mux.Handle("GET /desk/s/{id}/preview", auth(d.previewPage))
	mux.Handle("GET /desk/s/{id}/preview/telegram", auth(d.telegramFrame))
	mux.Handle("/desk/", auth(d.notFound))
	return d.secure(http.NewCrossOriginProtection().Handler(mux))
}
