package telegramtest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestLongPollDeliversPushedUpdate(t *testing.T) {
	srv, bot := newBot(t)
	cfg := tgbotapi.NewUpdate(0)
	cfg.Timeout = 30
	updates := bot.GetUpdatesChan(cfg)
	t.Cleanup(bot.StopReceivingUpdates) // runs before srv.Close (LIFO)

	waitParked(t, srv)
	pushed := srv.SendText(group, alice, "/start@test_bot hello /help")
	// The poll waits up to 30 s: an update within 5 s means the push woke it.
	select {
	case u := <-updates:
		if u.UpdateID != pushed.UpdateID || u.Message == nil || u.Message.Text != "/start@test_bot hello /help" {
			t.Fatalf("got %+v", u)
		}
		if !u.Message.IsCommand() || u.Message.Command() != "start" || u.Message.CommandArguments() != "hello /help" {
			t.Fatalf("command parsing: %q %q", u.Message.Command(), u.Message.CommandArguments())
		}
		if len(u.Message.Entities) != 2 || u.Message.Entities[1].Offset != 22 || u.Message.Entities[1].Length != 5 {
			t.Fatalf("entities = %+v", u.Message.Entities)
		}
		if u.Message.Chat.Type != "supergroup" || u.Message.From.UserName != "alice" {
			t.Fatalf("chat/from = %+v %+v", u.Message.Chat, u.Message.From)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no update delivered")
	}
	// The bot's next poll confirms it.
	if err := srv.WaitFor(ctxT(t), func(s *Server) bool { return s.PendingUpdates() == 0 }); err != nil {
		t.Fatal(err)
	}
	noViolations(t, srv)
}

// waitParked waits until a long poll is waiting on the server.
func waitParked(t *testing.T, srv *Server) {
	t.Helper()
	err := srv.WaitFor(ctxT(t), func(s *Server) bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.upd.parked > 0
	})
	if err != nil {
		t.Fatal("no long poll waiting:", err)
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestGetUpdatesOffsetAndLimit(t *testing.T) {
	srv, bot := newBot(t)
	for _, txt := range []string{"one", "two", "three"} {
		srv.SendText(aliceChat, alice, txt)
	}
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Limit: 2})
	if err != nil || len(ups) != 2 || ups[0].Message.Text != "one" || ups[1].UpdateID != ups[0].UpdateID+1 {
		t.Fatalf("limit 2: %v %+v", err, ups)
	}
	// Without offset nothing is confirmed.
	if again, _ := bot.GetUpdates(tgbotapi.UpdateConfig{}); len(again) != 3 {
		t.Fatalf("unconfirmed updates = %d, want 3", len(again))
	}
	ups, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[1].UpdateID})
	if len(ups) != 2 || ups[0].Message.Text != "two" || srv.PendingUpdates() != 2 {
		t.Fatalf("offset: %+v pending %d", ups, srv.PendingUpdates())
	}
	ups, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[1].UpdateID + 1})
	if len(ups) != 0 || srv.PendingUpdates() != 0 {
		t.Fatalf("after confirming all: %+v", ups)
	}
	// A negative offset keeps only the last -offset updates.
	for _, txt := range []string{"a", "b", "c"} {
		srv.SendText(aliceChat, alice, txt)
	}
	ups, _ = bot.GetUpdates(tgbotapi.UpdateConfig{Offset: -1})
	if len(ups) != 1 || ups[0].Message.Text != "c" {
		t.Fatalf("offset -1: %+v", ups)
	}
	noViolations(t, srv)
}

func TestGetUpdatesBlocksUntilPushOrTimeout(t *testing.T) {
	srv, bot := newBot(t)
	done := make(chan []tgbotapi.Update, 1)
	go func() {
		ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 10})
		done <- ups
	}()
	waitParked(t, srv) // with no update, the poll waits
	srv.ChannelPost(Chat{ID: -3001, Title: "News"}, "post")
	select {
	case ups := <-done:
		if len(ups) != 1 || ups[0].ChannelPost == nil || ups[0].ChannelPost.Chat.Type != "channel" {
			t.Fatalf("got %+v", ups)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("long poll not woken by push")
	}
	// With nothing left past the offset, the poll waits for its timeout
	// and answers an empty list.
	srv.PushUpdate(tgbotapi.Update{})
	timedOut := make(chan error, 1)
	go func() {
		ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: 100, Timeout: 1})
		if err == nil && len(ups) != 0 {
			err = fmt.Errorf("got %+v", ups)
		}
		timedOut <- err
	}()
	waitParked(t, srv)
	select {
	case err := <-timedOut:
		if err != nil {
			t.Fatalf("timeout poll: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a 1-second poll did not time out")
	}
}

