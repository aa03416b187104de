package discord_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
	"github.com/briefbot/briefbot/bot/internal/bidicheck"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

const (
	guildID   = "100"
	channelID = "200"
	otherChan = "201"
)

type env struct {
	t      *testing.T
	fake   *discordtest.Server
	a      *discord.Adapter
	states *store.Memory
	db     *store.SQLite
	logs   *bottest.SyncBuffer
	core   *bottest.Core
}

type option struct {
	cfg     func(*discord.Config)
	catalog *summaries.Catalog
	fake    []discordtest.Option
	sqlite  bool // the SQLite store, with subscriptions
	config  func(*bot.Config)
}

// start runs the adapter against a fresh fake Discord; the test fails if the
// bot sent anything Discord would refuse, or logged its token.
func start(t *testing.T, o option) *env {
	t.Helper()
	fake := discordtest.New(o.fake...)
	t.Cleanup(fake.Close)
	fake.AddChannel(channelID, guildID, "newsroom")
	fake.AddChannel(otherChan, guildID, "desk")
	c := bottest.NewCore(t, bottest.Options{Catalog: o.catalog, SQLite: o.sqlite, Config: o.config})
	cfg := discord.Config{Token: fake.Token(), APIURL: fake.URL(), GuildID: guildID, Logger: c.Log, Observer: c.Observer}
	if o.cfg != nil {
		o.cfg(&cfg)
	}
	a, err := discord.New(cfg, c.Bot, c.States)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	logs := c.Logs
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("the adapter did not stop")
		}
		for _, v := range fake.Violations() {
			t.Errorf("Discord would refuse: %s", v)
		}
		if strings.Contains(logs.String(), fake.Token()) {
			t.Error("the token appears in the logs")
		}
	})
	e := &env{t: t, fake: fake, a: a, states: c.Memory, db: c.SQLite, logs: logs, core: c}
	select {
	case <-a.Ready():
	case <-time.After(10 * time.Second):
		t.Fatalf("not ready: %s", logs.String())
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(fake.Commands(guildID)) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("commands were not registered")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return e
}

var reporter = discordtest.User{ID: "9001", Username: "reporter", Locale: "en-US"}

func (e *env) slash(name string, perms int64, opts ...discordtest.CommandOption) discordtest.Response {
	e.t.Helper()
	return e.ask(channelID, reporter, perms, name, opts...)
}

// ask runs a slash command as user in channel.
func (e *env) ask(channel string, user discordtest.User, perms int64, name string, opts ...discordtest.CommandOption) discordtest.Response {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := e.fake.SlashCommand(ctx, discordtest.SlashSpec{ChannelID: channel, User: user, MemberPermissions: perms, Name: name, Options: opts})
	if err != nil {
		e.t.Fatal(err)
	}
	return e.wait(ctx, p.ID)
}

func (e *env) wait(ctx context.Context, id string) discordtest.Response {
	e.t.Helper()
	r, err := e.fake.WaitFor(ctx, id, func(r discordtest.Response) bool { return r.Answered() && r.Original != nil })
	if err != nil {
		e.t.Fatalf("no response to %s: %v", id, err)
	}
	return r
}

type respData struct {
	Flags      int                       `json:"flags"`
	Embeds     []*discordgo.MessageEmbed `json:"embeds"`
	Components []json.RawMessage         `json:"components"`
	Choices    []map[string]any          `json:"choices"`
	Content    string                    `json:"content"`
}

func decode(t *testing.T, r discordtest.Response) respData {
	var d respData
	if err := json.Unmarshal(r.Data, &d); err != nil {
		t.Fatalf("response data %s: %v", r.Data, err)
	}
	return d
}

func embedText(m *discordgo.Message) string {
	var b strings.Builder
	for _, e := range m.Embeds {
		b.WriteString(e.Title + "\n" + e.Description + "\n")
		if e.Footer != nil {
			b.WriteString(e.Footer.Text + "\n")
		}
	}
	return b.String()
}

