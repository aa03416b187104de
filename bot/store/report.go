package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
)

// OpenReadOnly opens the database at file (a path, as for Open) for the
// operator's reports, while a bot may be running on it: SQLite's read-only
// mode, so nothing is written, and write-ahead logging, so that reading
// never blocks the bot's writes nor waits on them. A file that does not
// exist is an error (Open would create it), and so is a schema other than
// this release's: the reports read its tables as they are now.
func OpenReadOnly(ctx context.Context, file string) (*SQLite, error) {
	if _, err := os.Stat(file); err != nil {
		return nil, fmt.Errorf("no database: %w", err)
	}
	dsn, err := dsnOf(file, "busy_timeout(10000)", "query_only(1)")
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn+"&mode=ro")
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", file, err)
	}
	db.SetMaxOpenConns(2)
	s := &SQLite{db: db, Now: time.Now}
	if err := s.checkSchema(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// checkSchema refuses a database whose schema is not this release's.
func (s *SQLite) checkSchema(ctx context.Context) error {
	known, err := knownVersion()
	if err != nil {
		return err
	}
	var have int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&have); err != nil {
		return fmt.Errorf("reading the schema version (is it a briefbot database?): %w", err)
	}
	switch {
	case have > known:
		return fmt.Errorf("schema version %d is newer than this release supports (%d); %w", have, known, ErrNewerSchema)
	case have < known:
		return fmt.Errorf("schema version %d is older than this release's (%d): start this release's bot on it once to migrate it", have, known)
	}
	return nil
}

// Ping checks that the database answers: a query that reads the file.
func (s *SQLite) Ping(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return fmt.Errorf("the database does not answer: %w", err)
	}
	return nil
}

// OutboxPending counts the outbox rows waiting to be sent, those waiting
// for a retry included (not the ones being sent). The count reads the
// index of pending rows alone.
func (s *SQLite) OutboxPending(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE status = 'pending'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting the outbox: %w", err)
	}
	return n, nil
}

// OutboxRow is one outbox row as the operator's report shows it.
type OutboxRow struct {
	ID        int64
	Kind      schedule.Kind
	Chat      string
	Thread    string
	Date      string // the local date of a briefing
	DueAt     time.Time
	Status    string // pending, sending, sent or failed
	Attempts  int
	NextTry   time.Time // when a pending row is tried next
	LastError string    // why the last attempt failed ("" when none did)
	Created   time.Time
	SentAt    time.Time // zero unless sent
}

// Outbox statuses, as the database stores them.
const (
	StatusPending = "pending"
	StatusSending = "sending"
	StatusSent    = "sent"
	StatusFailed  = "failed"
)

const outboxColumns = `o.id, o.kind, o.chat, o.thread, o.local_date, o.due_at, o.status, o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.sent_at`

func scanOutboxRow(row interface{ Scan(...any) error }) (OutboxRow, error) {
	var r OutboxRow
	var kind string
	var due, next, created int64
	var sent sql.NullInt64
	err := row.Scan(&r.ID, &kind, &r.Chat, &r.Thread, &r.Date, &due, &r.Status, &r.Attempts, &next, &r.LastError, &created, &sent)
	r.Kind, r.DueAt, r.NextTry, r.Created = schedule.Kind(kind), fromMS(due), fromMS(next), fromMS(created)
	if sent.Valid {
		r.SentAt = fromMS(sent.Int64)
	}
	return r, err
}

// OutboxRows lists the outbox rows in the statuses given (all but sent
// when none is), oldest due first.
func (s *SQLite) OutboxRows(ctx context.Context, statuses ...string) ([]OutboxRow, error) {
	if len(statuses) == 0 {
		statuses = []string{StatusPending, StatusSending, StatusFailed}
	}
	args := make([]any, len(statuses))
	for i, st := range statuses {
		args[i] = st
	}
	q := `SELECT ` + outboxColumns + ` FROM outbox o WHERE o.status IN (?` + strings.Repeat(", ?", len(statuses)-1) + `) ORDER BY o.due_at, o.id`
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("listing the outbox: %w", err)
	}
	defer rows.Close()
	out := []OutboxRow{}
	for rows.Next() {
		r, err := scanOutboxRow(rows)
		if err != nil {
			return nil, fmt.Errorf("listing the outbox: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SubscriptionRow is one subscription as the operator's report shows it,
// ended ones included, with the chat's latest outbox row.
type SubscriptionRow struct {
	schedule.Subscription
	Ended     time.Time // zero while it is active
	EndReason string
	Inactive  string     // why the bot can no longer write to the chat ("" when it can)
	Last      *OutboxRow // the chat's latest delivery of any kind; nil when none
}

// SubscriptionRows lists every subscription, active ones first, each with
// the latest outbox row of its chat, read in one snapshot of the database.
// One pass over the outbox finds the latest rows of all chats.
func (s *SQLite) SubscriptionRows(ctx context.Context) ([]SubscriptionRow, error) {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("listing subscriptions: %w", err)
	}
	defer tx.Rollback()
	last, err := latestRows(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("listing subscriptions: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+subColumns+`, ended_at, coalesce(end_reason, ''),
			coalesce((SELECT reason FROM chat_states cs WHERE cs.chat = subscriptions.chat), '')
		FROM subscriptions ORDER BY ended_at IS NOT NULL, chat`)
	if err != nil {
		return nil, fmt.Errorf("listing subscriptions: %w", err)
	}
	defer rows.Close()
	out := []SubscriptionRow{}
	for rows.Next() {
		var r SubscriptionRow
		var ended sql.NullInt64
		r.Subscription, err = scanSub(rows, &ended, &r.EndReason, &r.Inactive)
		if err != nil {
			return nil, fmt.Errorf("listing subscriptions: %w", err)
		}
		if ended.Valid {
			r.Ended = fromMS(ended.Int64)
		}
		if l, ok := last[r.Chat]; ok {
			r.Last = &l
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing subscriptions: %w", err)
	}
	return out, nil
}

// latestRows is the latest outbox row of each chat.
func latestRows(ctx context.Context, tx *sql.Tx) (map[string]OutboxRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox o
		JOIN (SELECT max(id) AS id FROM outbox GROUP BY chat) l ON o.id = l.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]OutboxRow{}
	for rows.Next() {
		r, err := scanOutboxRow(rows)
		if err != nil {
			return nil, err
		}
		out[r.Chat] = r
	}
	return out, rows.Err()
}
