package telegram

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// FuzzUpdate feeds update JSON through what the adapter does with a
// fetched or posted update: decoding and checking, the worker's queue key,
// the request and its admission, and the answer, against a fake Bot API.
// Nothing may panic; a malformed update must be refused by decodeUpdate,
// not by a recovered panic further on.
func FuzzUpdate(f *testing.F) {
	for _, seed := range []string{
		`{"update_id":1,"message":{"message_id":5,"date":1,"text":"/figures@BriefBot coalition","chat":{"id":1002,"type":"private"},"from":{"id":1002,"is_bot":false,"first_name":"T","language_code":"en"}}}`,
		`{"update_id":2,"message":{"message_id":5,"date":1,"text":"/lang en","chat":{"id":-2001,"type":"supergroup"},"from":{"id":1002,"is_bot":false,"first_name":"T"}}}`,
		`{"update_id":3,"channel_post":{"message_id":5,"date":1,"text":"/summary","chat":{"id":-1003001,"type":"channel"},"sender_chat":{"id":-1003001,"type":"channel"}}}`,
		`{"update_id":4,"callback_query":{"id":"9","chat_instance":"1","data":"~deadbeef","from":{"id":1002,"is_bot":false,"first_name":"T"},"message":{"message_id":1,"date":1,"chat":{"id":1002,"type":"private"}}}}`,
		`{"update_id":5,"callback_query":{"id":"9","chat_instance":"1","data":"figures|en|coalition-ministers-2019-11","from":{"id":1002,"is_bot":false,"first_name":"T"}}}`,
		`{"update_id":6,"inline_query":{"id":"10","query":"110","offset":"-5","from":{"id":1002,"is_bot":false,"first_name":"T"}}}`,
		`{"update_id":7,"my_chat_member":{"date":1,"chat":{"id":-2001,"type":"group"},"from":{"id":1,"is_bot":false,"first_name":"A"},"new_chat_member":{"status":"kicked","user":{"id":777,"is_bot":true,"first_name":"B"}}}}`,
		`{"update_id":8,"message":{"message_id":5,"date":1,"text":"/help"}}`,
		`{"update_id":9,"callback_query":{"id":"9","data":"x"}}`,
		`{"update_id":10,"message":{"message_id":"five","chat":[]}}`,
		`[]`, `null`, `7`,
	} {
		f.Add([]byte(seed))
	}
	srv := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"), telegramtest.WithoutLimits())
	f.Cleanup(srv.Close)
	c := bottest.NewCore(f, bottest.Options{Config: func(c *bot.Config) { c.UserRate, c.UserBurst = bot.DefaultUserRate, bot.DefaultUserBurst }})
	ctx, cancel := context.WithCancel(context.Background())
	f.Cleanup(cancel)
	a, err := New(ctx, Config{Token: srv.Token(), APIURL: srv.URL(), Limits: NoLimits(), Logger: c.Log}, c.Bot, c.States)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		c.Logs.Reset()
		u, _, err := decodeUpdate(raw)
		if err != nil {
			return
		}
		_ = queueKey(u.Update)
		j, ok := a.newJob(ctx, u)
		if !ok {
			return
		}
		actx, acancel := context.WithTimeout(ctx, 5*time.Second)
		defer acancel()
		a.answer(actx, j) // no recover here: a panic fails the target
		if strings.Contains(c.Logs.String(), "panicked") {
			t.Fatalf("a handler panicked:\n%s", c.Logs.String())
		}
	})
}
