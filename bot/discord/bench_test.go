package discord_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
	"github.com/briefbot/briefbot/summaries"
)

const benchInteractions = 2000

// countingTransport counts interaction callbacks that Discord accepted.
type countingTransport struct {
	next http.RoundTripper
	n    atomic.Int64
	want int64
	done chan struct{}
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(r)
	if err == nil && resp.StatusCode < 300 && r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/callback") {
		if c.n.Add(1) == c.want {
			close(c.done)
		}
	}
	return resp, err
}

var benchCommands = []discordtest.SlashSpec{
	{Name: "figures"}, {Name: "summary"}, {Name: "list"}, {Name: "help"},
	{Name: "figures", Options: []discordtest.CommandOption{{Name: "lang", Value: "en"}}},
	{Name: "summary", Options: []discordtest.CommandOption{{Name: "lang", Value: "en"}}},
}

// fixedBot is the baseline: a bare discordgo bot that answers every
// interaction with a fixed text, or with fixed embeds when given.
func fixedBot(ctx context.Context, fake *discordtest.Server, rt http.RoundTripper, answers map[string]*discordgo.InteractionResponseData) error {
	s, err := discordgo.New("Bot " + fake.Token())
	if err != nil {
		return err
	}
	s.Client = &http.Client{Transport: rt}
	s.Identify.Intents = discordgo.IntentsGuilds
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		data := &discordgo.InteractionResponseData{Content: "Joint Communiqué of the Global Coalition to Defeat ISIS"}
		if answers != nil {
			d := ic.ApplicationCommandData()
			key := d.Name
			for _, o := range d.Options {
				key += " " + fmt.Sprint(o.Value)
			}
			data = answers[key]
		}
		s.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data})
	})
	if err := s.Open(); err != nil {
		return err
	}
	<-ctx.Done()
	return s.Close()
}

// fixedEmbeds renders, once, the embeds and buttons briefbot answers each
// command with.
func fixedEmbeds(b *testing.B, cat *summaries.Catalog) map[string]*discordgo.InteractionResponseData {
	core := bottest.NewCore(b, bottest.Options{Catalog: cat}).Bot
	codec := bot.NewButtonCodec(bot.DiscordButtonData, 16)
	out := map[string]*discordgo.InteractionResponseData{}
	for _, spec := range benchCommands {
		key, lang := spec.Name, summaries.AR
		for _, o := range spec.Options {
			key += " " + fmt.Sprint(o.Value)
			lang = summaries.Lang(fmt.Sprint(o.Value))
		}
		r := core.Handle(context.Background(), &bot.Request{Command: spec.Name, Lang: lang, Chat: bot.Chat{Key: "x"}})
		data := &discordgo.InteractionResponseData{Embeds: discord.Render(r)[0].Embeds, Components: []discordgo.MessageComponent{}}
		if len(r.Buttons) > 0 {
			var row discordgo.ActionsRow
			for _, btn := range r.Buttons {
				row.Components = append(row.Components, discordgo.Button{Label: btn.Label, Style: discordgo.SecondaryButton,
					CustomID: codec.Encode(btn)})
			}
			data.Components = []discordgo.MessageComponent{row}
		}
		out[key] = data
	}
	return out
}

func briefBot(ctx context.Context, b *testing.B, fake *discordtest.Server, rt http.RoundTripper, cat *summaries.Catalog) error {
	c := bottest.NewCore(b, bottest.Options{Catalog: cat, Config: func(c *bot.Config) {
		c.Logger = slog.New(slog.DiscardHandler)
		c.UserRate, c.UserBurst = bot.DefaultUserRate, benchInteractions // limits on, never reached
	}})
	a, err := discord.New(discord.Config{Token: fake.Token(), APIURL: fake.URL(), GuildID: "100", Transport: rt}, c.Bot, c.States)
	if err != nil {
		return err
	}
	return a.Run(ctx)
}

// rate dispatches benchInteractions slash commands through the fake gateway
// and returns interactions answered per second.
func rate(b *testing.B, run func(context.Context, *discordtest.Server, http.RoundTripper) error) float64 {
	fake := discordtest.New(discordtest.WithoutLimits())
	defer fake.Close()
	fake.AddChannel("200", "100", "newsroom")
	counter := &countingTransport{next: &discordtest.RewriteTransport{Base: mustURL(fake.URL())}, want: benchInteractions, done: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, fake, counter) }()
	defer func() { cancel(); <-done }()
	wctx, wcancel := context.WithTimeout(ctx, 2*time.Minute)
	defer wcancel()
	if err := fake.WaitReady(wctx); err != nil {
		b.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // let command registration finish
	start := time.Now()
	for i := range benchInteractions {
		spec := benchCommands[i%len(benchCommands)]
		spec.ChannelID = "200"
		spec.User = discordtest.User{ID: fmt.Sprint(5000 + i%300), Username: "u"}
		if _, err := fake.SlashCommand(wctx, spec); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-counter.done:
	case <-wctx.Done():
		b.Fatalf("only %d answers", counter.n.Load())
	}
	elapsed := time.Since(start)
	if v := fake.Violations(); len(v) > 0 {
		b.Fatalf("violations: %v", v[:1])
	}
	return benchInteractions / elapsed.Seconds()
}

// BenchmarkInteractions compares briefbot with bare discordgo bots on the
// same fake gateway and REST server, in the same run: one answering a fixed
// text, one answering the fixed embeds briefbot would send. Goal: 0.9.
func BenchmarkInteractions(b *testing.B) {
	cat := bottest.Bundled(b)
	embeds := fixedEmbeds(b, cat)
	var text, fixed, brief []float64
	for b.Loop() {
		text = append(text, rate(b, func(ctx context.Context, f *discordtest.Server, rt http.RoundTripper) error {
			return fixedBot(ctx, f, rt, nil)
		}))
		fixed = append(fixed, rate(b, func(ctx context.Context, f *discordtest.Server, rt http.RoundTripper) error {
			return fixedBot(ctx, f, rt, embeds)
		}))
		brief = append(brief, rate(b, func(ctx context.Context, f *discordtest.Server, rt http.RoundTripper) error {
			return briefBot(ctx, b, f, rt, cat)
		}))
	}
	t, f, br := bottest.Median(text), bottest.Median(fixed), bottest.Median(brief)
	b.ReportMetric(t, "text-int/s")
	b.ReportMetric(f, "embeds-int/s")
	b.ReportMetric(br, "briefbot-int/s")
	b.ReportMetric(br/t, "ratio-vs-text")
	b.ReportMetric(br/f, "ratio-vs-embeds")
	b.Logf("fixed text %.0f/s, fixed embeds %.0f/s, briefbot %.0f/s; briefbot/text %.2f, briefbot/embeds %.2f (median of %d rounds)",
		t, f, br, br/t, br/f, len(text))
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