func TestCommandsAreRegisteredInEnglishOnly(t *testing.T) {
	e := start(t, option{})
	cmds := e.fake.Commands(guildID)
	names := map[string]*discordgo.ApplicationCommand{}
	for _, c := range cmds {
		names[c.Name] = c
		if c.NameLocalizations != nil {
			if _, ok := (*c.NameLocalizations)["ar"]; ok {
				t.Errorf("%s has an ar localisation", c.Name)
			}
		}
	}
	for _, want := range []string{"summary", "figures", "list", "lang", "help"} {
		if names[want] == nil {
			t.Errorf("/%s is not registered", want)
		}
	}
	var statement, lang *discordgo.ApplicationCommandOption
	for _, o := range names["figures"].Options {
		switch o.Name {
		case "statement":
			statement = o
		case "lang":
			lang = o
		}
	}
	if statement == nil || !statement.Autocomplete {
		t.Error("/figures has no autocompleted statement option")
	}
	if lang == nil || len(lang.Choices) != 2 || lang.Choices[1].Name != "العربية" || lang.Choices[1].Value != "ar" {
		t.Errorf("lang choices: %+v", lang)
	}
	if p := names["digits"].DefaultMemberPermissions; p == nil || *p&discordgo.PermissionManageChannels == 0 {
		t.Error("/digits should default to members with Manage Channels")
	}
	if names["lang"].DefaultMemberPermissions != nil {
		t.Error("/lang must be open to everyone: anyone may set their own language (scope me)")
	}
	if len(e.fake.Commands("")) != 0 {
		t.Error("DISCORD_GUILD_ID set, but commands were registered globally")
	}
}

func TestSlashCommandsInBothLanguages(t *testing.T) {
	e := start(t, option{})
	r := e.slash("figures", 0)
	if r.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Errorf("response type %d", r.Type)
	}
	text := embedText(r.Original)
	if !strings.Contains(text, "حوالي 110,000 كم²") {
		t.Errorf("default (Arabic) figures:\n%s", text)
	}
	if r.Original.Embeds[0].Fields != nil {
		t.Error("the figures must be in the description, not in fields")
	}
	r = e.slash("summary", 0, discordtest.CommandOption{Name: "statement", Value: "washington-2019"}, discordtest.CommandOption{Name: "lang", Value: "en"})
	text = embedText(r.Original)
	if !strings.Contains(text, "Key points:") || !strings.Contains(r.Original.Embeds[0].Footer.Text, "14 November 2019") {
		t.Errorf("English summary:\n%s", text)
	}
	d := decode(t, r)
	if len(d.Components) != 1 || d.Flags != 0 {
		t.Errorf("components %d, flags %d", len(d.Components), d.Flags)
	}
}

func TestPrivateAnswersAreEphemeral(t *testing.T) {
	e := start(t, option{})
	r := e.slash("figures", 0, discordtest.CommandOption{Name: "private", Value: true})
	if d := decode(t, r); d.Flags&int(discordgo.MessageFlagsEphemeral) == 0 {
		t.Errorf("flags %d: not ephemeral", d.Flags)
	}
	// An unknown statement is answered privately too.
	r = e.slash("figures", 0, discordtest.CommandOption{Name: "statement", Value: "no-such-thing"})
	if d := decode(t, r); d.Flags&int(discordgo.MessageFlagsEphemeral) == 0 {
		t.Errorf("an error reply was public")
	}
	// The channel setting makes every reply private.
	e.slash("private", int64(discordgo.PermissionManageChannels), discordtest.CommandOption{Name: "state", Value: "on"})
	if d := decode(t, e.slash("list", 0)); d.Flags&int(discordgo.MessageFlagsEphemeral) == 0 {
		t.Errorf("/private on did not make replies ephemeral")
	}
}

