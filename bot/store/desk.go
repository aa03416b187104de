package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/briefbot/briefbot/bot/desk/records"
)

// SaveCurator adds a curator with a password hash, or replaces the hash of
// one that exists (a password reset); created says which.
func (s *SQLite) SaveCurator(ctx context.Context, name, passwordHash string) (created bool, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		now := s.ms(s.Now())
		res, err := tx.ExecContext(ctx, `UPDATE desk_curators SET password_hash = ?, updated_at = ? WHERE name = ?`, passwordHash, now, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n > 0 {
			// A new password ends the curator's sessions.
			_, err := tx.ExecContext(ctx, `DELETE FROM desk_sessions WHERE curator = ?`, name)
			return err
		}
		created = true
		_, err = tx.ExecContext(ctx, `INSERT INTO desk_curators (name, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?)`,
			name, passwordHash, now, now)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("saving curator %s: %w", name, err)
	}
	return created, nil
}

// DeleteCurator removes a curator and their sessions; false when there was
// none of that name.
func (s *SQLite) DeleteCurator(ctx context.Context, name string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM desk_curators WHERE name = ?`, name)
	if err != nil {
		return false, fmt.Errorf("deleting curator %s: %w", name, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// CountCurators says how many curators there are: the desk is served only
// when there is one.
func (s *SQLite) CountCurators(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM desk_curators`).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting curators: %w", err)
	}
	return n, nil
}

// PasswordHash returns a curator's password hash, records.ErrNotFound when
// there is no such curator.
func (s *SQLite) PasswordHash(ctx context.Context, name string) (string, error) {
	var h string
	err := s.db.QueryRowContext(ctx, `SELECT password_hash FROM desk_curators WHERE name = ?`, name).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", records.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("reading curator %s: %w", name, err)
	}
	return h, nil
}

// CreateSession stores a new session, and drops the sessions that expired.
func (s *SQLite) CreateSession(ctx context.Context, sess records.Session) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM desk_sessions WHERE expires_at <= ?`, s.ms(s.Now())); err != nil {
			return fmt.Errorf("dropping expired sessions: %w", err)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO desk_sessions (token_hash, curator, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			sess.TokenHash, sess.Curator, sess.CSRF, s.ms(sess.Created), s.ms(sess.Expires))
		if err != nil {
			return fmt.Errorf("creating a session for %s: %w", sess.Curator, err)
		}
		return nil
	})
}

// Session returns the session with this token hash, records.ErrNotFound
// when there is none or it has expired.
func (s *SQLite) Session(ctx context.Context, tokenHash string) (records.Session, error) {
	sess := records.Session{TokenHash: tokenHash}
	var created, expires int64
	err := s.db.QueryRowContext(ctx, `SELECT curator, csrf, created_at, expires_at FROM desk_sessions WHERE token_hash = ? AND expires_at > ?`,
		tokenHash, s.ms(s.Now())).Scan(&sess.Curator, &sess.CSRF, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, records.ErrNotFound
	}
	if err != nil {
		return sess, fmt.Errorf("reading a session: %w", err)
	}
	sess.Created, sess.Expires = fromMS(created), fromMS(expires)
	return sess, nil
}

// DeleteSession ends a session (signing out).
func (s *SQLite) DeleteSession(ctx context.Context, tokenHash string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM desk_sessions WHERE token_hash = ?`, tokenHash); err != nil {
		return fmt.Errorf("ending a session: %w", err)
	}
	return nil
}

const draftColumns = `statement, path, yaml, source_path, source, version, updated_by, updated_at`

func scanDraft(row interface{ Scan(...any) error }) (records.Draft, error) {
	var d records.Draft
	var at int64
	err := row.Scan(&d.Statement, &d.Path, &d.YAML, &d.SourcePath, &d.Source, &d.Version, &d.UpdatedBy, &at)
	d.Updated = fromMS(at)
	return d, err
}

