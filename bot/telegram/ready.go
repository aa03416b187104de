package telegram

import (
	"errors"
	"fmt"
	"sync"
)

// connection records whether updates reach the adapter: the outcome of the
// last getUpdates, or of setWebhook.
type connection struct {
	mu    sync.Mutex
	known bool
	err   error
}

func (c *connection) set(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.known, c.err = true, err
}

func (c *connection) get() (known bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.known, c.err
}

// Connected reports whether the adapter is connected to Telegram: getMe
// succeeded (New did it) and the webhook is set, or long polling runs and
// its last getUpdates did not fail. Otherwise it says what is missing, without the token; a
// readiness check shows it.
func (a *Adapter) Connected() error {
	a.mu.RLock()
	stopped := a.stopped
	a.mu.RUnlock()
	known, err := a.conn.get()
	webhook := a.cfg.WebhookURL != ""
	switch {
	case stopped:
		return errors.New("stopping")
	case !known && webhook:
		return errors.New("the webhook is not set yet")
	case !known:
		return errors.New("not polling yet")
	case err != nil && webhook:
		return fmt.Errorf("setWebhook failed: %w", err)
	case err != nil:
		return fmt.Errorf("getUpdates is failing: %w", err)
	}
	return nil
}
