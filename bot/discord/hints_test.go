package discord_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
	"github.com/briefbot/briefbot/summaries"
)

var colleague = discordtest.User{ID: "9002", Username: "colleague", Locale: "en-US"}

// componentIDs are the custom ids of a message's buttons, by label.
func componentIDs(t *testing.T, raw []json.RawMessage) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range raw {
		var row struct {
			Components []struct {
				Label    string `json:"label"`
				CustomID string `json:"custom_id"`
			} `json:"components"`
		}
		if err := json.Unmarshal(r, &row); err != nil {
			t.Fatal(err)
		}
		for _, c := range row.Components {
			out[c.Label] = c.CustomID
		}
	}
	return out
}

func messageButtons(m *discordgo.Message) map[string]string {
	out := map[string]string{}
	for _, c := range m.Components {
		if row, ok := c.(*discordgo.ActionsRow); ok {
			for _, b := range row.Components {
				if btn, ok := b.(*discordgo.Button); ok {
					out[btn.Label] = btn.CustomID
				}
			}
		}
	}
	return out
}

// pressAs presses the button with customID under message msgID as user and
// returns the answer.
func (e *env) pressAs(user discordtest.User, msgID, customID string) discordtest.Response {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if customID == "" {
		e.t.Fatal("no such button")
	}
	p, err := e.fake.PressButton(ctx, channelID, user, msgID, customID)
	if err != nil {
		e.t.Fatal(err)
	}
	r, err := e.fake.WaitFor(ctx, p.ID, func(r discordtest.Response) bool { return r.Answered() })
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

func (e *env) slashWith(name string, opts ...discordtest.CommandOption) discordtest.Response {
	return e.slash(name, 0, opts...)
}

// TestEveryHintOpensTheStatementItNames follows every pointer of the
// summary, the figures and a briefing on Discord with two statements
// loaded: each opens the statement it names.
func TestEveryHintOpensTheStatementItNames(t *testing.T) {
	e := start(t, option{catalog: bottest.Fixture(t)})
	en := discordtest.CommandOption{Name: "lang", Value: "en"}
	r := e.slashWith("summary", discordtest.CommandOption{Name: "statement", Value: "coalition-fixture-2018"}, en)
	u := e.pressAs(reporter, r.Original.ID, componentIDs(t, decode(t, r).Components)["Key figures"])
	if d := decode(t, u); u.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(d.Embeds[0].Description, "nearly $2.3 billion") {
		t.Fatalf("the summary's Key figures (type %d):\n%s", u.Type, d.Embeds[0].Description)
	}
	u = e.pressAs(reporter, r.Original.ID, componentIDs(t, decode(t, u).Components)["Summary"])
	if d := decode(t, u); !strings.Contains(d.Embeds[0].Description, "This is a test statement") {
		t.Errorf("the figures' Summary:\n%s", d.Embeds[0].Description)
	}

	// A briefing's buttons open each statement's view for the presser
	// alone; the briefing stays as it was posted.
	cat := bottest.Fixture(t)
	if err := e.a.Send(context.Background(), bot.Chat{Key: "discord:" + channelID}, e.core.Bot.DailyReply(summaries.EN, bot.WesternDigits, time.Now(), cat.All())); err != nil {
		t.Fatal(err)
	}
	msgs := e.fake.ChannelMessages(channelID)
	briefing := msgs[len(msgs)-1]
	bs := messageButtons(briefing)
	for label, shows := range map[string]string{
		"Summary · Coalition test statement":           "This is a test statement",
		"Key figures · Coalition test statement":       "nearly $2.3 billion",
		"Key figures · Joint Communiqué by Ministers…": "more than 40,000 fighters",
	} {
		u := e.pressAs(colleague, briefing.ID, bs[label])
		d := decode(t, u)
		if u.Type != discordgo.InteractionResponseChannelMessageWithSource || d.Flags&int(discordgo.MessageFlagsEphemeral) == 0 {
			t.Errorf("%q: answered with type %d flags %d, want an ephemeral message", label, u.Type, d.Flags)
		}
		if text := embedText(u.Original); !strings.Contains(text, shows) {
			t.Errorf("%q opened:\n%s", label, text)
		}
	}
	if m := e.fake.ChannelMessages(channelID); m[len(m)-1].EditedTimestamp != nil {
		t.Error("a press changed the briefing")
	}
}

// TestSomeoneElsesButtonIsEphemeral: a button under a reply another member
// asked for answers the presser with an ephemeral message of their own;
// the asker's press updates the message.
func TestSomeoneElsesButtonIsEphemeral(t *testing.T) {
	e := start(t, option{catalog: bottest.Fixture(t)})
	r := e.slashWith("figures", discordtest.CommandOption{Name: "statement", Value: "fixture"}) // Arabic, the default
	toEnglish := componentIDs(t, decode(t, r).Components)["English"]
	u := e.pressAs(colleague, r.Original.ID, toEnglish)
	if d := decode(t, u); u.Type != discordgo.InteractionResponseChannelMessageWithSource || d.Flags&int(discordgo.MessageFlagsEphemeral) == 0 ||
		!strings.Contains(d.Embeds[0].Description, "nearly $2.3 billion") {
		t.Errorf("the colleague's press: type %d flags %d\n%s", u.Type, d.Flags, string(u.Data))
	}
	if orig, _ := e.fake.Interaction(r.InteractionID); orig.OriginalEdits != 0 || !strings.Contains(embedText(orig.Original), "قرابة") {
		t.Error("someone else's press changed the message for everyone")
	}
	if u := e.pressAs(reporter, r.Original.ID, toEnglish); u.Type != discordgo.InteractionResponseUpdateMessage {
		t.Errorf("the asker's press answered with type %d, want an update", u.Type)
	}
}

// TestFigureOnDiscord: /figure completes the figures of the statement
// chosen, and its citation is the message's content, which "Copy Text"
// copies as it is.
func TestFigureOnDiscord(t *testing.T) {
	e := start(t, option{catalog: bottest.Fixture(t)})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	spec := discordtest.SlashSpec{ChannelID: channelID, User: reporter, Name: "figure", Options: []discordtest.CommandOption{
		{Name: "statement", Value: "coalition-fixture-2018"}, {Name: "figure", Value: "fu", Focused: true}}}
	p, err := e.fake.Autocomplete(ctx, spec, "figure")
	if err != nil {
		t.Fatal(err)
	}
	ac, err := e.fake.WaitResponse(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cs := ac.Choices(); len(cs) != 1 || cs[0].Value != "funds" {
		t.Fatalf("figure choices: %+v", cs)
	}
	r := e.slashWith("figure", discordtest.CommandOption{Name: "statement", Value: "coalition-fixture-2018"},
		discordtest.CommandOption{Name: "figure", Value: "funds"}, discordtest.CommandOption{Name: "lang", Value: "en"})
	want := "nearly $2.3 billion — Test funding (Coalition test statement, Kuwait, 13 February 2018; source: Test text, https://example.org/statements/coalition-fixture-2018)"
	if r.Original.Content != want {
		t.Errorf("content %q, want the citation %q", r.Original.Content, want)
	}
	if text := embedText(r.Original); !strings.Contains(text, "«They raised nearly $2.3 billion.»") {
		t.Errorf("the figure:\n%s", text)
	}
}
