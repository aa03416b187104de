package discord_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/summaries"
)

// flakyTransport answers the first channel message with 429, the second
// with 502, as Discord may; everything else reaches the fake.
type flakyTransport struct {
	mu    sync.Mutex
	posts int
}

func (f *flakyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/channels/"+channelID+"/messages") {
		f.mu.Lock()
		f.posts++
		n := f.posts
		f.mu.Unlock()
		answer := func(status int, body string) *http.Response {
			h := http.Header{"Content-Type": {"application/json"}}
			return &http.Response{StatusCode: status, Status: http.StatusText(status), Header: h, Body: io.NopCloser(strings.NewReader(body)), Request: r}
		}
		switch n {
		case 1:
			return answer(http.StatusTooManyRequests, `{"message": "You are being rate limited.", "retry_after": 0.25, "global": false}`), nil
		case 2:
			return answer(http.StatusBadGateway, `{"message": "502: Bad Gateway", "code": 0}`), nil
		}
	}
	return http.DefaultTransport.RoundTrip(r)
}

// TestDeliveriesAreObserved: a briefing post that meets a 429 and a 502
// before it goes through is one message sent, one 429 with its wait, and
// one retry; an answered command is a message sent and a command counted;
// the 429 and the 502 are logged at warn, and the adapter is connected.
func TestDeliveriesAreObserved(t *testing.T) {
	e := start(t, option{cfg: func(c *discord.Config) { c.Transport = &flakyTransport{} }})
	obs := e.core.Observer
	if err := e.a.Connected(); err != nil {
		t.Errorf("connected: %v", err)
	}
	reply := &bot.Reply{Lang: summaries.EN, Blocks: []bot.Block{bot.Paragraph{Text: "Morning briefing"}}}
	if err := e.a.Send(context.Background(), bot.Chat{Key: "discord:" + channelID}, reply); err != nil {
		t.Fatal(err)
	}
	if n := len(e.fake.ChannelMessages(channelID)); n != 1 {
		t.Fatalf("%d messages posted, want 1", n)
	}
	e.slash("figures", 0)
	for deadline := time.Now().Add(5 * time.Second); obs.Count("sent discord") < 2 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	for key, want := range map[string]int{"sent discord": 2, "429 discord": 1, "retried discord": 1, "failed discord": 0} {
		if got := obs.Count(key); got != want {
			t.Errorf("%s: %d, want %d (all: %v)", key, got, want, obs.Counts())
		}
	}
	if obs.Count("command discord figures en")+obs.Count("command discord figures ar") != 1 {
		t.Errorf("the command was not counted: %v", obs.Counts())
	}
	if w := obs.WaitedFor("discord"); w != 250*time.Millisecond {
		t.Errorf("waited %v, want the 429's 250ms", w)
	}
	for _, line := range []string{"throttled by Discord", "Discord answered 502"} {
		if !strings.Contains(e.logs.String(), "level=WARN msg=\""+line) {
			t.Errorf("no warning %q:\n%s", line, e.logs.String())
		}
	}
}
