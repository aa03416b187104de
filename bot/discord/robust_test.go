package discord_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
	"github.com/briefbot/briefbot/summaries"
)

// malformed are interactions Discord could send broken, or a proxy could
// mangle; %[1]s is the interaction id. Each must be logged once with its
// id and skipped (the gateway) or refused at once (HTTP), and the bot must
// go on answering.
var malformed = []struct{ name, json string }{
	{"component without data", `{"id":"%[1]s","application_id":"1","type":3,"token":"tok-%[1]s","channel_id":"200","guild_id":"100","member":{"user":{"id":"9001","username":"r"},"permissions":"0"}}`},
	{"command without data", `{"id":"%[1]s","application_id":"1","type":2,"token":"tok-%[1]s","channel_id":"200","guild_id":"100","member":{"user":{"id":"9001","username":"r"},"permissions":"0"}}`},
	{"data of the wrong type", `{"id":"%[1]s","application_id":"1","type":2,"token":"tok-%[1]s","channel_id":"200","guild_id":"100","member":{"user":{"id":"9001","username":"r"},"permissions":"0"},"data":{"name":5}}`},
	{"an option that is null", `{"id":"%[1]s","application_id":"1","type":2,"token":"tok-%[1]s","channel_id":"200","guild_id":"100","member":{"user":{"id":"9001","username":"r"},"permissions":"0"},"data":{"id":"1","name":"figures","type":1,"options":[null]}}`},
	{"autocomplete with a null option", `{"id":"%[1]s","application_id":"1","type":4,"token":"tok-%[1]s","channel_id":"200","guild_id":"100","member":{"user":{"id":"9001","username":"r"},"permissions":"0"},"data":{"id":"1","name":"figures","type":1,"options":[null]}}`},
	{"without a user", `{"id":"%[1]s","application_id":"1","type":2,"token":"tok-%[1]s","channel_id":"200","guild_id":"100","data":{"id":"1","name":"help","type":1}}`},
	{"member without a user", `{"id":"%[1]s","application_id":"1","type":2,"token":"tok-%[1]s","channel_id":"200","guild_id":"100","member":{"permissions":"0"},"data":{"id":"1","name":"help","type":1}}`},
	{"without a channel", `{"id":"%[1]s","application_id":"1","type":2,"token":"tok-%[1]s","guild_id":"100","member":{"user":{"id":"9001","username":"r"},"permissions":"0"},"data":{"id":"1","name":"help","type":1}}`},
	{"without a token", `{"id":"%[1]s","application_id":"1","type":2,"channel_id":"200","guild_id":"100","member":{"user":{"id":"9001","username":"r"},"permissions":"0"},"data":{"id":"1","name":"help","type":1}}`},
	{"an unknown type", `{"id":"%[1]s","application_id":"1","type":42,"token":"tok-%[1]s","channel_id":"200","guild_id":"100","member":{"user":{"id":"9001","username":"r"},"permissions":"0"},"data":{}}`},
	{"a channel id of the wrong type", `{"id":"%[1]s","application_id":"1","type":2,"token":"tok-%[1]s","channel_id":200,"guild_id":"100","member":{"user":{"id":"9001","username":"r"},"permissions":"0"},"data":{"id":"1","name":"help","type":1}}`},
}

// checkSkipped checks that interaction id was logged once as malformed and
// that nothing panicked.
func checkSkipped(t *testing.T, logs func() string, id string) {
	t.Helper()
	line := fmt.Sprintf("malformed interaction skipped\" platform=discord interaction=%s ", id)
	for deadline := time.Now().Add(5 * time.Second); !strings.Contains(logs(), line) && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond) // the gateway's handlers run on their own goroutines
	}
	if n := strings.Count(logs(), line); n != 1 {
		t.Errorf("interaction %s logged %d times as malformed, want once:\n%s", id, n, logs())
	}
	if strings.Contains(logs(), "panicked") {
		t.Errorf("a handler panicked:\n%s", logs())
	}
}

