package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // pure Go: the binary stays static (CGO_ENABLED=0)

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

//go:embed migrations/*.sql
var migrations embed.FS

// SQLite is the store on an embedded SQLite database (modernc.org/sqlite):
// write-ahead logging, numbered migrations applied at open, each in its
// own transaction, and the sender lease (lease.go) that keeps two
// processes on one database from both sending.
type SQLite struct {
	db *sql.DB
	// Now is the store's clock (injectable for tests); the lease's
	// expiry is read on it, so processes sharing a database must share a
	// clock (one machine).
	Now    func() time.Time
	holder atomic.Pointer[string] // the lease owner this process holds as, if any
}

var (
	_ bot.Settings      = (*SQLite)(nil)
	_ bot.ChatStates    = (*SQLite)(nil)
	_ bot.Subscriptions = (*SQLite)(nil)
)

// Open opens (creating if needed) the database at file, a file path (not
// a URI: '#', '%' and '?' are characters of its name), and migrates it. A
// database written by a newer release is refused, untouched. ":memory:"
// gives a private in-memory database.
func Open(ctx context.Context, file string) (*SQLite, error) {
	dsn, err := dsnOf(file, "busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(ON)")
	if err != nil {
		return nil, err
	}
	// Writers take the lock up front: no deadlocked upgrades.
	db, err := sql.Open("sqlite", dsn+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", file, err)
	}
	if file == ":memory:" {
		db.SetMaxOpenConns(1) // every connection would be its own database
	} else {
		db.SetMaxOpenConns(8)
	}
	s := &SQLite{db: db, Now: time.Now}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// dsnOf is the connection string of the database at file with pragmas.
func dsnOf(file string, pragmas ...string) (string, error) {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if file == ":memory:" {
		return "file::memory:?" + q.Encode(), nil
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", fmt.Errorf("opening %s: %w", file, err)
	}
	// SQLite reads a URI: percent-escape the path, so that nothing in
	// the name is taken for a query, a fragment or an escape.
	return "file://" + (&url.URL{Path: filepath.ToSlash(abs)}).EscapedPath() + "?" + q.Encode(), nil
}

// Close closes the database.
func (s *SQLite) Close() error { return s.db.Close() }

// ErrNewerSchema is Open's answer to a database written by a newer release.
var ErrNewerSchema = errors.New("use a newer briefbot")

// migrate applies the migrations not applied yet, in order, each in a
// transaction together with its record in schema_migrations. It first
// refuses a database whose schema is newer than the migrations it knows.
func (s *SQLite) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	names, versions, err := migrationFiles()
	if err != nil {
		return err
	}
	known := slices.Max(versions)
	var have int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("reading the schema version: %w", err)
	}
	if have > known {
		return fmt.Errorf("schema version %d is newer than this release supports (%d); %w", have, known, ErrNewerSchema)
	}
	for i, name := range names {
		v := versions[i]
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, v).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, s.ms(s.Now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// migrationFiles are the embedded migrations in order, with their numbers.
func migrationFiles() (names []string, versions []int, err error) {
	names, err = fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, nil, err
	}
	slices.Sort(names)
	versions = make([]int, len(names))
	for i, name := range names {
		if versions[i], err = strconv.Atoi(strings.SplitN(path.Base(name), "_", 2)[0]); err != nil {
			return nil, nil, fmt.Errorf("migration %s: the name must start with its number", name)
		}
	}
	return names, versions, nil
}

// knownVersion is the schema version of this release: its last migration.
func knownVersion() (int, error) {
	_, versions, err := migrationFiles()
	if err != nil {
		return 0, err
	}
	return slices.Max(versions), nil
}

// tx runs fn in a transaction, committing when it returns nil.
func (s *SQLite) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func (s *SQLite) ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// ChatSettings returns a chat's settings; an unknown chat has none.
func (s *SQLite) ChatSettings(ctx context.Context, chat string) (bot.ChatSettings, error) {
	var cs bot.ChatSettings
	var lang, digits string
	err := s.db.QueryRowContext(ctx, `SELECT lang, digits, private FROM chat_settings WHERE chat = ?`, chat).Scan(&lang, &digits, &cs.Private)
	if errors.Is(err, sql.ErrNoRows) {
		return cs, nil
	}
	if err != nil {
		return cs, fmt.Errorf("reading settings of %s: %w", chat, err)
	}
	cs.Lang, cs.Digits = summaries.Lang(lang), bot.Digits(digits)
	return cs, nil
}

// SaveChatSettings replaces a chat's settings.
func (s *SQLite) SaveChatSettings(ctx context.Context, chat string, cs bot.ChatSettings) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO chat_settings (chat, lang, digits, private, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (chat) DO UPDATE SET lang = excluded.lang, digits = excluded.digits, private = excluded.private, updated_at = excluded.updated_at`,
		chat, string(cs.Lang), string(cs.Digits), cs.Private, s.ms(s.Now()))
	if err != nil {
		return fmt.Errorf("saving settings of %s: %w", chat, err)
	}
	return nil
}

// MarkInactive records that the bot can no longer write to chat; changed is
// false when it was already recorded (the caller logs once).
func (s *SQLite) MarkInactive(ctx context.Context, chat, reason string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO chat_states (chat, inactive_at, reason) VALUES (?, ?, ?) ON CONFLICT (chat) DO NOTHING`,
		chat, s.ms(s.Now()), reason)
	if err != nil {
		return false, fmt.Errorf("marking %s inactive: %w", chat, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Inactive reports whether chat was marked inactive, and why.
func (s *SQLite) Inactive(ctx context.Context, chat string) (string, bool, error) {
	var reason string
	err := s.db.QueryRowContext(ctx, `SELECT reason FROM chat_states WHERE chat = ?`, chat).Scan(&reason)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return reason, err == nil, err
}

// MoveChat moves everything the store keeps about a chat to its new key (a
// Telegram group upgraded to a supergroup): settings, subscription, what it
// received and its pending briefings.
func (s *SQLite) MoveChat(ctx context.Context, from, to string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`UPDATE OR REPLACE chat_settings SET chat = ? WHERE chat = ?`,
			`UPDATE OR REPLACE subscriptions SET chat = ? WHERE chat = ?`,
			`UPDATE OR REPLACE received SET chat = ? WHERE chat = ?`,
			`UPDATE outbox SET chat = ? WHERE chat = ? AND status IN ('pending', 'sending')`,
		} {
			if _, err := tx.ExecContext(ctx, q, to, from); err != nil {
				return fmt.Errorf("moving %s to %s: %w", from, to, err)
			}
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM chat_states WHERE chat = ?`, to)
		return err
	})
}