// Draft returns the draft of a statement, records.ErrNotFound when it has none.
func (s *SQLite) Draft(ctx context.Context, statement string) (records.Draft, error) {
	d, err := scanDraft(s.db.QueryRowContext(ctx, `SELECT `+draftColumns+` FROM desk_drafts WHERE statement = ?`, statement))
	if errors.Is(err, sql.ErrNoRows) {
		return d, records.ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("reading the draft of %s: %w", statement, err)
	}
	return d, nil
}

// Drafts returns every draft, by statement id.
func (s *SQLite) Drafts(ctx context.Context) ([]records.Draft, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+draftColumns+` FROM desk_drafts ORDER BY statement`)
	if err != nil {
		return nil, fmt.Errorf("listing drafts: %w", err)
	}
	defer rows.Close()
	var out []records.Draft
	for rows.Next() {
		d, err := scanDraft(rows)
		if err != nil {
			return nil, fmt.Errorf("listing drafts: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// SaveDraft saves d over version base (0: there is no draft yet) and
// returns its new version. When the latest version is not base, nothing is
// saved and the error is records.ErrConflict.
func (s *SQLite) SaveDraft(ctx context.Context, d records.Draft, base int) (int, error) {
	var res sql.Result
	var err error
	at := s.ms(d.Updated)
	if base == 0 {
		res, err = s.db.ExecContext(ctx, `INSERT INTO desk_drafts (`+draftColumns+`) VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (statement) DO NOTHING`,
			d.Statement, d.Path, d.YAML, d.SourcePath, d.Source, d.UpdatedBy, at)
	} else {
		res, err = s.db.ExecContext(ctx, `UPDATE desk_drafts SET path = ?, yaml = ?, source_path = ?, source = ?, version = version + 1, updated_by = ?, updated_at = ?
			WHERE statement = ? AND version = ?`, d.Path, d.YAML, d.SourcePath, d.Source, d.UpdatedBy, at, d.Statement, base)
	}
	if err != nil {
		return 0, fmt.Errorf("saving the draft of %s: %w", d.Statement, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, records.ErrConflict
	}
	return base + 1, nil
}

// DeleteDraft removes a statement's draft at version base (published or
// discarded); records.ErrConflict when the latest version is another.
func (s *SQLite) DeleteDraft(ctx context.Context, statement string, base int) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM desk_drafts WHERE statement = ? AND version = ?`, statement, base)
	if err != nil {
		return fmt.Errorf("deleting the draft of %s: %w", statement, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return records.ErrConflict
	}
	return nil
}

// AddChange appends an entry to a statement's history.
func (s *SQLite) AddChange(ctx context.Context, c records.Change) error {
	fields, err := json.Marshal(c.Fields)
	if err != nil {
		return err
	}
	if c.Fields == nil {
		fields = []byte("[]")
	}
	_, err = s.db.ExecContext(ctx, `INSERT INTO desk_history (statement, curator, action, fields, at) VALUES (?, ?, ?, ?, ?)`,
		c.Statement, c.Curator, c.Action, string(fields), s.ms(c.At))
	if err != nil {
		return fmt.Errorf("recording a change of %s: %w", c.Statement, err)
	}
	return nil
}

// Changes returns a statement's history, newest first, at most limit entries.
func (s *SQLite) Changes(ctx context.Context, statement string, limit int) ([]records.Change, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT curator, action, fields, at FROM desk_history WHERE statement = ? ORDER BY at DESC, id DESC LIMIT ?`,
		statement, limit)
	if err != nil {
		return nil, fmt.Errorf("reading the history of %s: %w", statement, err)
	}
	defer rows.Close()
	var out []records.Change
	for rows.Next() {
		c := records.Change{Statement: statement}
		var fields string
		var at int64
		if err := rows.Scan(&c.Curator, &c.Action, &fields, &at); err != nil {
			return nil, fmt.Errorf("reading the history of %s: %w", statement, err)
		}
		if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
			return nil, fmt.Errorf("reading the history of %s: %w", statement, err)
		}
		c.At = fromMS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}
