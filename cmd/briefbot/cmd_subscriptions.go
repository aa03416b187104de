package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
)

func runSubscriptions(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "subscriptions", "subscriptions [--json]",
		"Lists every subscription of BRIEFBOT_DB, ended ones last: its chat, time, zone, language,\nmode, next run and the last delivery's result. It reads the database read-only,\nso it is safe while the bot runs.")
	asJSON := fs.Bool("json", false, "print a JSON array instead of a table")
	if err := parseFlags(fs, args); err != nil {
		return helpOK(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "briefbot subscriptions: unexpected argument %q\n", fs.Arg(0))
		return exitCode(2)
	}
	st, err := openReport(ctx, e)
	if err != nil {
		return err
	}
	defer st.Close()
	rows, err := st.SubscriptionRows(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		out := make([]subscriptionJSON, len(rows))
		for i, r := range rows {
			out[i] = subscriptionOf(r)
		}
		return writeJSON(e.stdout, out)
	}
	table := make([][]string, len(rows))
	for i, r := range rows {
		s := subscriptionOf(r)
		next := "—"
		if s.NextRun != nil {
			next = s.NextRun.Format("2006-01-02 15:04 MST")
		}
		lang := s.Lang
		if lang == "" {
			lang = "chat's"
		}
		table[i] = []string{chatWithThread(s.Chat, s.Thread), s.Time, s.Zone, lang, s.Mode, next, lastDelivery(r.Last, s.loc)}
	}
	return writeTable(e.stdout, []string{"CHAT", "TIME", "ZONE", "LANG", "MODE", "NEXT RUN", "LAST DELIVERY"}, table)
}

// subscriptionJSON is one subscription as `subscriptions --json` prints it.
type subscriptionJSON struct {
	Chat      string      `json:"chat"`
	Thread    string      `json:"thread,omitempty"`
	Time      string      `json:"time"`
	Zone      string      `json:"zone"`
	Lang      string      `json:"lang"` // "" follows the chat's language
	Mode      string      `json:"mode"`
	Daily     bool        `json:"daily"`   // posted even with nothing new
	Instant   bool        `json:"instant"` // new statements posted at once too
	Active    bool        `json:"active"`
	EndedAt   *time.Time  `json:"ended_at,omitempty"`
	EndReason string      `json:"end_reason,omitempty"`
	Inactive  string      `json:"chat_inactive,omitempty"` // why the bot can no longer write to the chat
	NextRun   *time.Time  `json:"next_run,omitempty"`      // in the subscription's zone
	Last      *outboxJSON `json:"last_delivery"`
	loc       *time.Location
}

func subscriptionOf(r store.SubscriptionRow) subscriptionJSON {
	s := subscriptionJSON{
		Chat: r.Chat, Thread: r.Thread, Time: fmt.Sprintf("%02d:%02d", r.Hour, r.Minute), Zone: r.Zone,
		Lang: string(r.Lang), Daily: r.EveryDay, Instant: r.Instant, Active: r.Ended.IsZero(),
		EndReason: r.EndReason, Inactive: r.Inactive, loc: time.UTC,
	}
	if loc, err := schedule.LoadZone(r.Zone); err == nil {
		s.loc = loc
	}
	modes := []string{"new only"}
	if r.EveryDay {
		modes[0] = "daily"
	}
	if r.Instant {
		modes = append(modes, "instant")
	}
	s.Mode = strings.Join(modes, ", ")
	if s.Active {
		next := r.NextDue.In(s.loc)
		s.NextRun = &next
	} else {
		ended := r.Ended
		s.EndedAt = &ended
		s.Mode = "ended: " + r.EndReason
	}
	if r.Last != nil {
		l := outboxOf(*r.Last)
		s.Last = &l
	}
	return s
}

// chatWithThread names a chat, and its topic when it has one.
func chatWithThread(chat, thread string) string {
	if thread == "" {
		return chat
	}
	return chat + " topic " + thread
}

// lastDelivery says what became of a chat's latest outbox row, at the
// subscription's local time.
func lastDelivery(r *store.OutboxRow, loc *time.Location) string {
	if r == nil {
		return "none yet"
	}
	what := string(r.Kind)
	if r.Date != "" && (r.Kind == "" || r.Kind == schedule.KindBriefing) {
		what += " " + r.Date
	}
	const at = "2006-01-02 15:04"
	switch r.Status {
	case store.StatusSent:
		return fmt.Sprintf("sent %s (%s)", r.SentAt.In(loc).Format(at), what)
	case store.StatusFailed:
		return fmt.Sprintf("failed (%s): %s", what, r.LastError)
	case store.StatusSending:
		return fmt.Sprintf("being sent (%s)", what)
	}
	if r.LastError != "" {
		return fmt.Sprintf("retrying at %s (%s): %s", r.NextTry.In(loc).Format(at), what, r.LastError)
	}
	return fmt.Sprintf("queued for %s (%s)", r.NextTry.In(loc).Format(at), what)
}
