package metrics_test

import (
	"context"
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/briefing"
	"github.com/briefbot/briefbot/bot/metrics"
)

type pending struct {
	n   int
	err error
}

func (p *pending) OutboxPending(context.Context) (int, error) { return p.n, p.err }

func newMetrics(t *testing.T) *metrics.Metrics {
	t.Helper()
	m, err := metrics.New(nil, bot.PlatformTelegram, bot.PlatformDiscord)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	return string(body)
}

// TestMetricsFromZero: before anything happens, the delivery counters of
// each platform served and every briefing outcome are there at 0, with the
// Go runtime and process collectors; the names pass Prometheus's lint.
func TestMetricsFromZero(t *testing.T) {
	m := newMetrics(t)
	body := scrape(t, m)
	for _, want := range []string{
		`briefbot_messages_sent_total{platform="telegram"} 0`,
		`briefbot_messages_failed_total{platform="discord"} 0`,
		`briefbot_messages_retried_total{platform="telegram"} 0`,
		`briefbot_rate_limited_total{platform="discord"} 0`,
		`briefbot_rate_limit_wait_seconds_total{platform="telegram"} 0`,
		`briefbot_briefings_total{outcome="due"} 0`,
		`briefbot_briefings_total{outcome="sent"} 0`,
		`briefbot_briefings_total{outcome="skipped"} 0`,
		`briefbot_briefings_total{outcome="failed"} 0`,
		`briefbot_catalog_reloads_total{result="refused"} 0`,
		"go_goroutines ", "go_memstats_alloc_bytes ", "process_resident_memory_bytes ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in\n%s", want, body)
		}
	}
	problems, err := testutil.GatherAndLint(m.Registry())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		if strings.HasPrefix(p.Metric, "briefbot_") {
			t.Errorf("lint: %s: %s", p.Metric, p.Text)
		}
	}
}

// TestObserversCount: what the core, the adapters and the workers report
// lands in its metric, with its labels.
func TestObserversCount(t *testing.T) {
	m := newMetrics(t)
	m.Command("telegram", "figures", "ar", 3*time.Millisecond)
	m.Command("telegram", "figures", "ar", 30*time.Millisecond)
	m.Command("discord", "unknown", "en", time.Millisecond)
	m.Delivered("telegram", bot.DeliverySent)
	m.Delivered("telegram", bot.DeliveryRetried)
	m.Delivered("telegram", bot.DeliveryRetried)
	m.Delivered("discord", bot.DeliveryFailed)
	m.RateLimited("telegram")
	m.Waited("telegram", 1500*time.Millisecond)
	m.Waited("telegram", 500*time.Millisecond)
	m.Briefing(briefing.OutcomeDue)
	m.Briefing(briefing.OutcomeSent)
	at := time.Unix(1_700_000_000, 0)
	m.CatalogLoaded(3, at)
	m.CatalogReloaded(false, 0, at.Add(time.Minute))

	body := scrape(t, m)
	for _, want := range []string{
		`briefbot_commands_total{command="figures",lang="ar",platform="telegram"} 2`,
		`briefbot_commands_total{command="unknown",lang="en",platform="discord"} 1`,
		`briefbot_command_duration_seconds_count{command="figures",platform="telegram"} 2`,
		`briefbot_command_duration_seconds_bucket{command="figures",platform="telegram",le="0.005"} 1`,
		`briefbot_messages_sent_total{platform="telegram"} 1`,
		`briefbot_messages_retried_total{platform="telegram"} 2`,
		`briefbot_messages_failed_total{platform="discord"} 1`,
		`briefbot_rate_limited_total{platform="telegram"} 1`,
		`briefbot_rate_limit_wait_seconds_total{platform="telegram"} 2`,
		`briefbot_briefings_total{outcome="due"} 1`,
		`briefbot_briefings_total{outcome="sent"} 1`,
		// A refused reload keeps the statements served and says so.
		"briefbot_catalog_statements 3",
		"briefbot_catalog_last_reload_success 0",
		"briefbot_catalog_last_reload_timestamp_seconds 1.70000006e+09",
		`briefbot_catalog_reloads_total{result="refused"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in\n%s", want, body)
		}
	}
	m.CatalogReloaded(true, 4, at.Add(2*time.Minute))
	body = scrape(t, m)
	for _, want := range []string{"briefbot_catalog_statements 4", "briefbot_catalog_last_reload_success 1", `briefbot_catalog_reloads_total{result="accepted"} 1`} {
		if !strings.Contains(body, want) {
			t.Errorf("after an accepted reload, no %q", want)
		}
	}
}

// TestOutboxPendingIsReadAtEachScrape: the gauge asks the store at each
// scrape; a store that fails leaves the gauge out and the rest served.
func TestOutboxPendingIsReadAtEachScrape(t *testing.T) {
	m := newMetrics(t)
	p := &pending{n: 7}
	if err := m.WatchOutbox(p); err != nil {
		t.Fatal(err)
	}
	if body := scrape(t, m); !strings.Contains(body, "briefbot_outbox_pending 7") {
		t.Errorf("no pending count:\n%s", body)
	}
	p.n = 2
	want := "# HELP briefbot_outbox_pending Outbox rows (briefings, corrections, instant posts, admin notices) waiting to be sent, retries included.\n" +
		"# TYPE briefbot_outbox_pending gauge\nbriefbot_outbox_pending 2\n"
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "briefbot_outbox_pending"); err != nil {
		t.Errorf("second scrape: %v", err)
	}
	p.err = errors.New("database is locked")
	body := scrape(t, m)
	if strings.Contains(body, "briefbot_outbox_pending ") || !strings.Contains(body, "briefbot_catalog_statements") {
		t.Errorf("a failing count must leave only itself out:\n%s", body)
	}
	if err := m.WatchOutbox(p); err == nil {
		t.Error("a second outbox gauge was registered")
	}
}
