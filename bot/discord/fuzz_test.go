package discord

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/discord/discordtest"
)

// FuzzInteraction feeds interaction JSON through what the adapter does
// with a received interaction, on the gateway as over HTTP: decoding and
// checking, then handling against a fake Discord. Nothing may panic, and
// every interaction that passes the check gets an initial response.
func FuzzInteraction(f *testing.F) {
	for _, seed := range []string{
		`{"id":"1","application_id":"1","type":1,"token":"t"}`,
		`{"id":"2","application_id":"1","type":2,"token":"t","channel_id":"200","guild_id":"100","member":{"user":{"id":"9","username":"r"},"permissions":"8"},"data":{"id":"1","name":"figures","type":1,"options":[{"name":"statement","type":3,"value":"coal"},{"name":"private","type":5,"value":true}]}}`,
		`{"id":"3","application_id":"1","type":4,"token":"t","channel_id":"200","user":{"id":"9","username":"r"},"data":{"id":"1","name":"subscribe","type":1,"options":[{"name":"timezone","type":3,"value":"riy","focused":true}]}}`,
		`{"id":"4","application_id":"1","type":3,"token":"t","channel_id":"200","guild_id":"100","member":{"user":{"id":"9","username":"r"},"permissions":"0"},"message":{"id":"5","channel_id":"200"},"data":{"custom_id":"figures|en|coalition-ministers-2019-11","component_type":2}}`,
		`{"id":"5","application_id":"1","type":3,"token":"t","channel_id":"200","user":{"id":"9","username":"r"},"data":{"custom_id":"~nothing","component_type":2}}`,
		`{"id":"6","application_id":"1","type":2,"token":"t","channel_id":"200","user":{"id":"9","username":"r"},"data":{"name":"list","options":[{"name":"page","type":4,"value":"two"}]}}`,
		`{"id":"7","type":2,"token":"t","data":{"name":5}}`,
		`{"id":"8","type":5,"token":"t","data":{}}`,
		`null`, `[]`, `{"id":"9","type":2,"token":"t","channel_id":"1","user":{"id":"1"},"data":{"options":[null]}}`,
	} {
		f.Add([]byte(seed))
	}
	fake := discordtest.New(discordtest.WithoutLimits())
	f.Cleanup(fake.Close)
	c := bottest.NewCore(f, bottest.Options{Config: func(c *bot.Config) { c.UserRate, c.UserBurst = bot.DefaultUserRate, bot.DefaultUserBurst }})
	a, err := New(Config{Token: fake.Token(), APIURL: fake.URL(), Logger: c.Log, DeferAfter: time.Minute}, c.Bot, c.States)
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, raw []byte) {
		c.Logs.Reset()
		i, ok := a.decode(raw)
		if !ok {
			return
		}
		answered := false
		a.handle(ctx, i, func(*discordgo.InteractionResponse) error { answered = true; return nil })
		if strings.Contains(c.Logs.String(), "panicked") {
			t.Fatalf("a handler panicked:\n%s", c.Logs.String())
		}
		if !answered {
			t.Fatalf("interaction %s of type %d got no response:\n%s", i.ID, i.Type, c.Logs.String())
		}
	})
}