// TestMalformedInteractionsOnTheGateway dispatches each malformed
// interaction through the gateway, then an ordinary command, which must be
// answered.
func TestMalformedInteractionsOnTheGateway(t *testing.T) {
	e := start(t, option{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for i, m := range malformed {
		id := strconv.Itoa(7000 + i)
		if err := e.fake.DispatchRawInteraction(ctx, []byte(fmt.Sprintf(m.json, id))); err != nil {
			t.Fatal(err)
		}
		e.slash("help", 0)
		checkSkipped(t, e.logs.String, id)
	}
	// JSON that is no interaction at all.
	for _, raw := range []string{`null`, `[]`, `"x"`} {
		if err := e.fake.DispatchRawInteraction(ctx, []byte(raw)); err != nil {
			t.Fatal(err)
		}
		e.slash("help", 0)
	}
	if strings.Contains(e.logs.String(), "panicked") {
		t.Errorf("a handler panicked:\n%s", e.logs.String())
	}
}

// httpEnv is an adapter in HTTP-interactions mode with a key of the test's
// own, so that requests can be signed with any timestamp.
type httpEnv struct {
	e    *env
	srv  *httptest.Server
	priv ed25519.PrivateKey
	logs *bottest.SyncBuffer
}

func startHTTP(t *testing.T, config func(*bot.Config)) *httpEnv {
	t.Helper()
	e := start(t, option{})
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	c := bottest.NewCore(t, bottest.Options{Config: config})
	a, err := discord.New(discord.Config{Token: e.fake.Token(), APIURL: e.fake.URL(), GuildID: guildID, PublicKey: hex.EncodeToString(pub), Logger: c.Log}, c.Bot, c.States)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	<-a.Ready()
	srv := httptest.NewServer(a.HTTPHandler())
	t.Cleanup(srv.Close)
	return &httpEnv{e: e, srv: srv, priv: priv, logs: c.Logs}
}

// post sends body signed with timestamp ts and returns the status and body
// of the answer; the client gives up after 5 s (status 0).
func (h *httpEnv) post(t *testing.T, body []byte, ts string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, h.srv.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(h.priv, append([]byte(ts), body...))))
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func now() string { return strconv.FormatInt(time.Now().Unix(), 10) }

// help is an ordinary /help command as Discord posts it.
func help(id string) []byte {
	return []byte(fmt.Sprintf(`{"id":"%[1]s","application_id":"1","type":2,"token":"tok-%[1]s","channel_id":"200","guild_id":"100","member":{"user":{"id":"9001","username":"r"},"permissions":"0"},"data":{"id":"1","name":"help","type":1}}`, id))
}

// TestMalformedInteractionsOverHTTP: each validly signed malformed
// interaction gets an error status at once, never silence; an ordinary
// one is answered after them.
func TestMalformedInteractionsOverHTTP(t *testing.T) {
	h := startHTTP(t, nil)
	for i, m := range malformed {
		id := strconv.Itoa(8000 + i)
		began := time.Now()
		code, _ := h.post(t, []byte(fmt.Sprintf(m.json, id)), now())
		if code != http.StatusBadRequest || time.Since(began) > 2*time.Second {
			t.Errorf("%s: status %d after %v, want 400 at once", m.name, code, time.Since(began).Round(time.Millisecond))
		}
		checkSkipped(t, h.logs.String, id)
	}
	for _, raw := range []string{`null`, `[]`, `"x"`, `not json`} {
		if code, _ := h.post(t, []byte(raw), now()); code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", raw, code)
		}
	}
	code, body := h.post(t, help("8100"), now())
	var resp discordgo.InteractionResponse
	if code != http.StatusOK || json.Unmarshal(body, &resp) != nil || resp.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Errorf("an ordinary command after them: %d %s", code, body)
	}
}

// TestInteractionTimestamps: a captured request cannot be replayed: a
// timestamp that is no number, or more than five minutes from now, gets
// 401 even with a valid signature.
func TestInteractionTimestamps(t *testing.T) {
	h := startHTTP(t, nil)
	for _, ts := range []string{"soon", "", "1.5e9", strconv.FormatInt(time.Now().Add(-6*time.Minute).Unix(), 10), strconv.FormatInt(time.Now().Add(6*time.Minute).Unix(), 10)} {
		if code, _ := h.post(t, help("8200"), ts); code != http.StatusUnauthorized {
			t.Errorf("timestamp %q: status %d, want 401", ts, code)
		}
	}
	if code, _ := h.post(t, help("8201"), strconv.FormatInt(time.Now().Add(-2*time.Minute).Unix(), 10)); code != http.StatusOK {
		t.Errorf("a timestamp two minutes old: status %d, want 200", code)
	}
}

// TestInteractionBodyOverTheLimit gets 413, not a signature failure.
func TestInteractionBodyOverTheLimit(t *testing.T) {
	h := startHTTP(t, nil)
	body := []byte(`{"id":"1","type":1,"token":"t","pad":"` + strings.Repeat("x", 2<<20) + `"}`)
	if code, _ := h.post(t, body, now()); code != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", code)
	}
}

// TestFloodOfSlashCommands: a user who sends 30 commands within a second
// in a server channel gets a few answers and one notice; the other
// commands are acknowledged without a message (Discord needs an answer to
// every interaction).
func TestFloodOfSlashCommands(t *testing.T) {
	e := start(t, option{config: func(c *bot.Config) {
		c.UserRate, c.UserBurst, c.DefaultLang = bot.DefaultUserRate, bot.DefaultUserBurst, summaries.EN
	}})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var ids []string
	for range 30 {
		p, err := e.fake.SlashCommand(ctx, discordtest.SlashSpec{ChannelID: channelID, User: reporter, Name: "help"})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	answers, notices, quiet := 0, 0, 0
	for _, id := range ids {
		r, err := e.fake.WaitFor(ctx, id, func(r discordtest.Response) bool {
			return r.Answered() && (r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || r.Original == nil || r.OriginalEdits > 0)
		})
		if err != nil {
			t.Fatalf("interaction %s not answered: %v", id, err)
		}
		switch {
		case r.Original == nil:
			quiet++
		case strings.Contains(embedText(r.Original)+r.Original.Content, "too fast"):
			notices++
		default:
			answers++
		}
	}
	t.Logf("30 commands in a second: %d answers, %d notices, %d acknowledged without a message", answers, notices, quiet)
	if answers > bot.DefaultUserBurst+1 || answers == 0 || notices != 1 {
		t.Errorf("%d answers and %d notices; want at most %d answers and one notice", answers, notices, bot.DefaultUserBurst+1)
	}
}
