package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
	"github.com/briefbot/briefbot/summaries"
)

func TestAdminChatsConfig(t *testing.T) {
	for v, want := range map[string]string{
		"":                                  "",
		"telegram:-100123,discord:456":      "telegram:-100123 discord:456",
		" telegram:-100123 , ,telegram:007": "telegram:-100123 telegram:7",
		"telegram:5,telegram:+5":            "telegram:5",
	} {
		c, err := loadConfig(func(k string) string { return map[string]string{"BRIEFBOT_ADMIN_CHATS": v}[k] })
		if got := strings.Join(c.adminChats, " "); err != nil || got != want {
			t.Errorf("%q: %q %v, want %q", v, got, err, want)
		}
	}
	for _, bad := range []string{"telegram", "telegram:", "telegram:abc", "telegram:0", "discord:-5", "matrix:1", "-100123",
		"telegram:1," + strings.Repeat("x", 5000), "\x00"} {
		_, err := loadConfig(func(k string) string { return map[string]string{"BRIEFBOT_ADMIN_CHATS": bad}[k] })
		if err == nil || !strings.HasPrefix(err.Error(), "BRIEFBOT_ADMIN_CHATS: ") || len(err.Error()) > 200 {
			t.Errorf("%.40q: %v", bad, err)
		}
	}
	var many []string
	for i := range maxAdminChats + 1 {
		many = append(many, fmt.Sprintf("telegram:%d", i+1))
	}
	if _, err := parseAdminChats(strings.Join(many, ",")); err == nil {
		t.Error("too many admin chats accepted")
	}
	c, _ := loadConfig(func(k string) string {
		return map[string]string{"BRIEFBOT_ADMIN_CHATS": "telegram:1,discord:2", "TELEGRAM_TOKEN": "1:x"}[k]
	})
	if u := c.unservedAdminChats(); len(u) != 1 || u[0] != "discord:2" {
		t.Errorf("unserved: %v", u)
	}
}

// noticeKind reads what a message the bot sent is, by its first line.
func noticeKind(m telegramtest.Message) string {
	first, _, _ := strings.Cut(strings.TrimLeft(m.PlainText, "\u200f"), "\n")
	for kind, heads := range map[string][]string{
		"correction": {"Correction: ", "تصحيح: "},
		"instant":    {"New statement", "بيان جديد"},
		"briefing":   {"Daily briefing", "الموجز اليومي"},
		"admin":      {"New statement files refused", "رُفضت ملفات البيانات الجديدة"},
	} {
		for _, h := range heads {
			if strings.HasPrefix(first, h) && (kind != "instant" || first == h) {
				return kind
			}
		}
	}
	return "other"
}

// noticesWorld is what the end-to-end notices tests run in: the binary
// built, a data folder, the fake Telegram and a database path.
func noticesWorld(t *testing.T) (data string, srv *telegramtest.Server, dbPath string) {
	t.Helper()
	binary(t)
	srv = telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	t.Cleanup(srv.Close)
	return bottest.DataDir(t), srv, filepath.Join(t.TempDir(), "briefbot.db")
}

// countKind is how many messages of kind (see noticeKind) chat got.
func countKind(srv *telegramtest.Server, chat int64, kind string) int {
	n := 0
	for _, m := range srv.Messages(chat) {
		if noticeKind(m) == kind {
			n++
		}
	}
	return n
}

const (
	noticeChats = 12      // instant subscribers that received the statement in a briefing
	dailyOnly   = 200_100 // received it, not an instant subscriber
	typedChat   = 200_200 // subscribed with "/subscribe ... instant", received nothing
	adminChat   = -100_900
)