func TestAutocompleteWithArabicPrefix(t *testing.T) {
	e := start(t, option{})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// The words the bot displays find the statement of their figures; a
	// word still being typed is completed.
	for _, typed := range []string{"التحالف", "واشنطن", "coal", "", "مليار", "million", "7.7", "مقاتلين", "١١٠٬٠٠٠", "fight"} {
		p, err := e.fake.Autocomplete(ctx, discordtest.SlashSpec{ChannelID: channelID, User: reporter, Name: "figures",
			Options: []discordtest.CommandOption{{Name: "statement", Value: typed, Focused: true}}}, "statement")
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.fake.WaitResponse(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		ch := r.Choices()
		if len(ch) == 0 || ch[0].Value != "coalition-ministers-2019-11" {
			t.Errorf("%q: choices %+v", typed, ch)
		}
		if r.Latency > time.Second {
			t.Errorf("autocomplete took %v", r.Latency)
		}
	}
}

// TestSearch: /search answers with embeds whose matched words are bold
// and a button per match; a bad query privately.
func TestSearch(t *testing.T) {
	e := start(t, option{})
	r := e.slash("search", 0, discordtest.CommandOption{Name: "query", Value: "million"}, discordtest.CommandOption{Name: "lang", Value: "en"})
	text := embedText(r.Original)
	if !strings.Contains(text, "**million**") || !strings.Contains(text, "about 7.7 million people") {
		t.Errorf("search reply:\n%s", text)
	}
	if d := decode(t, r); len(d.Components) != 1 || d.Flags != 0 {
		t.Errorf("components %d, flags %d", len(d.Components), d.Flags)
	}
	if r := e.slash("search", 0, discordtest.CommandOption{Name: "query", Value: "!!!"}); decode(t, r).Flags&int(discordgo.MessageFlagsEphemeral) == 0 {
		t.Error("a bad query is not answered privately")
	}
}

func TestButtonsUpdateTheMessage(t *testing.T) {
	e := start(t, option{})
	r := e.slash("summary", 0)
	var row struct {
		Components []struct {
			Label    string `json:"label"`
			CustomID string `json:"custom_id"`
		} `json:"components"`
	}
	json.Unmarshal(decode(t, r).Components[0], &row)
	if len(row.Components) != 2 || row.Components[1].Label != "English" {
		t.Fatalf("buttons: %+v", row)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := e.fake.PressButton(ctx, channelID, reporter, r.Original.ID, row.Components[1].CustomID)
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.fake.WaitFor(ctx, p.ID, func(r discordtest.Response) bool { return r.Answered() })
	if err != nil {
		t.Fatal(err)
	}
	if u.Type != discordgo.InteractionResponseUpdateMessage {
		t.Fatalf("button answered with type %d, want UPDATE_MESSAGE", u.Type)
	}
	if d := decode(t, u); !strings.Contains(d.Embeds[0].Description, "Key points:") {
		t.Errorf("after English:\n%s", d.Embeds[0].Description)
	}
	json.Unmarshal(decode(t, u).Components[0], &row)
	p, _ = e.fake.PressButton(ctx, channelID, reporter, r.Original.ID, row.Components[0].CustomID)
	u, _ = e.fake.WaitFor(ctx, p.ID, func(r discordtest.Response) bool { return r.Answered() })
	if d := decode(t, u); !strings.Contains(d.Embeds[0].Description, "more than $20 billion") {
		t.Errorf("after Key figures:\n%s", d.Embeds[0].Description)
	}
}

// longCatalog has one statement whose summary runs over several messages.
func longCatalog() *summaries.Catalog {
	st := &summaries.Statement{ID: "long-one", Date: time.Date(2021, 3, 4, 0, 0, 0, 0, time.UTC),
		Title: summaries.Text{EN: "A long statement", AR: "بيان طويل"}, Place: summaries.Text{EN: "Geneva", AR: "جنيف"},
		Publisher: summaries.Text{EN: "Ministers", AR: "الوزراء"}, Summary: summaries.Text{EN: "Short. Summary.", AR: "ملخص. قصير."},
		Source: summaries.Source{Lang: summaries.EN, Name: summaries.Text{EN: "Text", AR: "نص"}}}
	for k := range 40 {
		st.KeyPoints = append(st.KeyPoints, summaries.Text{
			EN: fmt.Sprintf("Point %d: %s", k, strings.Repeat("The ministers agreed on measures, each carefully worded. ", 6)),
			AR: fmt.Sprintf("النقطة %d: %s", k, strings.Repeat("اتفق الوزراء على إجراءات صيغت بعناية، ", 8)),
		})
	}
	cat, _ := summaries.NewCatalog([]*summaries.Statement{st})
	return cat
}

func TestOverlongReplyContinuesInFollowups(t *testing.T) {
	e := start(t, option{catalog: longCatalog()})
	for _, lang := range []string{"en", "ar"} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		p, err := e.fake.SlashCommand(ctx, discordtest.SlashSpec{ChannelID: channelID, User: reporter, Name: "summary",
			Options: []discordtest.CommandOption{{Name: "lang", Value: lang}}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.fake.WaitFor(ctx, p.ID, func(r discordtest.Response) bool { return len(r.Followups) >= 1 })
		cancel()
		if err != nil {
			t.Fatalf("%s: no follow-ups: %v", lang, err)
		}
		time.Sleep(100 * time.Millisecond)
		r, _ = e.fake.Interaction(p.ID)
		total := embedText(r.Original)
		for _, f := range r.Followups {
			total += embedText(f)
		}
		if !strings.Contains(total, "39") || !strings.Contains(total, "Point 39") && lang == "en" {
			t.Errorf("%s: the last key point is missing", lang)
		}
		if n := len(total); n < 12000 {
			t.Errorf("%s: reply only %d bytes", lang, n)
		}
	}
}

func TestDeferredWhenSlow(t *testing.T) {
	e := start(t, option{cfg: func(c *discord.Config) { c.DeferAfter = time.Nanosecond }})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, err := e.fake.SlashCommand(ctx, discordtest.SlashSpec{ChannelID: channelID, User: reporter, Name: "figures"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := e.fake.WaitFor(ctx, p.ID, func(r discordtest.Response) bool { return r.OriginalEdits > 0 })
	if err != nil {
		t.Fatal(err)
	}
	if r.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("type %d, want a deferred response", r.Type)
	}
	if !strings.Contains(embedText(r.Original), "حوالي") {
		t.Errorf("the deferred response was not completed:\n%s", embedText(r.Original))
	}
}

func TestServerLanguageNeedsManageServer(t *testing.T) {
	e := start(t, option{})
	manageChannels := int64(discordgo.PermissionManageChannels)
	r := e.slash("lang", manageChannels, discordtest.CommandOption{Name: "lang", Value: "en"}, discordtest.CommandOption{Name: "scope", Value: "server"})
	if d := decode(t, r); d.Flags&int(discordgo.MessageFlagsEphemeral) == 0 || !strings.Contains(d.Embeds[0].Description, "إدارة الخادم") {
		t.Errorf("Manage Channels changed the server default: %+v", d.Embeds[0].Description)
	}
	r = e.slash("lang", int64(discordgo.PermissionManageGuild), discordtest.CommandOption{Name: "lang", Value: "en"}, discordtest.CommandOption{Name: "scope", Value: "server"})
	if d := decode(t, r); !strings.Contains(d.Embeds[0].Description, "English") {
		t.Errorf("server default: %s", d.Embeds[0].Description)
	}
	// Another channel of the server now answers in English.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, _ := e.fake.SlashCommand(ctx, discordtest.SlashSpec{ChannelID: otherChan, User: reporter, Name: "figures"})
	if text := embedText(e.wait(ctx, p.ID).Original); !strings.Contains(text, "more than 40,000 fighters") {
		t.Errorf("other channel:\n%s", text)
	}
	// A channel setting wins over the server's.
	e.slash("lang", manageChannels, discordtest.CommandOption{Name: "lang", Value: "ar"})
	if text := embedText(e.slash("figures", 0).Original); !strings.Contains(text, "أكثر من") {
		t.Errorf("channel setting lost to the server default:\n%s", text)
	}
}

func TestSendToAChannelWithoutPermission(t *testing.T) {
	e := start(t, option{})
	e.fake.AddChannel("300", guildID, "locked")
	e.fake.DenyChannel("300")
	reply := &bot.Reply{Lang: summaries.EN, Title: "Briefing", Blocks: []bot.Block{bot.Paragraph{Text: "Hello."}}}
	err := e.a.Send(context.Background(), bot.Chat{Key: "discord:300"}, reply)
	if !errors.Is(err, bot.ErrChatGone) {
		t.Fatalf("Send: %v, want ErrChatGone", err)
	}
	if n := e.fake.InvalidRequests(); n != 1 {
		t.Errorf("%d invalid requests; a 50013 must not be retried", n)
	}
	if _, ok := e.states.Inactive("discord:300"); !ok {
		t.Error("the channel was not marked inactive")
	}
	e.fake.DeleteChannel(otherChan)
	if err := e.a.Send(context.Background(), bot.Chat{Key: "discord:" + otherChan}, reply); !errors.Is(err, bot.ErrChatGone) {
		t.Errorf("unknown channel: %v", err)
	}
	if err := e.a.Send(context.Background(), bot.Chat{Key: "discord:" + channelID}, reply); err != nil {
		t.Errorf("a normal send: %v", err)
	}
	if n := strings.Count(e.logs.String(), "channel is gone"); n != 2 {
		t.Errorf("logged %d times", n)
	}
}

func TestHTTPInteractionsVerifySignatures(t *testing.T) {
	var e *env
	e = start(t, option{cfg: func(c *discord.Config) {}})
	_ = e
	// A second adapter in HTTP-interactions mode, on the same fake.
	fake := e.fake
	c := bottest.NewCore(t, bottest.Options{Config: func(c *bot.Config) { c.DefaultLang = summaries.EN }})
	a, err := discord.New(discord.Config{Token: fake.Token(), APIURL: fake.URL(), GuildID: guildID, PublicKey: fake.PublicKey()}, c.Bot, c.States)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Run(ctx)
	<-a.Ready()
	srv := httptest.NewServer(a.HTTPHandler())
	defer srv.Close()
	if fake.Stats().Connections != 1 {
		t.Errorf("HTTP mode opened a gateway connection (%d)", fake.Stats().Connections)
	}
	// PING is answered with PONG.
	ping := discordtest.NewPingInteraction(fake.AppID())
	resp, err := fake.PostInteraction(ctx, srv.URL, ping)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("ping: %v %v", resp, err)
	}
	var pong map[string]any
	json.NewDecoder(resp.Body).Decode(&pong)
	if pong["type"] != float64(1) {
		t.Errorf("pong = %v", pong)
	}
	// A signed slash command is answered in the HTTP response.
	p := discordtest.NewSlashInteraction(fake.AppID(), discordtest.SlashSpec{GuildID: guildID, ChannelID: channelID, User: reporter, Name: "figures"})
	resp, err = fake.PostInteraction(ctx, srv.URL, p)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("signed command: %v %v", resp, err)
	}
	r, _ := fake.Interaction(p.ID)
	if !strings.Contains(string(r.Data), "110,000") {
		t.Errorf("answer: %s", r.Data)
	}
	// A bad signature, or none, gets 401 and is never processed.
	bad := discordtest.NewSlashInteraction(fake.AppID(), discordtest.SlashSpec{GuildID: guildID, ChannelID: channelID, User: reporter, Name: "figures"})
	for _, sig := range []string{"", strings.Repeat("ab", 64)} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(bad.JSON))
		req.Header.Set("Content-Type", "application/json")
		if sig != "" {
			req.Header.Set("X-Signature-Ed25519", sig)
			req.Header.Set("X-Signature-Timestamp", fmt.Sprint(time.Now().Unix()))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("signature %q: status %d, want 401", sig, resp.StatusCode)
		}
	}
	// A body altered after signing fails too.
	req, _ := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(bad.JSON))
	fake.Sign(req, bad.JSON)
	req.Body = http.NoBody
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("tampered body: status %d", resp.StatusCode)
		}
	}
	if _, answered := fake.Interaction(bad.ID); answered {
		t.Error("an unsigned interaction was processed")
	}
}

