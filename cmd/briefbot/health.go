package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// health answers the operator's probes on BRIEFBOT_HTTP_ADDR: /healthz
// (the process is up), /readyz (it can serve: the catalog is loaded, the
// store answers, each configured platform is connected; the failing part
// is named in the body), and /metrics. /readyz answers 503 from the moment
// shutdown begins, so that a load balancer stops sending webhooks before
// the server closes.
type health struct {
	parts    []part
	metrics  http.Handler
	stopping atomic.Bool
}

// part is one thing readiness depends on. check returns nil when it is
// ready, or what is wrong; note is said of a ready part when there is
// something to say ("standby").
type part struct {
	name  string
	check func(ctx context.Context) (note string, err error)
}

// checkTimeout bounds each part's check within one /readyz.
const checkTimeout = 2 * time.Second

// add appends a part to check.
func (h *health) add(name string, check func(ctx context.Context) (string, error)) {
	h.parts = append(h.parts, part{name, check})
}

// stop turns readiness off for good: shutdown has begun.
func (h *health) stop() { h.stopping.Store(true) }

// opsRoutes are the probes' routes; with h nil, placeholders for checking
// the configuration's routes against them.
func opsRoutes(h *health) []route {
	if h == nil {
		return []route{{"GET /healthz", http.NotFoundHandler()}, {"GET /readyz", http.NotFoundHandler()}, {"GET /metrics", http.NotFoundHandler()}}
	}
	return []route{
		{"GET /healthz", http.HandlerFunc(h.healthz)},
		{"GET /readyz", http.HandlerFunc(h.readyz)},
		{"GET /metrics", orNotFound(h.metrics)},
	}
}

// healthz says the process is up and serving HTTP.
func (h *health) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}

// readyz checks every part, one line each, and answers 200 when all are
// ready, 503 otherwise or once shutdown has begun.
func (h *health) readyz(w http.ResponseWriter, r *http.Request) {
	body, ready := h.report(r.Context())
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	fmt.Fprint(w, body)
}

// report is readyz's body and verdict.
func (h *health) report(ctx context.Context) (string, bool) {
	var b strings.Builder
	ready := true
	if h.stopping.Load() {
		ready = false
		b.WriteString("shutdown: stopping; no new work is taken\n")
	}
	for _, p := range h.parts {
		note, err := runCheck(ctx, p)
		switch {
		case err != nil:
			ready = false
			fmt.Fprintf(&b, "%s: not ready: %v\n", p.name, err)
		case note != "":
			fmt.Fprintf(&b, "%s: ok (%s)\n", p.name, note)
		default:
			fmt.Fprintf(&b, "%s: ok\n", p.name)
		}
	}
	if ready {
		b.WriteString("ready\n")
	}
	return b.String(), ready
}

// runCheck runs one check within checkTimeout; a check that does not
// answer in time is not ready.
func runCheck(ctx context.Context, p part) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, checkTimeout)
	defer cancel()
	type result struct {
		note string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		note, err := p.check(ctx)
		done <- result{note, err}
	}()
	select {
	case r := <-done:
		return r.note, r.err
	case <-ctx.Done():
		return "", errors.New("no answer within " + checkTimeout.String())
	}
}
