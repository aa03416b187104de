package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// senderLease names the lease of the process that sends: it alone claims
// outbox rows, schedules briefings and fetches updates.
const senderLease = "sender"

// ErrNotHolder is Claim's answer in a process that does not hold the
// sender lease (a standby, or a holder whose lease lapsed).
var ErrNotHolder = errors.New("this process does not hold the sender lease")

// ErrLeaseLost is RenewLease's answer when another process holds the
// lease now: the caller must stop sending.
var ErrLeaseLost = errors.New("the sender lease is held by another process")

// LeaseState is the outcome of AcquireLease.
type LeaseState struct {
	Held    bool      // the caller holds the lease now
	Holder  string    // who holds it: the caller when Held
	Expires time.Time // when the holder's lease lapses unless renewed
	// TookOver is the owner of a lapsed lease the caller took over (""
	// if none), and Recovered the rows that owner left being sent, now
	// pending again: their send may have gone out, so they may go once
	// more.
	TookOver  string
	Recovered int
}

// AcquireLease takes the sender lease for owner until ttl from now when it
// is free, lapsed, or already owner's (then it is renewed); otherwise it
// reports the live holder. Only a lease that lapsed is taken over, and
// the rows its owner left "sending" are returned to pending in the same
// transaction, so a live process's sends are never repeated.
func (s *SQLite) AcquireLease(ctx context.Context, owner string, ttl time.Duration) (LeaseState, error) {
	var st LeaseState
	err := s.tx(ctx, func(tx *sql.Tx) error {
		now := s.Now()
		var holder string
		var expires int64
		err := tx.QueryRowContext(ctx, `SELECT owner, expires_at FROM lease WHERE name = ?`, senderLease).Scan(&holder, &expires)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			// The first holder on this database: rows "sending" were left
			// by a release that kept no lease.
			holder = ""
		case err != nil:
			return err
		case holder == owner:
		case fromMS(expires).After(now):
			st.Holder, st.Expires = holder, fromMS(expires)
			return nil
		default:
			st.TookOver = holder
		}
		until := now.Add(ttl)
		if _, err := tx.ExecContext(ctx, `INSERT INTO lease (name, owner, expires_at, renewed_at, acquired_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, renewed_at = excluded.renewed_at,
				acquired_at = CASE WHEN lease.owner = excluded.owner THEN lease.acquired_at ELSE excluded.acquired_at END`,
			senderLease, owner, s.ms(until), s.ms(now), s.ms(now)); err != nil {
			return err
		}
		if holder != owner {
			res, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'pending', last_error = 'in flight when its sender stopped' WHERE status = 'sending'`)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			st.Recovered = int(n)
		}
		st.Held, st.Holder, st.Expires = true, owner, until
		return nil
	})
	if err != nil {
		return LeaseState{}, fmt.Errorf("acquiring the sender lease: %w", err)
	}
	if st.Held {
		s.holder.Store(&owner)
	}
	return st, nil
}

// RenewLease extends owner's lease until ttl from now. It renews a lease
// that lapsed while nobody took it over (a slow disk), and answers
// ErrLeaseLost once another process holds it.
func (s *SQLite) RenewLease(ctx context.Context, owner string, ttl time.Duration) error {
	now := s.Now()
	res, err := s.db.ExecContext(ctx, `UPDATE lease SET expires_at = ?, renewed_at = ? WHERE name = ? AND owner = ?`,
		s.ms(now.Add(ttl)), s.ms(now), senderLease, owner)
	if err != nil {
		return fmt.Errorf("renewing the sender lease: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		s.holder.Store(nil)
		return ErrLeaseLost
	}
	return nil
}

// ReleaseLease gives up owner's lease at a clean exit, so that a standby
// takes over at once instead of waiting for it to lapse.
func (s *SQLite) ReleaseLease(ctx context.Context, owner string) error {
	s.holder.Store(nil)
	if _, err := s.db.ExecContext(ctx, `UPDATE lease SET expires_at = ? WHERE name = ? AND owner = ?`, s.ms(s.Now()), senderLease, owner); err != nil {
		return fmt.Errorf("releasing the sender lease: %w", err)
	}
	return nil
}

// holdsLease checks, inside tx, that this store's process holds a live
// sender lease.
func (s *SQLite) holdsLease(ctx context.Context, tx *sql.Tx) error {
	me := s.holder.Load()
	if me == nil {
		return ErrNotHolder
	}
	var owner string
	var expires int64
	err := tx.QueryRowContext(ctx, `SELECT owner, expires_at FROM lease WHERE name = ?`, senderLease).Scan(&owner, &expires)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ErrNotHolder
	case err != nil:
		return err
	case owner != *me || !fromMS(expires).After(s.Now()):
		return ErrNotHolder
	}
	return nil
}
