package briefing_test

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/briefing"
)

// outcomes counts what the scheduler and the outbox report.
type outcomes struct {
	mu sync.Mutex
	n  map[briefing.Outcome]int
}

func (o *outcomes) Briefing(out briefing.Outcome) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.n[out]++
}

var _ briefing.Observer = (*outcomes)(nil)

// TestBriefingOutcomesAreObserved: each due briefing is counted due, then
// sent, skipped (nothing new; missed beyond the catch-up) or failed (the
// chat is gone), once.
func TestBriefingOutcomesAreObserved(t *testing.T) {
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	s := newSim(t, start, ":memory:")
	obs := &outcomes{n: map[briefing.Outcome]int{}}
	s.sch.Observer, s.ob.Observer = obs, obs
	s.subscribe("telegram:1", 7, 0, "UTC", true)    // posted
	s.subscribe("telegram:2", 7, 0, "UTC", false)   // nothing new: not posted
	s.subscribe("telegram:gone", 7, 0, "UTC", true) // blocked
	s.subscribe("telegram:late", 4, 0, "UTC", true) // 3 h late at 07:00: skipped
	s.rec.fail = func(chat string) error {
		if chat == "telegram:gone" {
			return errors.Join(errors.New("Forbidden: bot was blocked by the user"), bot.ErrChatGone)
		}
		return nil
	}
	s.now = time.Date(2026, 6, 1, 7, 0, 0, 0, time.UTC)
	s.step()
	s.step()
	want := map[briefing.Outcome]int{briefing.OutcomeDue: 4, briefing.OutcomeSent: 1, briefing.OutcomeSkipped: 2, briefing.OutcomeFailed: 1}
	for o, n := range want {
		if obs.n[o] != n {
			t.Errorf("%s: %d, want %d (all %v)", o, obs.n[o], n, obs.n)
		}
	}
}
