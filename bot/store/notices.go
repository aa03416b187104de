package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
)

// insertNotice writes one notice row; a key written before writes nothing.
const insertNotice = `INSERT INTO outbox (key, kind, chat, parent, thread, local_date, due_at, statements, lang, every_day, payload, status, next_attempt_at, created_at)
	VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, 0, ?, 'pending', ?, ?) ON CONFLICT (key) DO NOTHING`

// notice is one notice row to write.
type notice struct {
	key, chat, parent, lang string
	thread                  string // the subscription's topic: notices go where its briefings go
	kind                    schedule.Kind
	statements              []string
	payload                 string // a schedule.Payload as JSON, encoded once for every chat
	due                     time.Time
}

// payloadJSON encodes what a notice says.
func payloadJSON(p schedule.Payload) (string, error) {
	b, err := json.Marshal(p)
	return string(b), err
}

// addNotice writes n with the prepared insertNotice; it reports whether a
// row was written.
func (s *SQLite) addNotice(ctx context.Context, st *sql.Stmt, n notice, now int64) (bool, error) {
	list, _ := json.Marshal(n.statements)
	if n.statements == nil {
		list = []byte("[]")
	}
	if n.payload == "" {
		n.payload = "{}"
	}
	due := s.ms(n.due)
	res, err := st.ExecContext(ctx, n.key, string(n.kind), n.chat, n.parent, n.thread, due, string(list), n.lang, n.payload, due, now)
	if err != nil {
		return false, fmt.Errorf("writing %s: %w", n.key, err)
	}
	k, _ := res.RowsAffected()
	return k > 0, nil
}

// recipient is a chat a notice goes to, with what its subscription says.
type recipient struct{ chat, parent, thread, lang string }