// TestNoticesEndToEnd runs the real binary against the fake Telegram
// server with BRIEFBOT_DATA and BRIEFBOT_ADMIN_CHATS set. A broken file is
// told to the admin chat once; then, during an outage, a figure is corrected
// and a statement added, and the binary is killed with SIGKILL after the
// notices were written and before any went out; restarted, it is killed
// again in the middle of sending them; restarted once more, it finishes.
// Every chat that received the statement gets exactly one correction, in
// its language, and every instant subscriber exactly one post of the new
// statement.
func TestNoticesEndToEnd(t *testing.T) {
	data, srv, dbPath := noticesWorld(t)

	// The chats that get the briefing at the first start: instant
	// subscribers, half in English, half in Arabic, and one daily only.
	var received []int64
	for i := range noticeChats {
		received = append(received, int64(200_000+i))
	}
	received = append(received, dailyOnly)
	seedDue(t, srv, dbPath, received, time.Now().Add(-time.Second), func(i int, sub *schedule.Subscription) {
		sub.Lang, sub.Instant = summaries.EN, i < noticeChats
		if i%2 == 1 {
			sub.Lang = summaries.AR
		}
	})
	srv.AddChat(telegramtest.Chat{ID: adminChat, Type: "supergroup", Title: "Curators"})
	typed := telegramtest.User{ID: typedChat, FirstName: "Rana", LanguageCode: "en"}
	instantChats := append(received[:noticeChats:noticeChats], typedChat)

	env := telegramEnv(srv, dbPath, "BRIEFBOT_DATA="+data, "BRIEFBOT_CACHE=off", fmt.Sprintf("BRIEFBOT_ADMIN_CHATS=telegram:%d", adminChat),
		"TELEGRAM_RATE_LIMIT=5", "BRIEFBOT_LOG_LEVEL=info")
	count := func(chat int64, kind string) int { return countKind(srv, chat, kind) }
	notices := func() int {
		n := 0
		for _, id := range append(received, typedChat) {
			n += count(id, "correction") + count(id, "instant")
		}
		return n
	}
	const wantNotices = noticeChats + 1 + noticeChats + 1 // corrections and instant posts
	fatal := func(p *proc, format string, args ...any) {
		t.Helper()
		t.Fatalf(format+"\n%s", append(args, p.logs())...)
	}

	// The first start sends the due briefings; a reporter subscribes by typing.
	first := startBinary(t, "first", env)
	srv.SendText(typed.PrivateChat(), typed, fmt.Sprintf("/subscribe %02d:00 UTC instant", (time.Now().UTC().Hour()+12)%24)) // not due during the test
	if !eventually(60*time.Second, func() bool {
		for _, id := range received {
			if count(id, "briefing") != 1 {
				return false
			}
		}
		return srv.MessageCount(typedChat) == 1
	}) {
		fatal(first, "the briefings were not delivered")
	}

	// A broken file: the admin chat is told once, the bot keeps serving.
	bottest.BreakStatement(t, data)
	if !eventually(30*time.Second, func() bool { return count(adminChat, "admin") == 1 }) {
		fatal(first, "the admin chat was not told of the broken file")
	}
	if m := srv.Messages(adminChat)[0].PlainText; !strings.Contains(m, "broken.yaml:2: yaml: ") {
		t.Errorf("admin notice:\n%s", m)
	}
	os.Remove(filepath.Join(data, "broken.yaml"))

	// During an outage, the edits: the notices are written, none goes out.
	srv.FailAll(502, 1<<30)
	ctx := context.Background()
	note := bottest.CorrectFigure(t, data)
	bottest.AddFixture(t, data)
	written := func() (int, int) {
		st, err := store.Open(ctx, dbPath)
		if err != nil {
			return 0, 0
		}
		defer st.Close()
		kinds, _ := st.OutboxKinds(ctx)
		sum := func(k schedule.Kind) (n int) {
			for _, c := range kinds[k] {
				n += c
			}
			return n
		}
		return sum(schedule.KindCorrection), sum(schedule.KindInstant)
	}
	if !eventually(30*time.Second, func() bool { c, i := written(); return c == noticeChats+1 && i == noticeChats+1 }) {
		c, i := written()
		fatal(first, "the outbox holds %d corrections and %d instant posts, want %d each", c, i, noticeChats+1)
	}
	first.signal(syscall.SIGKILL)
	first.exit(10 * time.Second)
	atFirstKill := notices()
	srv.FailAll(0, 0)

	// Restarted, it sends; the outage returns in the middle and it is killed.
	second := startBinary(t, "second", env)
	if !eventually(60*time.Second, func() bool { return notices() >= wantNotices/3 }) {
		fatal(second, "the notices were not sent after the restart")
	}
	srv.FailAll(502, 1<<30)
	time.Sleep(time.Second) // sends answered before the outage are marked sent
	atSecondKill := notices()
	second.signal(syscall.SIGKILL)
	second.exit(10 * time.Second)
	srv.FailAll(0, 0)

	// Restarted again, it finishes.
	third := startBinary(t, "third", env)
	stable, last := time.Now(), -1
	eventually(60*time.Second, func() bool {
		if n := notices(); n != last {
			stable, last = time.Now(), n
		}
		return last >= wantNotices && time.Since(stable) > 2*time.Second
	})
	third.signal(syscall.SIGTERM)
	third.exit(30 * time.Second)

	perChat := func(kind string, chats []int64) (one, none, more int) {
		for _, id := range chats {
			switch n := count(id, kind); {
			case n == 0:
				none++
			case n == 1:
				one++
			default:
				more++
			}
		}
		return
	}
	cOne, cNone, cMore := perChat("correction", received)
	iOne, iNone, iMore := perChat("instant", instantChats)
	t.Logf("notices test: %d chats; delivered before the first SIGKILL %d, before the second %d, in all %d of %d; "+
		"corrections per chat that received the statement: one %d, none %d, more %d; instant posts per instant subscriber: one %d, none %d, more %d; admin notices %d",
		len(received)+1, atFirstKill, atSecondKill, notices(), wantNotices, cOne, cNone, cMore, iOne, iNone, iMore, count(adminChat, "admin"))
	if cOne != len(received) || iOne != len(instantChats) || atFirstKill != 0 || count(adminChat, "admin") != 1 {
		t.Errorf("every chat must have exactly one of each; the first kill came before any was sent\n%s", third.logs())
	}
	if n := count(dailyOnly, "instant") + count(typedChat, "correction"); n != 0 {
		t.Errorf("%d notices went to chats that were not owed them", n)
	}
	for _, id := range received {
		m := srv.Messages(id)
		var text string
		for _, msg := range m {
			if noticeKind(msg) == "correction" {
				text = msg.PlainText
			}
		}
		en := id%2 == 0 || id == dailyOnly
		if en && !strings.Contains(text, "about 110,000 km² → about 111,000 km²") || en && !strings.Contains(text, note) ||
			!en && !strings.Contains(text, "كم² ← حوالي") {
			t.Errorf("chat %d's correction is not old → new in its language:\n%s", id, text)
		}
	}
	st, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	kinds, _ := st.OutboxKinds(ctx)
	for _, k := range []schedule.Kind{schedule.KindCorrection, schedule.KindInstant, schedule.KindAdmin, schedule.KindBriefing} {
		if len(kinds[k]) != 1 || kinds[k]["sent"] == 0 {
			t.Errorf("outbox %s: %v (every row sent)", k, kinds[k])
		}
	}
	for _, v := range srv.Violations() {
		if !strings.Contains(v, "retried") {
			t.Error(v)
		}
	}
}

