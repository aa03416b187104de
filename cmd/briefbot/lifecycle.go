package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// service is one part of the serving bot (a platform adapter, the daily
// briefings): Run serves until its context ends, at once, or until
// Shutdown has finished the work in hand; Shutdown stops taking work and
// waits for that, bounded by its context. Either may come first.
type service interface {
	Run(ctx context.Context) error
	Shutdown(ctx context.Context) error
}

// lifecycle starts the services, the ones that only one process on a
// database may run once it holds the sender lease, and shuts them all down
// on a signal or a failure.
type lifecycle struct {
	log   *slog.Logger
	lease *senderLease
	now   []service // run by every process: webhook and HTTP-interaction adapters
	held  []service // run by the lease holder only: long polling, the gateway, briefings
	srv   *http.Server
	ln    net.Listener
	// health turns /readyz to 503 when shutdown begins (nil: no probes).
	health *health
	holds  atomic.Bool // this process holds the sender lease
}

// connector is a platform adapter that says whether it is connected.
type connector interface {
	Connected() error
}

// addPlatform adds a platform's adapter: run by every process when the
// platform pushes its updates over HTTP (a webhook, signed interactions),
// by the lease holder only when it is fetched (long polling, the gateway);
// and its readiness check.
func (l *lifecycle) addPlatform(name string, p interface {
	service
	connector
}, pushed bool) {
	if pushed {
		l.now = append(l.now, p)
	} else {
		l.held = append(l.held, p)
	}
	l.health.add(name, l.platformCheck(p, !pushed))
}

// platformCheck is a platform's readiness: connected; or, for a platform
// that only the lease holder serves (long polling, the gateway), a
// standby's wait for the lease, which is ready to take over.
func (l *lifecycle) platformCheck(c connector, heldOnly bool) func(context.Context) (string, error) {
	return func(context.Context) (string, error) {
		if heldOnly && !l.holds.Load() {
			return "standby: another process holds the sender lease", nil
		}
		return "", c.Connected()
	}
}

// run serves until signal ends or a service fails, then shuts down:
// readiness turns off at once, nothing new is fetched or accepted, what was
// fetched is answered and the sends in hand finished, within timeout of the
// signal; then the HTTP server closes, work ends (what is still running
// stops at once) and the lease is released. It returns the failure, nil
// after a signal.
func (l *lifecycle) run(signal, work context.Context, stopWork context.CancelFunc, timeout time.Duration) error {
	var wg sync.WaitGroup
	failed := make(chan error, 1)
	fail := func(err error) {
		if err != nil {
			select {
			case failed <- err:
			default:
			}
		}
	}
	start := func(s service) { wg.Go(func() { fail(s.Run(work)) }) }
	if l.srv != nil {
		wg.Go(func() {
			if err := l.srv.Serve(l.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				fail(fmt.Errorf("http server: %w", err))
			}
		})
	}
	for _, s := range l.now {
		start(s)
	}
	holding := make(chan struct{})
	standby, stopStandby := context.WithCancel(signal)
	defer stopStandby()
	wg.Go(func() {
		if l.lease.acquire(standby) != nil {
			return
		}
		close(holding)
		l.holds.Store(true)
		for _, s := range l.held {
			start(s)
		}
		fail(l.lease.keep(work))
	})

	var runErr error
	select {
	case <-signal.Done():
		l.log.Info("stopping: answering what was fetched", "timeout", timeout)
	case runErr = <-failed:
		l.log.Error("stopping after a failure", "err", runErr)
	}
	if l.health != nil {
		l.health.stop() // a load balancer sees 503 and stops sending webhooks
	}
	stopStandby()
	deadline := time.Now().Add(timeout)
	drain, cancel := context.WithDeadline(context.Background(), deadline.Add(-min(timeout/5, 3*time.Second)))
	defer cancel()
	var stopping sync.WaitGroup
	for _, s := range append(l.now, l.held...) {
		stopping.Go(func() {
			if err := s.Shutdown(drain); err != nil {
				l.log.Warn("shutdown deadline passed", "err", err)
			}
		})
	}
	stopping.Wait()
	// The HTTP server closes last: until the services have finished, it
	// answers /readyz with 503 and new webhooks and interactions with 503
	// (the adapters take no more), and the interactions in hand get
	// their answers.
	if l.srv != nil {
		l.srv.Shutdown(drain)
	}
	stopWork()
	if l.srv != nil {
		l.srv.Close()
	}
	if !waitUntil(&wg, deadline) {
		l.log.Warn("stopping with work still running at the deadline")
		return runErr // the lease lapses by itself: a send may still be in flight
	}
	select {
	case <-holding:
		release, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		l.lease.release(release)
	default:
	}
	l.log.Info("stopped")
	return runErr
}

// waitUntil waits for wg until deadline; false if it had to give up.
func waitUntil(wg *sync.WaitGroup, deadline time.Time) bool {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}