func TestAllowedUpdatesFilter(t *testing.T) {
	srv, bot := newBot(t)
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{AllowedUpdates: []string{"callback_query"}}); err != nil {
		t.Fatal(err)
	}
	srv.SendText(aliceChat, alice, "dropped")
	id := srv.PressButton(aliceChat, alice, 1, "x")
	ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if len(ups) != 1 || ups[0].CallbackQuery == nil || ups[0].CallbackQuery.ID != id {
		t.Fatalf("got %+v", ups)
	}
	// allowed_updates=null (tgbotapi's nil slice) keeps the previous setting.
	srv.SendText(aliceChat, alice, "still dropped")
	if ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: ups[0].UpdateID + 1}); len(ups) != 0 {
		t.Fatalf("got %+v", ups)
	}
}

func TestPushedUpdateJSONHasNoNulls(t *testing.T) {
	srv, bot := newBot(t)
	srv.SendText(aliceChat, alice, "hi")
	resp, err := bot.MakeRequest("getUpdates", nil)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(resp.Result); strings.Contains(s, "null") || !strings.Contains(s, `"update_id":1,`) {
		t.Fatalf("update JSON: %s", s)
	}
}

func TestGetUpdatesConflicts(t *testing.T) {
	srv, bot := newBot(t)
	first := make(chan error, 1)
	go func() {
		_, err := bot.GetUpdates(tgbotapi.UpdateConfig{Timeout: 10})
		first <- err
	}()
	waitParked(t, srv)
	// A second poller terminates the first one, as Telegram does.
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{}); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-first:
		wantError(t, err, 409, "terminated by other getUpdates request")
	case <-time.After(3 * time.Second):
		t.Fatal("first poll not terminated")
	}
	wh, _ := tgbotapi.NewWebhook("https://example.com/hook")
	if _, err := bot.Request(wh); err != nil {
		t.Fatal(err)
	}
	_, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	wantError(t, err, 409, "webhook is active")
	wantViolation(t, srv, "webhook is active")
}

func TestWaitMessages(t *testing.T) {
	srv, bot := newBot(t)
	srv.SendText(aliceChat, alice, "hi")
	go func() {
		for i := 0; i < 3; i++ {
			_, _ = bot.Send(tgbotapi.NewMessage(aliceChat.ID, "reply"))
		}
	}()
	msgs, err := srv.WaitMessages(ctxT(t), aliceChat.ID, 3)
	if err != nil || len(msgs) != 3 || msgs[2].Text != "reply" || msgs[2].ID != 4 {
		t.Fatalf("WaitMessages: %v %+v", err, msgs)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := srv.WaitMessages(ctx, aliceChat.ID, 4); err != context.DeadlineExceeded {
		t.Fatalf("want deadline, got %v", err)
	}
}

func TestQueueRawUpdate(t *testing.T) {
	srv, bot := newBot(t)
	first := srv.QueueRawUpdate([]byte(` {"message":{"message_id":1,"date":1,"chat":{"id":5,"type":"private"},"text":"raw"}}`))
	empty := srv.QueueRawUpdate([]byte(`{}`))
	own := srv.QueueRawUpdate([]byte(`{"update_id":40,"future_kind":{"x":1}}`))
	after := srv.QueueRawUpdate([]byte(`{"poll":{"id":"p"}}`))
	if first != 1 || empty != 2 || own != 40 || after != 41 {
		t.Fatalf("update ids %d %d %d %d", first, empty, own, after)
	}
	ups, err := bot.GetUpdates(tgbotapi.UpdateConfig{})
	if err != nil || len(ups) != 4 || ups[0].UpdateID != 1 || ups[0].Message == nil || ups[0].Message.Text != "raw" ||
		ups[1].UpdateID != 2 || ups[2].UpdateID != 40 || ups[3].Poll == nil || ups[3].Poll.ID != "p" {
		t.Fatalf("getUpdates: %v %+v", err, ups)
	}
	// Confirming by offset works on raw updates as on pushed ones.
	if ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: 41}); len(ups) != 1 || srv.PendingUpdates() != 1 {
		t.Fatalf("after offset 41: %+v, pending %d", ups, srv.PendingUpdates())
	}
	// A pushed update continues the numbering.
	if u := srv.SendText(aliceChat, alice, "next"); u.UpdateID != 42 {
		t.Fatalf("pushed after raw: update_id %d", u.UpdateID)
	}
	// A field of the wrong type fails the client's decoding of the whole batch.
	srv.QueueRawUpdate([]byte(`{"message":"not an object"}`))
	if _, err := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: 42}); err == nil {
		t.Fatal("malformed update decoded")
	}
	noViolations(t, srv)
}

func TestPushUpdateWithAnOldIDIsRenumbered(t *testing.T) {
	srv := New()
	defer srv.Close()
	srv.PushUpdate(tgbotapi.Update{UpdateID: 10})
	if u := srv.PushUpdate(tgbotapi.Update{UpdateID: 3}); u.UpdateID != 11 {
		t.Fatalf("update_id %d, want 11", u.UpdateID)
	}
	wantViolation(t, srv, "update_id 3 is not above the last one (10)")
}
