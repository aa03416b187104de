package discordtest

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func newFake(t testing.TB, opts ...Option) *Server {
	t.Helper()
	f := New(opts...)
	t.Cleanup(f.Close)
	return f
}

// open connects a real discordgo session to the fake. The session is not
// closed explicitly (discordgo's Close sleeps a second); the fake's Close
// drops the connection and reconnecting is off.
func open(t testing.TB, f *Server, setup func(*discordgo.Session)) *discordgo.Session {
	t.Helper()
	dg, err := f.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	dg.ShouldReconnectOnError = false
	if setup != nil {
		setup(dg)
	}
	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	return dg
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return -1
}

func TestGatewayInteractionRoundTrip(t *testing.T) {
	t.Parallel()
	f := newFake(t, WithHeartbeat(40*time.Millisecond))
	f.AddChannel("200", "100", "general")
	second := make(chan error, 1)
	dg := open(t, f, func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			if i.ApplicationCommandData().Name != "ping" {
				return
			}
			r := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "pong " + i.Member.User.Username}}
			if err := s.InteractionRespond(i.Interaction, r); err != nil {
				t.Errorf("first respond: %v", err)
			}
			second <- s.InteractionRespond(i.Interaction, r)
		})
	})
	opened := time.Now().UTC() // discordgo sets LastHeartbeatAck once in Open
	dg.State.RLock()
	me := *dg.State.User
	dg.State.RUnlock()
	if me.ID != f.AppID() || !me.Bot {
		t.Fatalf("READY user = %+v", me)
	}
	ctx := ctxT(t)
	p, err := f.SlashCommand(ctx, SlashSpec{ChannelID: "200", User: User{Username: "ann"}, Name: "ping"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := f.WaitResponse(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Content() != "pong ann" {
		t.Fatalf("response = %+v", resp)
	}
	if resp.Original == nil || resp.Original.ChannelID != "200" || resp.Original.WebhookID != f.AppID() {
		t.Fatalf("original = %+v", resp.Original)
	}
	if err := <-second; restCode(err) != CodeAlreadyAcknowledged {
		t.Fatalf("second respond: %v, want code 40060", err)
	}
	if got := f.ChannelMessages("200"); len(got) != 1 || got[0].Content != "pong ann" {
		t.Fatalf("channel messages = %v", got)
	}
	// Heartbeats are acknowledged, in compressed frames discordgo reads.
	waitHeartbeats(t, f, 3)
	if st := f.Stats(); st.Heartbeats < 3 || st.Identifies != 1 || st.Live != 1 {
		t.Fatalf("stats = %+v", st)
	}
	dg.RLock()
	lastAck := dg.LastHeartbeatAck
	dg.RUnlock()
	if !lastAck.After(opened) {
		t.Fatalf("discordgo saw no heartbeat ACK after Open (last %v)", lastAck)
	}
	if v := f.Violations(); len(v) != 1 || !strings.Contains(v[0], "already been acknowledged") {
		t.Fatalf("violations = %q", v)
	}
}

func TestLateResponseIsUnknownInteraction(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.AddChannel("200", "100", "general")
	got := make(chan error, 1)
	open(t, f, func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			f.Advance(InteractionDeadline + time.Millisecond) // the bot was slow
			got <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
		})
	})
	if _, err := f.SlashCommand(ctxT(t), SlashSpec{ChannelID: "200", Name: "slow"}); err != nil {
		t.Fatal(err)
	}
	err := <-got
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response.StatusCode != 404 || re.Message.Code != CodeUnknownInteraction {
		t.Fatalf("late respond: %v, want 404 10062", err)
	}
}

func TestWrongTokenIdentifyRejected(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	dg, _ := discordgo.New("Bot not-the-token")
	dg.Client = f.Client()
	dg.ShouldReconnectOnError = false
	err := dg.Open()
	if err == nil || !strings.Contains(err.Error(), "4004") {
		t.Fatalf("Open with wrong token: %v, want close 4004", err)
	}
	if st := f.Stats(); st.Identifies != 0 {
		t.Fatalf("identifies = %d", st.Identifies)
	}
}

func TestDisconnectResumeReplaysMissedDispatches(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.AddChannel("200", "100", "general")
	var seen atomic.Int32
	dg := open(t, f, func(dg *discordgo.Session) {
		dg.ShouldReconnectOnError = true
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			seen.Add(1)
			_ = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "ok"}})
		})
	})
	// discordgo bug: a drop before the heartbeat goroutine's first write
	// makes it start a second reconnect loop; drop after that write.
	waitHeartbeats(t, f, 1)
	hb := f.Stats().Heartbeats
	f.DisconnectAll()
	// Dispatched while the client is away (discordgo waits a second before
	// reconnecting): kept for RESUME and replayed.
	ctx := ctxT(t)
	p, err := f.SlashCommand(ctx, SlashSpec{ChannelID: "200", Name: "during-outage"})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := f.WaitResponse(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Content() != "ok" || seen.Load() != 1 {
		t.Fatalf("resp %+v seen %d", resp, seen.Load())
	}
	if st := f.Stats(); st.Resumes != 1 || st.Identifies != 1 {
		t.Fatalf("stats = %+v, want one identify and one resume", st)
	}
	// Close only after the new connection's first heartbeat: discordgo races
	// a Close against that write and would start reconnecting again.
	waitHeartbeats(t, f, hb+1)
	_ = dg.Close()
}

// waitHeartbeats waits until the fake has acknowledged n heartbeats.
func waitHeartbeats(t testing.TB, f *Server, n int) {
	t.Helper()
	for deadline := time.Now().Add(3 * time.Second); f.Stats().Heartbeats < n; time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d heartbeats, want %d", f.Stats().Heartbeats, n)
		}
	}
}

func TestShardingIsRefused(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	dg, _ := f.NewSession()
	dg.ShouldReconnectOnError = false
	dg.ShardID, dg.ShardCount = 1, 2
	if err := dg.Open(); err == nil || !strings.Contains(err.Error(), "4010") {
		t.Fatalf("Open as shard 1 of 2: %v, want close 4010", err)
	}
	if v := f.Violations(); len(v) != 1 || !strings.Contains(v[0], "sharding is not modelled") {
		t.Fatalf("violations = %q", v)
	}
}

func TestDispatchRawInteraction(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	got := make(chan *discordgo.InteractionCreate, 2)
	open(t, f, func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			got <- i
			if i.ID == "" {
				return
			}
			_ = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: "ok"}})
		})
	})
	ctx := ctxT(t)
	if err := f.DispatchRawInteraction(ctx, []byte("{not json")); err == nil {
		t.Fatal("broken JSON dispatched")
	}
	// A command without data, in a guild the fake does not know.
	raw := `{"id":"42","application_id":"` + f.AppID() + `","type":2,"token":"tok-42","version":1,"guild_id":"77","channel_id":"78"}`
	if err := f.DispatchRawInteraction(ctx, []byte(raw)); err != nil {
		t.Fatal(err)
	}
	if i := <-got; i.ID != "42" || i.GuildID != "77" || i.Data != nil {
		t.Fatalf("dispatched %+v", i.Interaction)
	}
	r, err := f.WaitResponse(ctx, "42")
	if err != nil || r.Content() != "ok" {
		t.Fatalf("response %+v %v", r, err)
	}
	// Without id and token it is dispatched but not registered.
	if err := f.DispatchRawInteraction(ctx, []byte(`{"type":1}`)); err != nil {
		t.Fatal(err)
	}
	<-got
	if v := f.Violations(); len(v) != 0 {
		t.Fatalf("violations = %q", v)
	}
}