// TestEditsWhileStoppedEndToEnd runs the real binary: it sends the
// briefings and is stopped; a curator corrects a figure and adds a
// statement while it is down; started again, it tells each chat that
// received the statement of the correction once, and each instant
// subscriber of the new statement once. A third start tells nothing.
func TestEditsWhileStoppedEndToEnd(t *testing.T) {
	data, srv, dbPath := noticesWorld(t)
	chats := []int64{300_001, 300_002, 300_003} // the first two are instant subscribers
	seedDue(t, srv, dbPath, chats, time.Now().Add(-time.Second), func(i int, sub *schedule.Subscription) {
		sub.Lang, sub.Instant = summaries.EN, i < 2
	})
	env := telegramEnv(srv, dbPath, "BRIEFBOT_DATA="+data, "BRIEFBOT_CACHE=off", "BRIEFBOT_LOG_LEVEL=info")
	count := func(chat int64, kind string) int { return countKind(srv, chat, kind) }
	run := func(name string, until func() bool) {
		t.Helper()
		p := startBinary(t, name, env)
		if !eventually(60*time.Second, until) {
			t.Fatalf("%s start: not there in time\n%s", name, p.logs())
		}
		time.Sleep(time.Second) // anything more it would send
		p.signal(syscall.SIGTERM)
		if status, ok := p.exit(30 * time.Second); !ok || status != 0 {
			t.Fatalf("%s start: exit %d %v\n%s", name, status, ok, p.logs())
		}
	}
	run("first", func() bool {
		for _, id := range chats {
			if count(id, "briefing") != 1 {
				return false
			}
		}
		return true
	})
	note := bottest.CorrectFigure(t, data)
	bottest.AddFixture(t, data)
	told := func() bool {
		for i, id := range chats {
			if count(id, "correction") != 1 || (i < 2) != (count(id, "instant") == 1) {
				return false
			}
		}
		return true
	}
	run("second", told)
	run("third", func() bool { return true })
	for i, id := range chats {
		c, in := count(id, "correction"), count(id, "instant")
		if c != 1 || (i < 2 && in != 1) || (i == 2 && in != 0) {
			t.Errorf("chat %d: %d corrections and %d instant posts", id, c, in)
		}
		for _, m := range srv.Messages(id) {
			if noticeKind(m) == "correction" && (!strings.Contains(m.PlainText, "about 110,000 km² → about 111,000 km²") || !strings.Contains(m.PlainText, note)) {
				t.Errorf("chat %d's correction:\n%s", id, m.PlainText)
			}
		}
	}
	t.Logf("edits while stopped: %d chats, corrections %d, instant posts %d", len(chats),
		count(chats[0], "correction")+count(chats[1], "correction")+count(chats[2], "correction"), count(chats[0], "instant")+count(chats[1], "instant"))
}
