package discordtest

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestDeferredResponseEditAndFollowup(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.AddChannel("200", "100", "general")
	errs := make(chan error, 8)
	open(t, f, func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			d := i.ApplicationCommandData()
			errs <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}})
			content := fmt.Sprintf("%s for %v days", d.Options[0].StringValue(), d.Options[1].IntValue())
			_, err := s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{Content: &content})
			errs <- err
			m, err := s.FollowupMessageCreate(i.Interaction, true, &discordgo.WebhookParams{Content: "follow-up"})
			if err == nil && (m == nil || m.Content != "follow-up") {
				err = fmt.Errorf("follow-up message %+v", m)
			}
			errs <- err
			_, err = s.FollowupMessageCreate(i.Interaction, false, &discordgo.WebhookParams{Content: strings.Repeat("y", 2001)})
			if restCode(err) != CodeInvalidFormBody {
				err = fmt.Errorf("2001-character follow-up: %v", err)
			} else {
				err = nil
			}
			errs <- err
		})
	})
	ctx := ctxT(t)
	p, err := f.SlashCommand(ctx, SlashSpec{ChannelID: "200", Name: "weather",
		Options: []CommandOption{{Name: "city", Value: "Oslo"}, {Name: "days", Value: 3}}})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := f.WaitFor(ctx, p.ID, func(r Response) bool { return len(r.Followups) == 1 && r.OriginalEdits == 1 })
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || resp.Content() != "Oslo for 3 days" ||
		resp.Original.Flags&discordgo.MessageFlagsEphemeral == 0 || resp.Original.Flags&discordgo.MessageFlagsLoading != 0 {
		t.Fatalf("response = %+v original %+v", resp, resp.Original)
	}
	if resp.Followups[0].Content != "follow-up" {
		t.Fatalf("follow-ups = %+v", resp.Followups)
	}
	// The ephemeral original is not in the channel; the follow-up is.
	if msgs := f.ChannelMessages("200"); len(msgs) != 1 || msgs[0].Content != "follow-up" {
		t.Fatalf("channel = %+v", msgs)
	}
	// The token expires after 15 minutes.
	f.Advance(TokenLifetime + time.Second)
	dg := rest(t, f)
	i, _ := p.Interaction()
	if _, err := dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: "late"}); restCode(err) != CodeInvalidWebhookToken {
		t.Fatalf("expired token: %v", err)
	}
}

