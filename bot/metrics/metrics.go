// Package metrics keeps briefbot's Prometheus metrics
// (github.com/prometheus/client_golang): one registry per process with the
// Go runtime and process collectors, and the observers that the core, the
// platform adapters and the briefing workers report to through their own
// small interfaces (bot.CommandObserver, bot.DeliveryObserver,
// briefing.Observer), so that none of them knows Prometheus. Every label
// value comes from a closed set: platforms, declared commands, languages,
// outcomes; never from what a user typed.
package metrics

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/briefing"
)

// Metrics is one process's metrics. Its methods are safe for concurrent use.
type Metrics struct {
	reg         *prometheus.Registry
	commands    *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	sent        *prometheus.CounterVec
	failed      *prometheus.CounterVec
	retried     *prometheus.CounterVec
	rateLimited *prometheus.CounterVec
	rateWait    *prometheus.CounterVec
	briefings   *prometheus.CounterVec
	statements  prometheus.Gauge
	reloads     *prometheus.CounterVec
	reloadOK    prometheus.Gauge
	reloadTime  prometheus.Gauge
	log         *slog.Logger
}

var (
	_ bot.CommandObserver  = (*Metrics)(nil)
	_ bot.DeliveryObserver = (*Metrics)(nil)
	_ briefing.Observer    = (*Metrics)(nil)
)

// Reload results, the values of briefbot_catalog_reloads_total's label.
const (
	reloadAccepted = "accepted"
	reloadRefused  = "refused"
)

// New makes the metrics of a process serving platforms (bot.PlatformTelegram,
// ...): each platform's delivery counters and every briefing outcome are
// shown from zero, so that a dashboard's rates exist before the first event.
func New(log *slog.Logger, platforms ...string) (*Metrics, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	perPlatform := func(name, help string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, []string{"platform"})
	}
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		log: log,
		commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefbot_commands_total",
			Help: "Requests answered, by platform, command (a declared command, unknown, lookup, text or expired-button) and reply language.",
		}, []string{"platform", "command", "lang"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "briefbot_command_duration_seconds",
			Help:    "Time the core took to answer a request, sending excluded.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"platform", "command"}),
		sent:        perPlatform("briefbot_messages_sent_total", "Messages the platform accepted (replies, edits, briefings, notices)."),
		failed:      perPlatform("briefbot_messages_failed_total", "Messages given up: refused, the chat gone, or too many transient failures."),
		retried:     perPlatform("briefbot_messages_retried_total", "Sends tried again after a transient failure (5xx, network)."),
		rateLimited: perPlatform("briefbot_rate_limited_total", "Answers of 429 (too many requests) from the platform."),
		rateWait:    perPlatform("briefbot_rate_limit_wait_seconds_total", "Time sends spent held back by rate limits: the bot's own pacing and 429s' retry_after."),
		briefings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefbot_briefings_total",
			Help: "Daily briefings by outcome: due, sent, skipped (nothing new, or missed beyond the catch-up), failed.",
		}, []string{"outcome"}),
		statements: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "briefbot_catalog_statements", Help: "Statements being served.",
		}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "briefbot_catalog_reloads_total", Help: "Reloads of BRIEFBOT_DATA by result: accepted or refused.",
		}, []string{"result"}),
		reloadOK: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "briefbot_catalog_last_reload_success", Help: "1 if the last reload of the statements was accepted, 0 if it was refused.",
		}),
		reloadTime: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "briefbot_catalog_last_reload_timestamp_seconds", Help: "Unix time of the last reload of the statements, the load at start included.",
		}),
	}
	for _, c := range []prometheus.Collector{
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.commands, m.latency, m.sent, m.failed, m.retried, m.rateLimited, m.rateWait,
		m.briefings, m.statements, m.reloads, m.reloadOK, m.reloadTime,
	} {
		if err := m.reg.Register(c); err != nil {
			return nil, fmt.Errorf("metrics: %w", err)
		}
	}
	for _, p := range platforms {
		for _, c := range []*prometheus.CounterVec{m.sent, m.failed, m.retried, m.rateLimited, m.rateWait} {
			c.WithLabelValues(p)
		}
	}
	for _, o := range briefing.Outcomes() {
		m.briefings.WithLabelValues(string(o))
	}
	m.reloads.WithLabelValues(reloadAccepted)
	m.reloads.WithLabelValues(reloadRefused)
	return m, nil
}

