package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/summaries"
)

const subColumns = `chat, parent, thread, hour, minute, zone, lang, every_day, instant, next_due`

// scanSub reads subColumns, and into extra the columns selected after them.
func scanSub(row interface{ Scan(...any) error }, extra ...any) (schedule.Subscription, error) {
	var sub schedule.Subscription
	var lang string
	var due int64
	err := row.Scan(append([]any{&sub.Chat, &sub.Parent, &sub.Thread, &sub.Hour, &sub.Minute, &sub.Zone, &lang, &sub.EveryDay, &sub.Instant, &due}, extra...)...)
	sub.Lang, sub.NextDue = summaries.Lang(lang), fromMS(due)
	return sub, err
}

// Subscription returns the chat's active subscription.
func (s *SQLite) Subscription(ctx context.Context, chat string) (schedule.Subscription, bool, error) {
	sub, err := scanSub(s.db.QueryRowContext(ctx, `SELECT `+subColumns+` FROM subscriptions WHERE chat = ? AND ended_at IS NULL`, chat))
	if errors.Is(err, sql.ErrNoRows) {
		return sub, false, nil
	}
	if err != nil {
		return sub, false, fmt.Errorf("reading the subscription of %s: %w", chat, err)
	}
	return sub, true, nil
}

// SaveSubscription creates or replaces the chat's subscription.
func (s *SQLite) SaveSubscription(ctx context.Context, sub schedule.Subscription) error {
	now := s.ms(s.Now())
	_, err := s.db.ExecContext(ctx, `INSERT INTO subscriptions (chat, parent, thread, hour, minute, zone, lang, every_day, instant, next_due, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (chat) DO UPDATE SET parent = excluded.parent, thread = excluded.thread, hour = excluded.hour, minute = excluded.minute,
			zone = excluded.zone, lang = excluded.lang, every_day = excluded.every_day, instant = excluded.instant, next_due = excluded.next_due,
			updated_at = excluded.updated_at, ended_at = NULL, end_reason = NULL`,
		sub.Chat, sub.Parent, sub.Thread, sub.Hour, sub.Minute, sub.Zone, string(sub.Lang), sub.EveryDay, sub.Instant, s.ms(sub.NextDue), now, now)
	if err != nil {
		return fmt.Errorf("saving the subscription of %s: %w", sub.Chat, err)
	}
	return nil
}