func TestAutocompleteButtonAndWrongCallbackTypes(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.AddChannel("200", "100", "general")
	errs := make(chan error, 8)
	open(t, f, func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			switch i.Type {
			case discordgo.InteractionApplicationCommandAutocomplete:
				var focused string
				for _, o := range i.ApplicationCommandData().Options {
					if o.Focused {
						focused = o.StringValue()
					}
				}
				var many []*discordgo.ApplicationCommandOptionChoice
				for n := 0; n < 26; n++ {
					many = append(many, &discordgo.ApplicationCommandOptionChoice{Name: fmt.Sprint(focused, n), Value: fmt.Sprint(n)})
				}
				err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
					Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: many}})
				if restCode(err) != CodeInvalidFormBody {
					errs <- fmt.Errorf("26 choices: %v", err)
					return
				}
				// A rejected answer leaves the interaction unanswered: try again.
				errs <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
					Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{Choices: many[:2]}})
			case discordgo.InteractionMessageComponent:
				errs <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseUpdateMessage,
					Data: &discordgo.InteractionResponseData{Content: "clicked " + i.MessageComponentData().CustomID}})
			case discordgo.InteractionApplicationCommand:
				err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseUpdateMessage, Data: &discordgo.InteractionResponseData{Content: "x"}})
				if restCode(err) != CodeInvalidFormBody {
					errs <- fmt.Errorf("UPDATE_MESSAGE for a slash command: %v", err)
					return
				}
				errs <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: "asked"}})
			}
		})
	})
	ctx := ctxT(t)

	p, err := f.Autocomplete(ctx, SlashSpec{ChannelID: "200", Name: "weather",
		Options: []CommandOption{{Name: "city", Value: "Os"}}}, "city")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := f.WaitResponse(ctx, p.ID)
	if err != nil || <-errs != nil {
		t.Fatal(err)
	}
	if ch := resp.Choices(); len(ch) != 2 || ch[0].Name != "Os0" {
		t.Fatalf("choices = %+v", ch)
	}

	// A button on a message the bot posted: UPDATE_MESSAGE edits that message.
	dg := rest(t, f)
	m, err := dg.ChannelMessageSendComplex("200", &discordgo.MessageSend{Content: "pick", Components: []discordgo.MessageComponent{
		discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "Go", CustomID: "go"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	p, err = f.PressButton(ctx, "200", User{ID: "7", Username: "bo"}, m.ID, "go")
	if err != nil {
		t.Fatal(err)
	}
	if resp, err = f.WaitResponse(ctx, p.ID); err != nil || <-errs != nil {
		t.Fatal(err)
	}
	if msgs := f.ChannelMessages("200"); len(msgs) != 1 || msgs[0].Content != "clicked go" || msgs[0].EditedTimestamp == nil {
		t.Fatalf("channel = %+v", msgs)
	}

	// UPDATE_MESSAGE is refused for a slash command, and a refused answer
	// leaves the interaction open for a valid one.
	p, err = f.SlashCommand(ctx, SlashSpec{ChannelID: "200", Name: "ask"})
	if err != nil {
		t.Fatal(err)
	}
	if resp, err = f.WaitResponse(ctx, p.ID); err != nil || <-errs != nil || resp.Content() != "asked" {
		t.Fatalf("slash: %+v %v", resp, err)
	}
	if v := f.Violations(); len(v) != 2 {
		t.Fatalf("violations = %q, want the 26 choices and the UPDATE_MESSAGE", v)
	}
}

func TestSlashPayloadDecodesInDiscordgo(t *testing.T) {
	t.Parallel()
	p := NewSlashInteraction(DefaultAppID, SlashSpec{GuildID: "1", ChannelID: "2", MemberPermissions: discordgo.PermissionAdministrator,
		User: User{ID: "3", Username: "u", Locale: "de"}, Name: "admin",
		Options: []CommandOption{{Name: "n", Value: 1.5}, {Name: "on", Value: true}, {Name: "city", Value: "Oslo"}}})
	i, err := p.Interaction()
	if err != nil {
		t.Fatal(err)
	}
	d := i.ApplicationCommandData()
	if i.ID != p.ID || i.Token != p.Token || i.Member.Permissions != discordgo.PermissionAdministrator || i.Locale != discordgo.German ||
		d.Options[0].FloatValue() != 1.5 || !d.Options[1].BoolValue() || d.Options[2].StringValue() != "Oslo" {
		t.Fatalf("interaction = %+v data %+v", i, d)
	}
}

func TestHTTPInteractionsEndpoint(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	key, _ := hex.DecodeString(f.PublicKey())
	var badSig atomic.Bool
	bot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !discordgo.VerifyInteraction(r, ed25519.PublicKey(key)) {
			badSig.Store(true)
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		body, _ := io.ReadAll(r.Body)
		var i discordgo.Interaction
		_ = json.Unmarshal(body, &i)
		w.Header().Set("Content-Type", "application/json")
		if i.Type == discordgo.InteractionPing {
			_, _ = w.Write([]byte(`{"type":1}`))
			return
		}
		_ = json.NewEncoder(w).Encode(discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	}))
	defer bot.Close()
	ctx := ctxT(t)
	if _, err := f.PostInteraction(ctx, bot.URL, NewPingInteraction(f.AppID())); err != nil {
		t.Fatalf("ping: %v", err)
	}
	p := NewSlashInteraction(f.AppID(), SlashSpec{GuildID: "1", ChannelID: "2", Name: "slow"})
	if _, err := f.PostInteraction(ctx, bot.URL, p); err != nil || badSig.Load() {
		t.Fatalf("slash: %v (bad signature %v)", err, badSig.Load())
	}
	// The bot finishes through the REST API with the interaction token.
	dg := rest(t, f)
	i, _ := p.Interaction()
	content := "done"
	if _, err := dg.InteractionResponseEdit(i, &discordgo.WebhookEdit{Content: &content}); err != nil {
		t.Fatal(err)
	}
	resp, err := f.WaitFor(ctx, p.ID, func(r Response) bool { return r.Content() == "done" })
	if err != nil || resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("%+v %v", resp, err)
	}
}

// BenchmarkGatewayInteractions measures interactions/s through the gateway
// with a discordgo bot that answers each one (limits off). At most inFlight
// interactions wait for their answer at a time: with thousands in flight on
// two cores some answers come after the 3-second deadline, and the fake
// rightly refuses them.
func BenchmarkGatewayInteractions(b *testing.B) {
	const inFlight = 64
	f := newFake(b, WithoutLimits())
	f.AddChannel("200", "100", "general")
	open(b, f, func(dg *discordgo.Session) {
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			_ = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: "pong"}})
		})
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ids := make([]string, 0, b.N)
	b.ResetTimer()
	wait := func(id string) {
		if _, err := f.WaitResponse(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
	for n := 0; n < b.N; n++ {
		if n >= inFlight {
			wait(ids[n-inFlight])
		}
		p, err := f.SlashCommand(ctx, SlashSpec{ChannelID: "200", Name: "ping"})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	for _, id := range ids[max(len(ids)-inFlight, 0):] {
		wait(id)
	}
	b.StopTimer()
	if v := f.Violations(); len(v) > 0 {
		b.Fatalf("violations: %q", v[:1])
	}
}
