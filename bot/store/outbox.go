package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/summaries"
)

// Claim marks up to limit pending rows due by now as being sent and returns
// them, oldest due first. Only the holder of a live sender lease claims:
// the check is made in the same transaction, so a process whose lease
// lapsed claims nothing (ErrNotHolder).
func (s *SQLite) Claim(ctx context.Context, now time.Time, limit int) ([]schedule.Item, error) {
	var out []schedule.Item
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.holdsLease(ctx, tx); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET status = 'sending', attempts = attempts + 1
			WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY due_at, id LIMIT ?)
			RETURNING id, key, kind, chat, parent, thread, local_date, due_at, statements, lang, every_day, payload, attempts`, s.ms(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var it schedule.Item
			var due int64
			var list, lang, kind, payload string
			if err := rows.Scan(&it.ID, &it.Key, &kind, &it.Chat, &it.Parent, &it.Thread, &it.Date, &due, &list, &lang, &it.EveryDay, &payload, &it.Attempts); err != nil {
				return err
			}
			it.DueAt, it.Lang, it.Kind = fromMS(due), summaries.Lang(lang), schedule.Kind(kind)
			if err := errors.Join(json.Unmarshal([]byte(list), &it.Statements), json.Unmarshal([]byte(payload), &it.Payload)); err != nil {
				return fmt.Errorf("outbox row %d: %w", it.ID, err)
			}
			out = append(out, it)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("claiming briefings: %w", err)
	}
	slices.SortFunc(out, func(a, b schedule.Item) int { return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.ID, b.ID)) })
	return out, nil
}

// Sent marks a row sent: it will never be sent again.
func (s *SQLite) Sent(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE outbox SET status = 'sent', sent_at = ?, last_error = '' WHERE id = ?`, s.ms(at), id)
	if err != nil {
		return fmt.Errorf("marking briefing %d sent: %w", id, err)
	}
	return nil
}

// Retry returns a row to pending, to be tried again at at.
func (s *SQLite) Retry(ctx context.Context, id int64, at time.Time, reason string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE outbox SET status = 'pending', next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'sending'`,
		s.ms(at), reason, id)
	if err != nil {
		return fmt.Errorf("rescheduling briefing %d: %w", id, err)
	}
	return nil
}

// Failed marks a row failed for good.
func (s *SQLite) Failed(ctx context.Context, id int64, reason string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?`, reason, id)
	if err != nil {
		return fmt.Errorf("marking briefing %d failed: %w", id, err)
	}
	return nil
}

// OutboxCounts counts outbox rows by status (for tests and the shell).
func (s *SQLite) OutboxCounts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT status, count(*) FROM outbox GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}
