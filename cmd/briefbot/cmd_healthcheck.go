package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"
)

// healthcheckTimeout bounds the probe: a container health check has its
// own timeout (the Dockerfile's is 5 s).
const healthcheckTimeout = 3 * time.Second

// runHealthcheck asks /healthz on BRIEFBOT_HTTP_ADDR, for container health
// checks in images without curl: exit 0 when it answers 200, 1 otherwise.
// It reads BRIEFBOT_HTTP_ADDR alone, so that it works whatever the rest of
// the environment holds.
func runHealthcheck(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "healthcheck", "healthcheck",
		"Exits 0 when GET /healthz on BRIEFBOT_HTTP_ADDR (on this machine) answers 200 within 3 s,\nand 1 otherwise: a container health check for images without curl.")
	if err := parseFlags(fs, args); err != nil {
		return helpOK(err)
	}
	r := newEnvReader(e.getenv)
	addr := readHTTPAddr(r)
	if err := r.err(); err != nil {
		return configError{err}
	}
	target, err := probeURL(addr)
	if err != nil {
		return configError{err}
	}
	ctx, cancel := context.WithTimeout(ctx, healthcheckTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	client := &http.Client{Transport: &http.Transport{}} // no proxy from the environment
	resp, err := client.Do(req)
	if err != nil {
		fmt.Fprintf(e.stderr, "briefbot healthcheck: %v\n", err)
		return exitCode(1)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(e.stderr, "briefbot healthcheck: %s answered %s\n", target, resp.Status)
		return exitCode(1)
	}
	fmt.Fprintf(e.stdout, "ok: %s\n", target)
	return nil
}

// probeURL is /healthz on the address the bot listens on: a wildcard host
// (all interfaces) is asked on the loopback address.
func probeURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("BRIEFBOT_HTTP_ADDR=%q: %w", addr, err)
	}
	if port == "0" {
		return "", fmt.Errorf("BRIEFBOT_HTTP_ADDR=%q: a port chosen at start cannot be probed; give a fixed one", addr)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz", nil
}
