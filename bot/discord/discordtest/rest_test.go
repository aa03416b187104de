package discordtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// rest returns a discordgo session used only for REST calls.
func rest(t testing.TB, f *Server) *discordgo.Session {
	t.Helper()
	dg, err := f.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	return dg
}

func TestSpecSchemasCompile(t *testing.T) {
	t.Parallel()
	withBody := 0
	for _, rt := range newFake(t).routes {
		if rt.schemaErr != nil {
			t.Errorf("%s: %v", rt.key, rt.schemaErr)
		}
		if rt.schema != nil {
			withBody++
		}
	}
	// PUT commands (twice), the callback, @original, follow-ups, channel messages.
	if withBody != 6 {
		t.Fatalf("%d routes have a request body schema, want 6", withBody)
	}
}

func TestApplicationCommandBulkOverwrite(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	dg := rest(t, f)
	perm := int64(discordgo.PermissionManageServer)
	de := map[discordgo.Locale]string{discordgo.German: "wetter"}
	valid := []*discordgo.ApplicationCommand{{
		Name: "weather", Description: "Shows the weather", NameLocalizations: &de, DefaultMemberPermissions: &perm,
		Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "city", Description: "City", Required: true, Autocomplete: true},
			{Type: discordgo.ApplicationCommandOptionInteger, Name: "days", Description: "Days",
				Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "one", Value: 1}, {Name: "two", Value: 2}}},
		},
	}, {Name: "Report Message", Type: discordgo.MessageApplicationCommand}}
	got, err := dg.ApplicationCommandBulkOverwrite(f.AppID(), "", valid)
	if err != nil {
		t.Fatalf("valid commands: %v", err)
	}
	if len(got) != 2 || got[0].ID == "" || got[0].ApplicationID != f.AppID() || *got[0].DefaultMemberPermissions != perm {
		t.Fatalf("created = %+v", got)
	}
	if cmds := f.Commands(""); len(cmds) != 2 || cmds[0].Name != "weather" || len(cmds[0].Options) != 2 {
		t.Fatalf("Commands(\"\") = %+v", cmds)
	}
	// Overwriting by name keeps the id, as on Discord.
	again, err := dg.ApplicationCommandBulkOverwrite(f.AppID(), "", valid[:1])
	if err != nil || len(again) != 1 || again[0].ID != got[0].ID {
		t.Fatalf("second overwrite: %v %+v", err, again)
	}

	ar := map[discordgo.Locale]string{"ar": "طقس"}
	bad := map[string]*discordgo.ApplicationCommand{
		"ar locale":  {Name: "weather", Description: "d", NameLocalizations: &ar},
		"upper case": {Name: "Weather", Description: "d"},
		"33 chars":   {Name: strings.Repeat("a", 33), Description: "d"},
		"space":      {Name: "the weather", Description: "d"},
		"option upper": {Name: "weather", Description: "d", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "City", Description: "c"}}},
	}
	for name, cmd := range bad {
		before := len(f.Violations())
		_, err := dg.ApplicationCommandBulkOverwrite(f.AppID(), "", []*discordgo.ApplicationCommand{cmd})
		var re *discordgo.RESTError
		if !errors.As(err, &re) || re.Response.StatusCode != 400 || re.Message.Code != CodeInvalidFormBody {
			t.Errorf("%s: err = %v, want 400 50035", name, err)
			continue
		}
		var body struct {
			Errors map[string]any `json:"errors"`
		}
		if json.Unmarshal(re.ResponseBody, &body) != nil || body.Errors["0"] == nil {
			t.Errorf("%s: errors object = %s", name, re.ResponseBody)
		}
		if len(f.Violations()) != before+1 {
			t.Errorf("%s: violation not recorded", name)
		}
	}
	if cmds := f.Commands(""); len(cmds) != 1 {
		t.Fatalf("a rejected overwrite changed the commands: %+v", cmds)
	}

	// Guild commands need a guild the bot is in, and another application's
	// commands are not the bot's to set.
	if _, err := dg.ApplicationCommandBulkOverwrite(f.AppID(), "555", valid); restCode(err) != CodeMissingAccess {
		t.Fatalf("unknown guild: %v", err)
	}
	if _, err := dg.ApplicationCommandBulkOverwrite("42", "", valid); restCode(err) != CodeNotAuthorizedApp {
		t.Fatalf("another application: %v", err)
	}
	f.AddChannel("556", "555", "general")
	if _, err := dg.ApplicationCommandBulkOverwrite(f.AppID(), "555", valid); err != nil {
		t.Fatal(err)
	}
	if cmds := f.Commands("555"); len(cmds) != 2 || cmds[0].GuildID != "555" || len(f.Commands("")) != 1 {
		t.Fatalf("guild commands = %+v", cmds)
	}
}

