package telegramtest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func TestPerChatRateLimitAndEarlyRetry(t *testing.T) {
	clk := newClock()
	srv, bot := newBot(t, WithNow(clk.Now))
	srv.SendText(aliceChat, alice, "hi")
	send := func() error { _, err := bot.Send(tgbotapi.NewMessage(aliceChat.ID, "x")); return err }
	for i := 0; i < 3; i++ { // burst of 3
		if err := send(); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	e := wantError(t, send(), 429, "Too Many Requests: retry after 1")
	if e.RetryAfter != 1 {
		t.Fatalf("retry_after = %d", e.RetryAfter)
	}
	noViolations(t, srv) // a first 429 is not a violation
	clk.Advance(500 * time.Millisecond)
	wantError(t, send(), 429, "retry after 1")
	wantViolation(t, srv, "before retry_after expired")
	clk.Advance(500 * time.Millisecond)
	if err := send(); err != nil {
		t.Fatalf("send after retry_after: %v", err)
	}
	if srv.Count429() != 2 || len(srv.Violations()) != 1 {
		t.Fatalf("429s = %d, violations = %q", srv.Count429(), srv.Violations())
	}
	th := srv.Throttles()
	if len(th) != 2 || th[0].ChatID != alice.ID || th[0].Early || !th[1].Early ||
		th[0].RetryAt.Sub(th[0].At) != time.Second || th[0].Method != "sendMessage" {
		t.Fatalf("throttles = %+v", th)
	}
	// Other chats are unaffected by a per-chat limit.
	srv.SendText(bob.PrivateChat(), bob, "hi")
	if _, err := bot.Send(tgbotapi.NewMessage(bob.ID, "x")); err != nil {
		t.Fatal(err)
	}
	if len(srv.Messages(aliceChat.ID)) != 4 {
		t.Fatalf("messages = %d", len(srv.Messages(aliceChat.ID)))
	}
}

func TestGroupRateLimit(t *testing.T) {
	clk := newClock()
	srv, bot := newBot(t, WithNow(clk.Now))
	srv.AddChat(group)
	for i := 0; i < 20; i++ {
		if _, err := bot.Send(tgbotapi.NewMessage(group.ID, "x")); err != nil {
			t.Fatalf("send %d: %v", i, err)
		}
		clk.Advance(time.Second)
	}
	_, err := bot.Send(tgbotapi.NewMessage(group.ID, "x"))
	if e := wantError(t, err, 429, "Too Many Requests"); e.RetryAfter != 40 {
		t.Fatalf("retry_after = %d, want 40", e.RetryAfter)
	}
	clk.Advance(40 * time.Second)
	if _, err := bot.Send(tgbotapi.NewMessage(group.ID, "x")); err != nil {
		t.Fatal(err)
	}
	noViolations(t, srv)
}

func TestGlobalRateLimit(t *testing.T) {
	clk := newClock()
	srv, bot := newBot(t, WithNow(clk.Now), WithLimits(Limits{GlobalPerSecond: 5}))
	for i := int64(1); i <= 7; i++ {
		srv.AddChat(Chat{ID: i, Type: "private"})
	}
	for i := int64(1); i <= 5; i++ {
		if _, err := bot.Send(tgbotapi.NewMessage(i, "x")); err != nil {
			t.Fatal(err)
		}
	}
	_, err := bot.Send(tgbotapi.NewMessage(6, "x"))
	wantError(t, err, 429, "retry after 1")
	// The global limit blocks every chat until retry_after passes.
	_, err = bot.Send(tgbotapi.NewMessage(7, "x"))
	wantError(t, err, 429, "retry after 1")
	wantViolation(t, srv, "chat 7: 429")
	if th := srv.Throttles(); len(th) != 2 || th[0].ChatID != 0 || !th[1].Early {
		t.Fatalf("throttles = %+v", th)
	}
	clk.Advance(time.Second)
	if _, err := bot.Send(tgbotapi.NewMessage(7, "x")); err != nil {
		t.Fatal(err)
	}
}

func TestWithoutLimits(t *testing.T) {
	srv, bot := newBot(t, WithoutLimits())
	srv.AddChat(group)
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				if _, err := bot.Send(tgbotapi.NewMessage(group.ID, "x")); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if n := len(srv.Messages(group.ID)); n != 200 || srv.Count429() != 0 {
		t.Fatalf("messages = %d, 429s = %d", n, srv.Count429())
	}
	// Message ids are unique and increasing.
	for i, m := range srv.Messages(group.ID) {
		if m.ID != i+1 {
			t.Fatalf("message %d has id %d", i, m.ID)
		}
	}
}

func TestFailNextForbiddenAndMigrate(t *testing.T) {
	srv, bot := newBot(t)
	srv.SendText(Chat{ID: -42, Type: "group", Title: "Old"}, alice, "hi")
	srv.FailNext("sendMessage", -42, Failure{Code: 403, Description: "Forbidden: bot was kicked from the group chat"})
	_, err := bot.Send(tgbotapi.NewMessage(-42, "x"))
	wantError(t, err, 403, "Forbidden: bot was kicked from the group chat")

	srv.FailNext("sendMessage", 0, Failure{Code: 400, Description: "Bad Request: group chat was upgraded to a supergroup chat", MigrateToChatID: -100123})
	_, err = bot.Send(tgbotapi.NewMessage(-42, "x"))
	if e := wantError(t, err, 400, "upgraded to a supergroup"); e.MigrateToChatID != -100123 {
		t.Fatalf("migrate_to_chat_id = %d", e.MigrateToChatID)
	}
	if _, err := bot.Send(tgbotapi.NewMessage(-42, "x")); err != nil {
		t.Fatalf("failures are used once: %v", err)
	}

	srv.MigrateChat(-42, -100042)
	for i := 0; i < 2; i++ {
		_, err = bot.Send(tgbotapi.NewMessage(-42, "x"))
		if e := wantError(t, err, 400, "upgraded"); e.MigrateToChatID != -100042 {
			t.Fatalf("migrate_to_chat_id = %d", e.MigrateToChatID)
		}
	}
	m, err := bot.Send(tgbotapi.NewMessage(-100042, "x"))
	if err != nil || m.Chat.Type != "supergroup" || m.Chat.Title != "Old" {
		t.Fatalf("migrated chat: %v %+v", err, m.Chat)
	}
	// The supergroup keeps the group's members.
	member, err := bot.GetChatMember(tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: -100042, UserID: alice.ID}})
	if err != nil || member.Status != "member" {
		t.Fatalf("member of the supergroup: %v %+v", err, member)
	}
	noViolations(t, srv)
}

