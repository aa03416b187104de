package discord

import (
	"context"
	"errors"
	"net/http"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// platform is the adapter's name in metrics.
const platform = bot.PlatformDiscord

// observe tells the observer what became of one message: sent, or failed;
// a send cut short by the end of ctx (a stop) is neither.
func (a *Adapter) observe(ctx context.Context, err error) {
	switch {
	case err == nil:
		a.obs.Delivered(platform, bot.DeliverySent)
	case ctx.Err() == nil:
		a.obs.Delivered(platform, bot.DeliveryFailed)
	}
}

// observeRateLimits counts the 429 answers discordgo reports, and the
// retry_after it then waits before it sends again by itself. The waits of
// its own per-route buckets, taken before a request is made, are not told
// to anyone: metrics see only the 429s.
func (a *Adapter) observeRateLimits() {
	a.s.AddHandler(func(_ *discordgo.Session, rl *discordgo.RateLimit) {
		a.obs.RateLimited(platform)
		if rl.TooManyRequests == nil {
			return
		}
		a.obs.Waited(platform, rl.RetryAfter)
		// Not the URL: an interaction's follow-up URL holds its token.
		a.log.Warn("throttled by Discord; the send waits", "retry_after", rl.RetryAfter, "bucket", rl.Bucket)
	})
}

// watchGateway follows the gateway session's state, for Connected.
func (a *Adapter) watchGateway() {
	a.s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) { a.gateway.Store(true) })
	a.s.AddHandler(func(*discordgo.Session, *discordgo.Disconnect) { a.gateway.Store(false) })
}

// Connected reports whether the adapter serves Discord: the application is
// known (READY from the gateway, or read over REST for HTTP interactions)
// and, on the gateway, the session is up. Otherwise it says what is
// missing; a readiness check shows it.
func (a *Adapter) Connected() error {
	a.mu.Lock()
	stopping := a.stopping
	a.mu.Unlock()
	if stopping {
		return errors.New("stopping")
	}
	select {
	case <-a.ready:
	default:
		if a.pub != nil {
			return errors.New("the application is not known yet")
		}
		return errors.New("no READY from the gateway yet")
	}
	if a.pub == nil && !a.gateway.Load() {
		return errors.New("the gateway session is disconnected; reconnecting")
	}
	return nil
}

// observeTransport counts the 502 answers to REST requests: discordgo
// sends the request again after one (up to its MaxRestRetries), which is
// the only retry it makes on its own besides 429s.
type observeTransport struct {
	next http.RoundTripper
	a    *Adapter
}

func (t *observeTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusBadGateway {
		t.a.obs.Delivered(platform, bot.DeliveryRetried)
		t.a.log.Warn("Discord answered 502; the request is sent again", "method", r.Method)
	}
	return resp, err
}