func TestMessageLimits(t *testing.T) {
	t.Parallel()
	f := newFake(t, WithoutLimits()) // 12 sends would take 10 s at 5 per 5 s
	f.AddChannel("200", "100", "general")
	dg := rest(t, f)

	if _, err := dg.ChannelMessageSend("200", strings.Repeat("é", 2000)); err != nil {
		t.Fatalf("2000 characters: %v", err)
	}
	_, err := dg.ChannelMessageSend("200", strings.Repeat("x", 2001))
	if restCode(err) != CodeInvalidFormBody || !strings.Contains(err.Error(), "content") {
		t.Fatalf("2001 characters: %v", err)
	}

	valid := &discordgo.MessageEmbed{Title: "Forecast", Description: "Sunny", URL: "https://example.com/w",
		Color: 0x00ff00, Timestamp: time.Now().Format(time.RFC3339),
		Author: &discordgo.MessageEmbedAuthor{Name: "bot", IconURL: "https://example.com/a.png"},
		Footer: &discordgo.MessageEmbedFooter{Text: "footer"},
		Fields: []*discordgo.MessageEmbedField{{Name: "Mon", Value: "20°C", Inline: true}}}
	if _, err := dg.ChannelMessageSendEmbed("200", valid); err != nil {
		t.Fatalf("valid embed: %v", err)
	}
	// Every part within its own limit, 6001 characters in total.
	big := func(title, desc, footer int) *discordgo.MessageEmbed {
		return &discordgo.MessageEmbed{Title: strings.Repeat("t", title), Description: strings.Repeat("d", desc),
			Footer: &discordgo.MessageEmbedFooter{Text: strings.Repeat("f", footer)}}
	}
	embeds := []*discordgo.MessageEmbed{big(256, 4000, 1000), big(256, 489, 0)}
	total := 0
	for _, e := range embeds {
		total += len(e.Title) + len(e.Description) + len(e.Footer.Text)
	}
	if total != 6001 {
		t.Fatalf("test bug: total %d", total)
	}
	_, err = dg.ChannelMessageSendEmbeds("200", embeds)
	if restCode(err) != CodeInvalidFormBody || !strings.Contains(err.Error(), "MAX_EMBED_SIZE_EXCEEDED") {
		t.Fatalf("6001-character embeds: %v", err)
	}
	embeds[1].Description = embeds[1].Description[1:]
	if _, err := dg.ChannelMessageSendEmbeds("200", embeds); err != nil {
		t.Fatalf("6000-character embeds: %v", err)
	}

	// Six action rows; a row of six buttons; a 101-character custom_id.
	row := func(n int) discordgo.ActionsRow {
		r := discordgo.ActionsRow{}
		for i := 0; i < n; i++ {
			r.Components = append(r.Components, discordgo.Button{Label: "b", CustomID: "id" + strings.Repeat("x", i)})
		}
		return r
	}
	for name, comps := range map[string][]discordgo.MessageComponent{
		"six rows":    {row(1), row(1), row(1), row(1), row(1), row(1)},
		"six buttons": {row(6)},
		"long id":     {discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "b", CustomID: strings.Repeat("c", 101)}}}},
		"long label":  {discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: strings.Repeat("l", 81), CustomID: "c"}}}},
	} {
		// Distinct custom ids per row are not needed for the check under test.
		_, err := dg.ChannelMessageSendComplex("200", &discordgo.MessageSend{Content: "x", Components: comps})
		if restCode(err) != CodeInvalidFormBody {
			t.Errorf("%s: %v, want 50035", name, err)
		}
	}

	// File uploads (multipart bodies) are not modelled: refused, and a violation.
	_, err = dg.ChannelMessageSendComplex("200", &discordgo.MessageSend{Content: "file",
		Files: []*discordgo.File{{Name: "a.txt", Reader: strings.NewReader("hi")}}})
	if restCode(err) != CodeInvalidFormBody || !strings.Contains(strings.Join(f.Violations(), "\n"), "multipart bodies") {
		t.Fatalf("multipart: %v", err)
	}
	if _, err := dg.ChannelMessageSend("200", ""); restCode(err) != CodeEmptyMessage {
		t.Fatalf("empty message: %v", err)
	}
	if got := len(f.ChannelMessages("200")); got != 3 {
		t.Fatalf("%d messages stored, want 3", got)
	}
}