func TestBlockChatAndOutage(t *testing.T) {
	srv, bot := newBot(t)
	srv.SendText(aliceChat, alice, "hi")
	srv.BlockChat(alice.ID, "")
	for i := 0; i < 2; i++ {
		_, err := bot.Send(tgbotapi.NewMessage(alice.ID, "x"))
		wantError(t, err, 403, "Forbidden: bot was blocked by the user")
	}
	srv.SendText(bob.PrivateChat(), bob, "hi")
	if _, err := bot.Send(tgbotapi.NewMessage(bob.ID, "x")); err != nil {
		t.Fatalf("other chats are not blocked: %v", err)
	}

	srv.FailAll(502, 2)
	for i := 0; i < 2; i++ {
		_, err := bot.Send(tgbotapi.NewMessage(bob.ID, fmt.Sprint(i)))
		wantError(t, err, 502, "Bad Gateway")
	}
	if _, err := bot.Send(tgbotapi.NewMessage(bob.ID, "back")); err != nil {
		t.Fatal(err)
	}

	clk := newClock()
	srv2, bot2 := newBot(t, WithNow(clk.Now))
	srv2.SendText(aliceChat, alice, "hi")
	srv2.FailNext("", alice.ID, Failure{Code: 429, RetryAfter: 5})
	_, err := bot2.Send(tgbotapi.NewMessage(alice.ID, "x"))
	if e := wantError(t, err, 429, "retry after 5"); e.RetryAfter != 5 {
		t.Fatalf("retry_after = %d", e.RetryAfter)
	}
	clk.Advance(4 * time.Second)
	_, err = bot2.Send(tgbotapi.NewMessage(alice.ID, "x"))
	wantError(t, err, 429, "retry after 1")
	wantViolation(t, srv2, "before retry_after expired")
	noViolations(t, srv)
}
