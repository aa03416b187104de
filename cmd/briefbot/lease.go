package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/briefbot/briefbot/bot/store"
)

// Sender lease timing: a holder renews every leaseRenew; a holder that
// stops renewing (killed, hung) loses the lease leaseTTL after its last
// renewal, and a standby, asking every leaseRetry, takes over then.
const (
	leaseTTL   = 10 * time.Second
	leaseRenew = 3 * time.Second
	leaseRetry = time.Second
)

// senderLease is this process's hold on the database's sender lease: of
// all processes on one database, only its holder fetches updates by long
// polling or the gateway, schedules briefings and sends them.
type senderLease struct {
	st    *store.SQLite
	owner string // host:pid:random, unique to this process
	log   *slog.Logger
}

func newSenderLease(st *store.SQLite, log *slog.Logger) *senderLease {
	host, _ := os.Hostname()
	var b [4]byte
	rand.Read(b[:])
	return &senderLease{st: st, owner: fmt.Sprintf("%s:%d:%s", host, os.Getpid(), hex.EncodeToString(b[:])), log: log}
}

// acquire waits as a standby until this process holds the lease, or ctx
// ends (then it returns ctx's error). It logs which process holds it.
func (l *senderLease) acquire(ctx context.Context) error {
	waitingFor := ""
	for {
		st, err := l.st.AcquireLease(ctx, l.owner, leaseTTL)
		switch {
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil:
			l.log.Warn("asking for the sender lease", "err", err)
		case st.Held:
			l.log.Info("lease acquired: this process sends", "owner", l.owner, "took_over_from", st.TookOver, "recovered_in_flight", st.Recovered)
			if st.Recovered > 0 {
				l.log.Warn("briefings in flight when their sender stopped will be sent again", "count", st.Recovered)
			}
			return nil
		case st.Holder != waitingFor:
			waitingFor = st.Holder
			l.log.Info("standby: waiting for the lease held by "+st.Holder, "owner", l.owner, "holder", st.Holder, "expires", st.Expires)
		}
		if err := sleepCtx(ctx, leaseRetry); err != nil {
			return err
		}
	}
}

// keep renews the lease until ctx ends (nil), or until it is lost: taken
// over by another process, or not renewed within its lifetime (the store's
// Claim refuses then already).
func (l *senderLease) keep(ctx context.Context) error {
	last := time.Now()
	for {
		if err := sleepCtx(ctx, leaseRenew); err != nil {
			return nil
		}
		err := l.st.RenewLease(ctx, l.owner, leaseTTL)
		switch {
		case err == nil:
			last = time.Now()
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, store.ErrLeaseLost):
			return fmt.Errorf("lost the sender lease to another process: %w", err)
		case time.Since(last) > leaseTTL:
			return fmt.Errorf("the sender lease could not be renewed for %v: %w", leaseTTL, err)
		default:
			l.log.Warn("renewing the sender lease; retrying", "err", err)
		}
	}
}

// release gives the lease up at a clean exit, so that a standby takes
// over at once.
func (l *senderLease) release(ctx context.Context) {
	if err := l.st.ReleaseLease(ctx, l.owner); err != nil {
		l.log.Warn("releasing the sender lease", "err", err)
	}
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
