package briefing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/schedule"
)

// Compose renders an outbox item into the reply to post; *Composer is the
// one the bot uses.
type Compose interface {
	Compose(ctx context.Context, it schedule.Item) (*bot.Reply, error)
}

var _ Compose = (*Composer)(nil)

// Outbox sends outbox rows through the platform adapters.
type Outbox struct {
	Store OutboxStore
	// Senders by chat-key prefix ("telegram", "discord").
	Senders  map[string]bot.Sender
	Composer Compose
	Clock    func() time.Time
	Log      *slog.Logger
	// Workers send in parallel (default 32); each adapter's own rate limiter
	// paces them, so fan-out never outruns the platform's limits.
	Workers int
	// GiveUp is how long a briefing is retried before it is marked failed
	// (default 24 h).
	GiveUp time.Duration
	// Observer is told of briefings sent, skipped and failed; nil: nobody.
	Observer Observer

	wake     chan struct{}
	once     sync.Once
	stop     chan struct{} // closed by Shutdown
	finished chan struct{} // closed when Run returns
	mu       sync.Mutex
	started  bool
	stopped  bool
}

// Wake tells the outbox new rows are waiting.
func (o *Outbox) Wake() {
	o.init()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

func (o *Outbox) init() {
	o.once.Do(func() {
		o.wake = make(chan struct{}, 1)
		o.stop, o.finished = make(chan struct{}), make(chan struct{})
		if o.Workers <= 0 {
			o.Workers = 32
		}
		if o.GiveUp <= 0 {
			o.GiveUp = 24 * time.Hour
		}
	})
}

// backoff is the wait before retry n (1-based) of a briefing that failed.
func backoff(n int) time.Duration {
	d := 5 * time.Second << min(n-1, 10)
	return min(d, 30*time.Minute)
}

// Run sends due rows until ctx ends (at once: a send cut short leaves its
// row "sending", for the next holder of the lease to recover), or until
// Shutdown has finished the sends in hand.
func (o *Outbox) Run(ctx context.Context) error {
	o.init()
	o.mu.Lock()
	if o.stopped || o.started {
		o.mu.Unlock()
		return nil
	}
	o.started = true
	o.mu.Unlock()
	defer close(o.finished)
	idle := time.NewTimer(0)
	defer idle.Stop()
	for {
		sent, err := o.drain(ctx, o.stop)
		if err != nil && ctx.Err() == nil && !o.stopping() {
			o.Log.Error("sending briefings", "err", err)
		}
		if ctx.Err() != nil || o.stopping() {
			return nil
		}
		if sent > 0 {
			continue
		}
		idle.Reset(500 * time.Millisecond)
		select {
		case <-ctx.Done():
			return nil
		case <-o.stop:
			return nil
		case <-o.wake:
		case <-idle.C:
		}
	}
}

// Shutdown stops claiming rows, returns the claimed rows not yet being
// sent to pending, and waits until the sends in hand are done, or until
// ctx ends. It returns at once when Run never started (a standby).
func (o *Outbox) Shutdown(ctx context.Context) error {
	o.init()
	o.mu.Lock()
	started := o.started
	if !o.stopped {
		o.stopped = true
		close(o.stop)
	}
	o.mu.Unlock()
	if !started {
		return nil
	}
	select {
	case <-o.finished:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("briefings still being sent at the shutdown deadline: %w", ctx.Err())
	}
}

func (o *Outbox) stopping() bool {
	select {
	case <-o.stop:
		return true
	default:
		return false
	}
}

// Drain sends every row due now, Workers at a time, and returns how many
// rows it handled. A feeder claims rows as the workers free up, so the
// adapters' rate limiters always have work waiting.
func (o *Outbox) Drain(ctx context.Context) (int, error) {
	o.init()
	return o.drain(ctx, nil)
}

// drain is Drain, stopping early when stop is closed: then no more rows
// are claimed, and those claimed but not started go back to pending.
func (o *Outbox) drain(ctx context.Context, stop <-chan struct{}) (int, error) {
	work := make(chan schedule.Item, o.Workers)
	var wg sync.WaitGroup
	for range o.Workers {
		wg.Go(func() {
			for it := range work {
				select {
				case <-stop:
					o.release(context.WithoutCancel(ctx), it)
				default:
					o.send(ctx, it)
				}
			}
		})
	}
	handled := 0
	var err error
claiming:
	for ctx.Err() == nil {
		select {
		case <-stop:
			break claiming
		default:
		}
		var items []schedule.Item
		items, err = o.Store.Claim(ctx, o.Clock(), o.Workers)
		if err != nil || len(items) == 0 {
			break
		}
		for _, it := range items {
			work <- it
		}
		handled += len(items)
	}
	close(work)
	wg.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return handled, err
}

// release returns a claimed row, not sent, to pending at shutdown.
func (o *Outbox) release(ctx context.Context, it schedule.Item) {
	if err := o.Store.Retry(ctx, it.ID, o.Clock(), "released at shutdown"); err != nil {
		o.Log.Error("releasing a briefing at shutdown", "id", it.ID, "err", err)
	}
}

// send delivers one row and records the result. Marking happens on a
// context that outlives shutdown, so a message that went out is marked sent.
func (o *Outbox) send(ctx context.Context, it schedule.Item) {
	mark := context.WithoutCancel(ctx)
	defer func() {
		if p := recover(); p != nil {
			o.Log.Error("sending a briefing panicked", "id", it.ID, "chat", it.Chat, "panic", fmt.Sprint(p))
			o.retry(mark, it, fmt.Sprint("panic: ", p))
		}
	}()
	platform, _, _ := strings.Cut(it.Chat, ":")
	sender := o.Senders[platform]
	if sender == nil {
		o.retry(mark, it, "no "+platform+" adapter is running")
		return
	}
	reply, err := o.Composer.Compose(ctx, it)
	if errors.Is(err, ErrNothingToSend) {
		o.outcome(it, OutcomeSkipped)
		o.Log.Info("outbox row has nothing left to send; dropped", "chat", it.Chat, "kind", it.Kind, "reason", err.Error())
		if err := o.Store.Failed(mark, it.ID, err.Error()); err != nil {
			o.Log.Error("marking a briefing failed", "id", it.ID, "err", err)
		}
		return
	}
	if err != nil {
		o.retry(mark, it, "composing: "+err.Error())
		return
	}
	err = sender.Send(ctx, bot.Chat{Key: it.Chat, Parent: it.Parent, Thread: it.Thread}, reply)
	var moved *bot.ChatMovedError
	switch {
	case err == nil:
	case errors.As(err, &moved):
		o.Log.Info("chat moved; its subscription follows", "from", moved.From, "to", moved.To)
	case errors.Is(err, bot.ErrChatGone):
		o.outcome(it, OutcomeFailed)
		if ended, _ := o.Store.EndSubscription(mark, it.Chat, err.Error()); ended {
			o.Log.Warn("chat is gone; subscription ended", "chat", it.Chat, "reason", err.Error())
		}
		if err := o.Store.Failed(mark, it.ID, err.Error()); err != nil {
			o.Log.Error("marking a briefing failed", "id", it.ID, "err", err)
		}
		return
	default:
		if ctx.Err() != nil {
			// Stopped mid-send: it may or may not have gone out; the row
			// stays "sending", and the next holder of the sender lease
			// recovers it (it may go once more).
			return
		}
		o.retry(mark, it, err.Error())
		return
	}
	o.outcome(it, OutcomeSent)
	if err := o.Store.Sent(mark, it.ID, o.Clock()); err != nil {
		o.Log.Error("marking a briefing sent", "id", it.ID, "err", err)
	}
}

// outcome tells the observer what became of it, when it is a briefing.
func (o *Outbox) outcome(it schedule.Item, out Outcome) {
	if isBriefing(it) {
		tell(o.Observer, out)
	}
}

func (o *Outbox) retry(ctx context.Context, it schedule.Item, reason string) {
	now := o.Clock()
	if now.Sub(it.DueAt) > o.GiveUp {
		o.outcome(it, OutcomeFailed)
		o.Log.Error("briefing given up", "chat", it.Chat, "kind", it.Kind, "date", it.Date, "attempts", it.Attempts, "reason", reason)
		if err := o.Store.Failed(ctx, it.ID, reason); err != nil {
			o.Log.Error("marking a briefing failed", "id", it.ID, "err", err)
		}
		return
	}
	wait := backoff(it.Attempts)
	o.Log.Warn("briefing not sent; will retry", "chat", it.Chat, "kind", it.Kind, "date", it.Date, "attempt", it.Attempts, "in", wait, "reason", reason)
	if err := o.Store.Retry(ctx, it.ID, now.Add(wait), reason); err != nil {
		o.Log.Error("rescheduling a briefing", "id", it.ID, "err", err)
	}
}