func TestChannelFailures(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.AddChannel("200", "100", "general")
	f.AddChannel("300", "100", "announcements")
	dg := rest(t, f)

	if m, err := dg.ChannelMessageSend("200", "hello"); err != nil || m.ChannelID != "200" || m.GuildID != "100" {
		t.Fatalf("send: %+v %v", m, err)
	}

	f.DenyChannel("300")
	_, err := dg.ChannelMessageSend("300", "hi")
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response.StatusCode != 403 || re.Message.Code != CodeMissingPermissions {
		t.Fatalf("denied channel: %v", err)
	}
	if f.InvalidRequests() != 1 {
		t.Fatalf("invalid requests = %d, want 1", f.InvalidRequests())
	}

	f.DeleteChannel("200")
	if _, err := dg.ChannelMessageSend("200", "hi"); restCode(err) != CodeUnknownChannel {
		t.Fatalf("deleted channel: %v", err)
	}
	if _, err := dg.ChannelMessageSend("999", "hi"); restCode(err) != CodeUnknownChannel {
		t.Fatalf("unknown channel: %v", err)
	}

	// REST calls need "Bot <token>".
	dg2, _ := discordgo.New(f.Token())
	dg2.Client = f.Client()
	if _, err := dg2.ChannelMessageSend("300", "hi"); err == nil {
		t.Fatal("token without the Bot prefix accepted")
	}
}

// limitWindow is the rate-limit window of the tests below: long enough that
// the few requests a test makes all fall within one window even on a loaded
// machine, so that a limit is surely reached; each test waits it out once.
const limitWindow = 3 * time.Second