// Registry is the process's registry, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// Handler serves the metrics in Prometheus's text format (GET /metrics). A
// collector that fails (the outbox count) is logged and left out; the
// others are served.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorLog: errorLog{m.log}, ErrorHandling: promhttp.ContinueOnError,
	})
}

// errorLog writes promhttp's errors to slog.
type errorLog struct{ log *slog.Logger }

func (e errorLog) Println(v ...any) { e.log.Warn("serving /metrics: " + fmt.Sprint(v...)) }

// Command counts one request answered and how long it took.
func (m *Metrics) Command(platform, command, lang string, took time.Duration) {
	m.commands.WithLabelValues(platform, command, lang).Inc()
	m.latency.WithLabelValues(platform, command).Observe(took.Seconds())
}

// Delivered counts one message's outcome.
func (m *Metrics) Delivered(platform string, outcome bot.DeliveryOutcome) {
	switch outcome {
	case bot.DeliverySent:
		m.sent.WithLabelValues(platform).Inc()
	case bot.DeliveryFailed:
		m.failed.WithLabelValues(platform).Inc()
	case bot.DeliveryRetried:
		m.retried.WithLabelValues(platform).Inc()
	}
}

// RateLimited counts one 429 answer.
func (m *Metrics) RateLimited(platform string) { m.rateLimited.WithLabelValues(platform).Inc() }

// Waited adds time spent waiting on a rate limit.
func (m *Metrics) Waited(platform string, d time.Duration) {
	m.rateWait.WithLabelValues(platform).Add(d.Seconds())
}

// Briefing counts one briefing outcome.
func (m *Metrics) Briefing(o briefing.Outcome) { m.briefings.WithLabelValues(string(o)).Inc() }

// CatalogLoaded records the statements loaded at start, at time at.
func (m *Metrics) CatalogLoaded(statements int, at time.Time) {
	m.statements.Set(float64(statements))
	m.reloadOK.Set(1)
	m.reloadTime.Set(float64(at.UnixMilli()) / 1000)
}

// CatalogReloaded records a reload: accepted (statements are now served)
// or refused (the previous statements stay in service).
func (m *Metrics) CatalogReloaded(accepted bool, statements int, at time.Time) {
	m.reloadTime.Set(float64(at.UnixMilli()) / 1000)
	if accepted {
		m.statements.Set(float64(statements))
		m.reloadOK.Set(1)
		m.reloads.WithLabelValues(reloadAccepted).Inc()
		return
	}
	m.reloadOK.Set(0)
	m.reloads.WithLabelValues(reloadRefused).Inc()
}

// OutboxCounter counts the outbox rows waiting to be sent (the store).
type OutboxCounter interface {
	OutboxPending(ctx context.Context) (int, error)
}

// WatchOutbox adds briefbot_outbox_pending, counted from the store at each
// scrape (within scrapeTimeout), so that it is right whichever process
// wrote the rows.
func (m *Metrics) WatchOutbox(c OutboxCounter) error {
	desc := prometheus.NewDesc("briefbot_outbox_pending",
		"Outbox rows (briefings, corrections, instant posts, admin notices) waiting to be sent, retries included.", nil, nil)
	if err := m.reg.Register(&outboxCollector{count: c, desc: desc}); err != nil {
		return fmt.Errorf("metrics: %w", err)
	}
	return nil
}

// scrapeTimeout bounds the outbox count of one scrape.
const scrapeTimeout = 2 * time.Second

// outboxCollector is briefbot_outbox_pending, read on each scrape.
type outboxCollector struct {
	count OutboxCounter
	desc  *prometheus.Desc
}

func (c *outboxCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect counts the pending rows; a failed count is reported as an
// invalid metric, which the handler logs and leaves out.
func (c *outboxCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), scrapeTimeout)
	defer cancel()
	n, err := c.count.OutboxPending(ctx)
	if err == nil {
		var m prometheus.Metric
		if m, err = prometheus.NewConstMetric(c.desc, prometheus.GaugeValue, float64(n)); err == nil {
			ch <- m
			return
		}
	}
	ch <- prometheus.NewInvalidMetric(c.desc, err)
}
