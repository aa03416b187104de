package bottest

import (
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
)

// Observer records what the core and the adapters report to their
// observers, for tests to count.
type Observer struct {
	mu     sync.Mutex
	counts map[string]int
	waited map[string]time.Duration
}

var (
	_ bot.CommandObserver  = (*Observer)(nil)
	_ bot.DeliveryObserver = (*Observer)(nil)
)

// NewObserver returns an observer that has seen nothing.
func NewObserver() *Observer {
	return &Observer{counts: map[string]int{}, waited: map[string]time.Duration{}}
}

func (o *Observer) add(key string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.counts[key]++
}

// Command records "command <platform> <command> <lang>".
func (o *Observer) Command(platform, command, lang string, _ time.Duration) {
	o.add(fmt.Sprintf("command %s %s %s", platform, command, lang))
}

// Delivered records "<outcome> <platform>", such as "sent telegram".
func (o *Observer) Delivered(platform string, outcome bot.DeliveryOutcome) {
	o.add(fmt.Sprintf("%s %s", outcome, platform))
}

// RateLimited records "429 <platform>".
func (o *Observer) RateLimited(platform string) { o.add("429 " + platform) }

// Waited adds to WaitedFor(platform).
func (o *Observer) Waited(platform string, d time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.waited[platform] += d
}

// Count is how many times key was recorded.
func (o *Observer) Count(key string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.counts[key]
}

// Counts is a copy of every count recorded.
func (o *Observer) Counts() map[string]int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return maps.Clone(o.counts)
}

// WaitedFor is the time platform's sends waited on rate limits.
func (o *Observer) WaitedFor(platform string) time.Duration {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.waited[platform]
}
