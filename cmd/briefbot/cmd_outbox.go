package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/briefbot/briefbot/bot/store"
)

func runOutbox(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "outbox", "outbox [--pending|--failed] [--json]",
		"Lists what the outbox of BRIEFBOT_DB holds that is not sent: queued (waiting for its time\nor for a retry), in flight, or failed, and why. It reads the database read-only, so\nit is safe while the bot runs.")
	pending := fs.Bool("pending", false, "only what is queued or in flight")
	failed := fs.Bool("failed", false, "only what failed for good")
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	if err := parseFlags(fs, args); err != nil {
		return helpOK(err)
	}
	switch {
	case fs.NArg() > 0:
		fmt.Fprintf(e.stderr, "briefbot outbox: unexpected argument %q\n", fs.Arg(0))
		return exitCode(2)
	case *pending && *failed:
		fmt.Fprintln(e.stderr, "briefbot outbox: --pending and --failed exclude each other (give neither for both)")
		return exitCode(2)
	}
	var statuses []string
	switch {
	case *pending:
		statuses = []string{store.StatusPending, store.StatusSending}
	case *failed:
		statuses = []string{store.StatusFailed}
	}
	st, err := openReport(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := st.OutboxRows(ctx, statuses...)
	if err != nil {
		return err
	}
	out := make([]outboxJSON, len(rows))
	for i, r := range rows {
		out[i] = outboxOf(r)
	}
	if *asJSON {
		return writeJSON(e.stdout, out)
	}
	const at = "2006-01-02 15:04Z"
	table := make([][]string, len(out))
	for i, r := range out {
		next := ""
		if r.NextTry != nil {
			next = r.NextTry.Format(at)
		}
		table[i] = []string{strconv.FormatInt(r.ID, 10), r.Kind, chatWithThread(r.Chat, r.Thread), r.Date, r.Status,
			strconv.Itoa(r.Attempts), r.DueAt.Format(at), next, r.Why}
	}
	return writeTable(e.stdout, []string{"ID", "KIND", "CHAT", "DATE", "STATUS", "ATTEMPTS", "DUE (UTC)", "NEXT TRY", "WHY"}, table)
}

// outboxJSON is one outbox row as `outbox --json` prints it.
type outboxJSON struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Chat      string     `json:"chat"`
	Thread    string     `json:"thread,omitempty"`
	Date      string     `json:"date,omitempty"`
	Status    string     `json:"status"`
	Attempts  int        `json:"attempts"`
	DueAt     time.Time  `json:"due_at"`
	NextTry   *time.Time `json:"next_try,omitempty"`
	SentAt    *time.Time `json:"sent_at,omitempty"`
	LastError string     `json:"last_error,omitempty"`
	Why       string     `json:"why"`
}

func outboxOf(r store.OutboxRow) outboxJSON {
	o := outboxJSON{ID: r.ID, Kind: string(r.Kind), Chat: r.Chat, Thread: r.Thread, Date: r.Date, Status: r.Status,
		Attempts: r.Attempts, DueAt: r.DueAt, LastError: r.LastError}
	if o.Kind == "" {
		o.Kind = "briefing"
	}
	switch r.Status {
	case store.StatusPending:
		next := r.NextTry
		o.NextTry = &next
		o.Why = "queued: due"
		if r.LastError != "" {
			o.Why = fmt.Sprintf("retrying after %d attempt(s): %s", r.Attempts, r.LastError)
		}
	case store.StatusSending:
		o.Why = "in flight: the lease holder is sending it"
	case store.StatusFailed:
		o.Why = "failed: " + r.LastError
	case store.StatusSent:
		sent := r.SentAt
		o.SentAt = &sent
		o.Why = "sent"
	}
	return o
}