// EndSubscription ends the chat's subscription; false when it had none.
func (s *SQLite) EndSubscription(ctx context.Context, chat, reason string) (bool, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE subscriptions SET ended_at = ?, end_reason = ? WHERE chat = ? AND ended_at IS NULL`,
		s.ms(s.Now()), reason, chat)
	if err != nil {
		return false, fmt.Errorf("ending the subscription of %s: %w", chat, err)
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// Received lists the statements the chat has had in a schedule.
func (s *SQLite) Received(ctx context.Context, chat string) (map[string]bool, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT statement FROM received WHERE chat = ?`, chat)
	if err != nil {
		return nil, fmt.Errorf("reading what %s received: %w", chat, err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// outboxKey is a briefing's unique key: one per chat and local date.
func outboxKey(chat, date string) string { return chat + "|" + date }

// HasBriefing reports whether the outbox holds the chat's briefing for the
// local date (YYYY-MM-DD), whatever its state: the scheduler writes no
// other for that day.
func (s *SQLite) HasBriefing(ctx context.Context, chat, date string) (bool, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE key = ?`, outboxKey(chat, date)).Scan(&n); err != nil {
		return false, fmt.Errorf("reading the briefing of %s for %s: %w", chat, date, err)
	}
	return n > 0, nil
}

// DueSubscriptions lists active subscriptions due at or before now, the
// longest overdue first.
func (s *SQLite) DueSubscriptions(ctx context.Context, now time.Time, limit int) ([]schedule.Subscription, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+subColumns+` FROM subscriptions
		WHERE ended_at IS NULL AND next_due <= ? ORDER BY next_due, chat LIMIT ?`, s.ms(now), limit)
	if err != nil {
		return nil, fmt.Errorf("listing due subscriptions: %w", err)
	}
	defer rows.Close()
	var out []schedule.Subscription
	for rows.Next() {
		sub, err := scanSub(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// unreceived picks what the chat's briefing carries (schedule.Carries);
// received is the prepared query of what a chat received.
func unreceived(ctx context.Context, received *sql.Stmt, chat string, candidates []string, max int) ([]string, error) {
	rows, err := received.QueryContext(ctx, chat)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		have[id] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return schedule.Carries(candidates, func(id string) bool { return have[id] }, max), nil
}

// Enqueue writes due briefings to the outbox in one transaction: for each,
// what it carries (schedule.Carries over candidates), the row under its
// (chat, local date) key, those statements as received, and the
// subscription moved to its next time. A subscription that changed since it
// was read gets nothing written (schedule.Changed).
func (s *SQLite) Enqueue(ctx context.Context, due []schedule.Due, candidates []string, max int) ([]schedule.Outcome, error) {
	out := make([]schedule.Outcome, len(due))
	if len(due) == 0 {
		return out, nil
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		stmts := map[string]*sql.Stmt{}
		for name, q := range map[string]string{
			"due":  `SELECT next_due FROM subscriptions WHERE chat = ? AND ended_at IS NULL`,
			"move": `UPDATE subscriptions SET next_due = ? WHERE chat = ?`,
			"have": `SELECT statement FROM received WHERE chat = ?`,
			"add": `INSERT INTO outbox (key, chat, parent, thread, local_date, due_at, statements, lang, every_day, status, next_attempt_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (key) DO NOTHING`,
			"got": `INSERT INTO received (chat, statement, outbox_key, received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		} {
			st, err := tx.PrepareContext(ctx, q)
			if err != nil {
				return err
			}
			defer st.Close()
			stmts[name] = st
		}
		now := s.ms(s.Now())
		for i, d := range due {
			o, err := s.enqueueOne(ctx, stmts, d, candidates, max, now)
			if err != nil {
				return fmt.Errorf("the briefing of %s for %s: %w", d.Sub.Chat, d.Date, err)
			}
			out[i] = o
		}
		return nil
	})
	return out, err
}

func (s *SQLite) enqueueOne(ctx context.Context, st map[string]*sql.Stmt, d schedule.Due, candidates []string, max int, now int64) (schedule.Outcome, error) {
	sub := d.Sub
	var due int64
	err := st["due"].QueryRowContext(ctx, sub.Chat).Scan(&due)
	if errors.Is(err, sql.ErrNoRows) || err == nil && due != s.ms(sub.NextDue) {
		return schedule.Changed, nil
	}
	if err != nil {
		return 0, err
	}
	move := func(o schedule.Outcome) (schedule.Outcome, error) {
		_, err := st["move"].ExecContext(ctx, s.ms(d.Next), sub.Chat)
		return o, err
	}
	ids, err := unreceived(ctx, st["have"], sub.Chat, candidates, max)
	if err != nil {
		return 0, err
	}
	if len(ids) == 0 && !sub.EveryDay {
		return move(schedule.NothingNew)
	}
	key := outboxKey(sub.Chat, d.Date)
	list, _ := json.Marshal(ids)
	res, err := st["add"].ExecContext(ctx, key, sub.Chat, sub.Parent, sub.Thread, d.Date, s.ms(sub.NextDue), string(list), string(sub.Lang), sub.EveryDay, s.ms(sub.NextDue), now)
	if err != nil {
		return 0, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return move(schedule.Duplicate)
	}
	for _, id := range ids {
		if _, err := st["got"].ExecContext(ctx, sub.Chat, id, key, now); err != nil {
			return 0, err
		}
	}
	return move(schedule.Enqueued)
}

// Reschedule moves a subscription still due at was to next.
func (s *SQLite) Reschedule(ctx context.Context, chat string, was, next time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE subscriptions SET next_due = ? WHERE chat = ? AND next_due = ? AND ended_at IS NULL`,
		s.ms(next), chat, s.ms(was))
	if err != nil {
		return fmt.Errorf("rescheduling %s: %w", chat, err)
	}
	return nil
}