// rawPost sends a message the way a client that ignores rate-limit headers
// does.
func rawPost(t *testing.T, f *Server, channelID string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest("POST", f.URL()+"/api/v9/channels/"+channelID+"/messages", strings.NewReader(`{"content":"x"}`))
	req.Header.Set("Authorization", "Bot "+f.Token())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func TestRateLimitBuckets(t *testing.T) {
	t.Parallel()
	lim := Limits{Routes: map[string]RateLimit{"POST /channels/{channel_id}/messages": {2, limitWindow}}}
	f := newFake(t, WithLimits(lim))
	f.AddChannel("200", "100", "general")
	f.AddChannel("201", "100", "other")
	dg := rest(t, f)
	// discordgo reads X-RateLimit-Remaining: 0 after the second send and
	// waits for the reset itself: the third send is not refused.
	for i := 0; i < 3; i++ {
		if _, err := dg.ChannelMessageSend("200", "hi"); err != nil {
			t.Fatal(err)
		}
	}
	if f.Count429() != 0 || len(f.ChannelMessages("200")) != 3 {
		t.Fatalf("429s %d, messages %d", f.Count429(), len(f.ChannelMessages("200")))
	}

	// A raw client that ignores the headers gets a real-shaped 429 (the
	// bucket is per channel: 201 is fresh), and coming back before the
	// reset is a violation.
	for i := 0; i < 2; i++ {
		r := rawPost(t, f, "201")
		if r.StatusCode != 200 || r.Header.Get("X-RateLimit-Limit") != "2" || r.Header.Get("X-RateLimit-Bucket") == "" {
			t.Fatalf("request %d: %d %v", i, r.StatusCode, r.Header)
		}
		r.Body.Close()
	}
	r := rawPost(t, f, "201")
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	var tm struct {
		Message    string  `json:"message"`
		RetryAfter float64 `json:"retry_after"`
		Global     *bool   `json:"global"`
	}
	_ = json.Unmarshal(body, &tm)
	if r.StatusCode != 429 || tm.Message != "You are being rate limited." || tm.RetryAfter <= 0 || tm.Global == nil || *tm.Global ||
		r.Header.Get("Retry-After") == "" || r.Header.Get("X-RateLimit-Remaining") != "0" || r.Header.Get("X-RateLimit-Scope") != "user" ||
		r.Header.Get("X-RateLimit-Reset-After") == "" || r.Header.Get("X-RateLimit-Reset") == "" {
		t.Fatalf("429: %d %s %v", r.StatusCode, body, r.Header)
	}
	rawPost(t, f, "201").Body.Close()
	if v := f.Violations(); len(v) != 1 || !strings.Contains(v[0], "before its rate limit reset") {
		t.Fatalf("violations = %q", v)
	}
	if f.Count429() != 2 || f.InvalidRequests() != 2 {
		t.Fatalf("429s %d invalid %d", f.Count429(), f.InvalidRequests())
	}
}

// TestRouteRateLimit429HonouredByDiscordgo: another client with the same
// token has used up the bucket, so discordgo, which has not seen it yet, gets
// the 429 and must wait out its retry_after; a retry before it would be a
// violation.
func TestRouteRateLimit429HonouredByDiscordgo(t *testing.T) {
	t.Parallel()
	lim := Limits{Routes: map[string]RateLimit{"POST /channels/{channel_id}/messages": {1, limitWindow}}}
	f := newFake(t, WithLimits(lim))
	f.AddChannel("200", "100", "general")
	rawPost(t, f, "200").Body.Close()
	if _, err := rest(t, f).ChannelMessageSend("200", "hi"); err != nil {
		t.Fatalf("send after 429: %v", err)
	}
	if f.Count429() != 1 || len(f.Violations()) != 0 || len(f.ChannelMessages("200")) != 2 {
		t.Fatalf("429s %d, violations %q, messages %d", f.Count429(), f.Violations(), len(f.ChannelMessages("200")))
	}
}

func TestWithoutLimitsSendsNoRateLimitHeaders(t *testing.T) {
	t.Parallel()
	f := newFake(t, WithoutLimits())
	f.AddChannel("200", "100", "general")
	for i := 0; i < 8; i++ {
		req, _ := http.NewRequest("POST", f.URL()+"/api/v9/channels/200/messages", bytes.NewReader([]byte(`{"content":"x"}`)))
		req.Header.Set("Authorization", "Bot "+f.Token())
		req.Header.Set("Content-Type", "application/json")
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != 200 || r.Header.Get("X-RateLimit-Remaining") != "" {
			t.Fatalf("status %d headers %v", r.StatusCode, r.Header)
		}
	}
}

func TestUnknownRouteIsViolation(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	dg := rest(t, f)
	if _, err := dg.GuildRoles("1"); err == nil {
		t.Fatal("unknown route answered")
	}
	if v := f.Violations(); len(v) != 1 || !strings.Contains(v[0], "not implemented") {
		t.Fatalf("violations = %q", v)
	}
	if app, err := dg.Application("@me"); err != nil || app.ID != f.AppID() || app.VerifyKey != f.PublicKey() {
		t.Fatalf("applications/@me: %+v %v", app, err)
	}
	if gw, err := dg.Gateway(); err != nil || !strings.HasPrefix(gw, f.GatewayURL()) {
		t.Fatalf("gateway %q %v", gw, err)
	}
}

func TestGlobalRateLimit(t *testing.T) {
	t.Parallel()
	f := newFake(t, WithLimits(Limits{Global: RateLimit{2, limitWindow}}))
	for _, id := range []string{"1", "2", "3"} {
		f.AddChannel(id, "100", "c"+id)
	}
	dg := rest(t, f)
	// Three buckets in discordgo, one global limit at the fake: two sends
	// pass, the third gets a global 429, which discordgo waits out (a retry
	// before the reset would be a violation) before it is accepted.
	for i, id := range []string{"1", "2", "3"} {
		if _, err := dg.ChannelMessageSend(id, "hi"); err != nil {
			t.Fatal(err)
		}
		if want := max(i-1, 0); f.Count429() != want {
			t.Fatalf("after send %d: %d 429s, want %d", i+1, f.Count429(), want)
		}
	}
	if v := f.Violations(); len(v) != 0 {
		t.Fatalf("violations %q", v)
	}
	for _, id := range []string{"1", "2", "3"} {
		if n := len(f.ChannelMessages(id)); n != 1 {
			t.Fatalf("channel %s has %d messages", id, n)
		}
	}
}

func TestMethodsAndBodiesOfKnownRoutes(t *testing.T) {
	t.Parallel()
	f := newFake(t, WithoutLimits())
	f.AddChannel("200", "100", "general")
	do := func(method, path, body string) int {
		req, _ := http.NewRequest(method, f.URL()+"/api/v9"+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bot "+f.Token())
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// Discord has GET on this path (the fake serves only POST): a violation, not a 405.
	if st := do("GET", "/channels/200/messages", ""); st != 404 {
		t.Fatalf("GET messages: %d", st)
	}
	// Discord has no PUT on it at all.
	if st := do("PUT", "/channels/200/messages", `{}`); st != 405 {
		t.Fatalf("PUT messages: %d", st)
	}
	// The description requires a body.
	if st := do("POST", "/channels/200/messages", ""); st != 400 {
		t.Fatalf("POST without a body: %d", st)
	}
	v := strings.Join(f.Violations(), "\n")
	for _, want := range []string{"not implemented", "method not allowed", "This field is required"} {
		if !strings.Contains(v, want) {
			t.Errorf("no violation %q in %q", want, v)
		}
	}
}

// A process killed while writing leaves half a body behind: answered, but not
// logged as a rule the bot broke. Malformed JSON that arrived whole still is.
func TestBodyCutShortIsNotAViolation(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	f.AddChannel("200", "100", "general")
	u, _ := url.Parse(f.URL())
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /api/v9/channels/200/messages HTTP/1.1\r\nHost: %s\r\nAuthorization: Bot %s\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"content\":\"ha", u.Host, f.Token())
	conn.(*net.TCPConn).CloseWrite()
	_, _ = io.ReadAll(conn)
	conn.Close()
	if v := f.Violations(); len(v) != 0 {
		t.Fatalf("violations after a cut-short body: %q", v)
	}
	req, _ := http.NewRequest("POST", f.URL()+"/api/v9/channels/200/messages", strings.NewReader(`{"content":`))
	req.Header.Set("Authorization", "Bot "+f.Token())
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 400 {
		t.Fatalf("malformed JSON: %d", resp.StatusCode)
	}
}