// TestEmbedsDisplayInTheirDirection checks every visible line of Arabic
// embeds, and of English ones that carry Arabic quotes (markdown prefixes
// removed), with the bidi algorithm.
func TestEmbedsDisplayInTheirDirection(t *testing.T) {
	e := start(t, option{})
	for _, lang := range summaries.Langs {
		for _, name := range []string{"figures", "summary", "list", "help", "figure"} {
			r := e.slash(name, 0, discordtest.CommandOption{Name: "lang", Value: string(lang)})
			for _, emb := range r.Original.Embeds {
				lines := []string{emb.Title}
				if emb.Footer != nil {
					lines = append(lines, emb.Footer.Text)
				}
				for _, l := range strings.Split(emb.Description, "\n") {
					l = strings.TrimPrefix(strings.TrimPrefix(l, "> "), "-# ")
					lines = append(lines, strings.NewReplacer("**", "", "`", "", `\`, "").Replace(l))
				}
				for _, bad := range bidicheck.Text(lang, strings.Join(lines, "\n")) {
					t.Errorf("%s /%s: %s", lang, name, bad)
				}
			}
		}
	}
}

func TestSubscribeNeedsManageChannels(t *testing.T) {
	e := start(t, option{sqlite: true})
	var sub *discordgo.ApplicationCommand
	for _, c := range e.fake.Commands(guildID) {
		if c.Name == "subscribe" {
			sub = c
		}
	}
	if sub == nil || sub.DefaultMemberPermissions == nil || *sub.DefaultMemberPermissions&discordgo.PermissionManageChannels == 0 {
		t.Fatalf("/subscribe should default to Manage Channels: %+v", sub)
	}
	opts := []discordtest.CommandOption{{Name: "time", Value: "06:45"}, {Name: "timezone", Value: "Asia/Riyadh"}, {Name: "lang", Value: "en"}, {Name: "daily", Value: true}}
	r := e.slash("subscribe", 0, opts...)
	if d := decode(t, r); d.Flags&int(discordgo.MessageFlagsEphemeral) == 0 {
		t.Error("a member without Manage Channels was not refused privately")
	}
	if _, ok, _ := e.db.Subscription(context.Background(), "discord:"+channelID); ok {
		t.Fatal("subscribed without the permission")
	}
	r = e.slash("subscribe", int64(discordgo.PermissionManageChannels), opts...)
	if text := embedText(r.Original); !strings.Contains(text, "06:45 Asia/Riyadh") || !strings.Contains(text, "كل يوم") {
		t.Errorf("subscribe reply:\n%s", text)
	}
	s, ok, _ := e.db.Subscription(context.Background(), "discord:"+channelID)
	if !ok || s.Zone != "Asia/Riyadh" || !s.EveryDay || s.Lang != summaries.EN {
		t.Errorf("stored %+v", s)
	}
	// The time zone option autocompletes.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	p, _ := e.fake.Autocomplete(ctx, discordtest.SlashSpec{ChannelID: channelID, User: reporter, MemberPermissions: int64(discordgo.PermissionManageChannels), Name: "subscribe",
		Options: []discordtest.CommandOption{{Name: "timezone", Value: "riy", Focused: true}}}, "timezone")
	ar, _ := e.fake.WaitResponse(ctx, p.ID)
	if ch := ar.Choices(); len(ch) == 0 || ch[0].Value != "Asia/Riyadh" {
		t.Errorf("zone choices %+v", ch)
	}
}