// recipients runs q (rows of chat, parent, thread, lang) and collects them before
// anything else is written in the transaction.
func recipients(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]recipient, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recipient
	for rows.Next() {
		var r recipient
		if err := rows.Scan(&r.chat, &r.parent, &r.thread, &r.lang); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Who a reload's notices go to: a correction to every chat that received
// the statement and can still be written to (a chat that unsubscribed is
// still owed the correction of what it was sent); a new statement to every
// instant subscriber.
const (
	receiversOf = `SELECT r.chat, coalesce(s.parent, ''), coalesce(s.thread, ''), coalesce(s.lang, '') FROM received r
		LEFT JOIN subscriptions s ON s.chat = r.chat
		WHERE r.statement = ? AND NOT EXISTS (SELECT 1 FROM chat_states c WHERE c.chat = r.chat)
		ORDER BY r.chat`
	instantSubscribers = `SELECT chat, parent, thread, lang FROM subscriptions WHERE instant = 1 AND ended_at IS NULL ORDER BY chat`
)

// EnqueueReload writes, in one transaction, everything an accepted reload
// tells chats: a correction of each corrected statement to every chat that
// received it; each new statement to every instant subscriber that has not
// had it, recorded as received so no briefing repeats it; and it cancels
// the admin notices still waiting, whose refusal the reload ended. Keys
// make each row unique, so writing the same reload twice adds nothing.
func (s *SQLite) EnqueueReload(ctx context.Context, r schedule.Reload) (schedule.ReloadOutcome, error) {
	var out schedule.ReloadOutcome
	err := s.tx(ctx, func(tx *sql.Tx) error {
		out = schedule.ReloadOutcome{}
		if !r.Reconciled {
			res, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE kind = 'admin' AND status = 'pending'`)
			if err != nil {
				return fmt.Errorf("cancelling admin notices: %w", err)
			}
			n, _ := res.RowsAffected()
			out.Cancelled = int(n)
		}
		add, err := tx.PrepareContext(ctx, insertNotice)
		if err != nil {
			return err
		}
		defer add.Close()
		now := s.ms(s.Now())
		for _, c := range r.Corrections {
			to, err := recipients(ctx, tx, receiversOf, c.Statement)
			if err != nil {
				return fmt.Errorf("who received %s: %w", c.Statement, err)
			}
			payload, err := payloadJSON(schedule.Payload{Correction: &c})
			if err != nil {
				return err
			}
			for _, rc := range to {
				ok, err := s.addNotice(ctx, add, notice{key: schedule.CorrectionKey(rc.chat, c, r.At), kind: schedule.KindCorrection,
					chat: rc.chat, parent: rc.parent, thread: rc.thread, lang: rc.lang, payload: payload, due: r.At}, now)
				if err != nil {
					return err
				}
				if ok {
					out.Corrections++
				}
			}
		}
		if err := serve(ctx, tx, r); err != nil {
			return err
		}
		if len(r.Published) == 0 {
			return nil
		}
		subs, err := recipients(ctx, tx, instantSubscribers)
		if err != nil {
			return fmt.Errorf("listing instant subscribers: %w", err)
		}
		got, err := tx.PrepareContext(ctx, `INSERT INTO received (chat, statement, outbox_key, received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`)
		if err != nil {
			return err
		}
		defer got.Close()
		for _, id := range r.Published {
			for _, sub := range subs {
				key := schedule.InstantKey(sub.chat, id)
				res, err := got.ExecContext(ctx, sub.chat, id, key, now)
				if err != nil {
					return fmt.Errorf("recording %s as received by %s: %w", id, sub.chat, err)
				}
				if n, _ := res.RowsAffected(); n == 0 {
					continue // the chat has had it (a briefing, or before a removal)
				}
				ok, err := s.addNotice(ctx, add, notice{key: key, kind: schedule.KindInstant, chat: sub.chat, parent: sub.parent, thread: sub.thread, lang: sub.lang,
					statements: []string{id}, due: r.At}, now)
				if err != nil {
					return err
				}
				if ok {
					out.Posts++
				}
			}
		}
		return nil
	})
	return out, err
}

// EnqueueRefusal writes the notice of a refused reload to each admin chat,
// due at due, unless that chat was told of the same problem set before
// (its key exists). Admin notices of another set still waiting are
// cancelled first: this refusal replaces theirs. It returns how many rows
// it wrote.
func (s *SQLite) EnqueueRefusal(ctx context.Context, chats []string, r schedule.Refusal, due time.Time) (int, error) {
	written := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		written = 0
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox WHERE kind = 'admin' AND status = 'pending'`); err != nil {
			return fmt.Errorf("cancelling admin notices: %w", err)
		}
		add, err := tx.PrepareContext(ctx, insertNotice)
		if err != nil {
			return err
		}
		defer add.Close()
		now := s.ms(s.Now())
		payload, err := payloadJSON(schedule.Payload{Refusal: &r})
		if err != nil {
			return err
		}
		for _, chat := range chats {
			ok, err := s.addNotice(ctx, add, notice{key: schedule.AdminKey(chat, r), kind: schedule.KindAdmin, chat: chat,
				payload: payload, due: due}, now)
			if err != nil {
				return err
			}
			if ok {
				written++
			}
		}
		return nil
	})
	return written, err
}

// OutboxKinds counts outbox rows by kind and status (for tests and the shell).
func (s *SQLite) OutboxKinds(ctx context.Context) (map[schedule.Kind]map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, status, count(*) FROM outbox GROUP BY kind, status`)
	if err != nil {
		return nil, fmt.Errorf("counting the outbox: %w", err)
	}
	defer rows.Close()
	out := map[schedule.Kind]map[string]int{}
	for rows.Next() {
		var kind, status string
		var n int
		if err := rows.Scan(&kind, &status, &n); err != nil {
			return nil, err
		}
		if out[schedule.Kind(kind)] == nil {
			out[schedule.Kind(kind)] = map[string]int{}
		}
		out[schedule.Kind(kind)][status] = n
	}
	return out, rows.Err()
}

// serve writes the reload's changes to the record of what chats were told
// (schedule.Served).
func serve(ctx context.Context, tx *sql.Tx, r schedule.Reload) error {
	for _, sv := range r.Serve {
		rec, err := json.Marshal(sv)
		if err != nil {
			return fmt.Errorf("encoding the record of %s: %w", sv.Statement, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO served (statement, hash, record) VALUES (?, ?, ?)
			ON CONFLICT (statement) DO UPDATE SET hash = excluded.hash, record = excluded.record`, sv.Statement, sv.Hash, string(rec)); err != nil {
			return fmt.Errorf("recording %s as served: %w", sv.Statement, err)
		}
	}
	for _, id := range r.Unserve {
		if _, err := tx.ExecContext(ctx, `DELETE FROM served WHERE statement = ?`, id); err != nil {
			return fmt.Errorf("forgetting %s: %w", id, err)
		}
	}
	return nil
}

// ServedHashes returns the hash of every statement's record of what chats
// were told (schedule.Served), by statement; empty before the first start
// that records them.
func (s *SQLite) ServedHashes(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT statement, hash FROM served`)
	if err != nil {
		return nil, fmt.Errorf("reading what was served: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, h string
		if err := rows.Scan(&id, &h); err != nil {
			return nil, fmt.Errorf("reading what was served: %w", err)
		}
		out[id] = h
	}
	return out, rows.Err()
}

// ServedRecords returns the records of the statements ids that have one.
func (s *SQLite) ServedRecords(ctx context.Context, ids []string) (map[string]schedule.Served, error) {
	out := map[string]schedule.Served{}
	for _, id := range ids {
		var h, rec string
		err := s.db.QueryRowContext(ctx, `SELECT hash, record FROM served WHERE statement = ?`, id).Scan(&h, &rec)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading what was served of %s: %w", id, err)
		}
		var sv schedule.Served
		if err := json.Unmarshal([]byte(rec), &sv); err != nil {
			return nil, fmt.Errorf("decoding what was served of %s: %w", id, err)
		}
		sv.Statement, sv.Hash = id, h
		out[id] = sv
	}
	return out, nil
}
