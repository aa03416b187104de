package bidicheck_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/console"
	"github.com/briefbot/briefbot/bot/discord"
	"github.com/briefbot/briefbot/bot/internal/bidicheck"
	"github.com/briefbot/briefbot/bot/telegram"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
	"github.com/briefbot/briefbot/summaries"
)

// argsOf are the typed lines each command is asked with: every command
// the core declares must have some (the test fails for one it lacks).
var argsOf = map[string][]string{
	"start":        {"", "fe_coalition-fixture-2018", "ga_coalition-ministers-2019-11_aid-raised", "sa_coalition-ministers-2019-11", "xx_unknown"},
	"help":         {""},
	"list":         {"", "2", "two"},
	"summary":      {"", "fixture", "washington-2019", "coalition", "zzzz"},
	"figures":      {"", "fixture", "washingtn-2019"},
	"figure":       {"", "fixture", "fixture funds", "fixture pledges", "foreign-fighters", "engagement", "peak-territory", "people-liberated", "aid-raised", "forces-trained", "coalition-deaths", "displaced-iraq", "next-meeting", "fixture nothing"},
	"search":       {"", "مليار", "Washington", "washingtn", "\"أكثر من 40,000\"", "المقاتلين الإرهابيين", "!!!", "a"},
	"lang":         {"", "fr"},
	"digits":       {""},
	"private":      {"", "maybe"},
	"subscribe":    {"07:30 Mars/Olympus", "25:00", "07:30 Europe/Berlin", ""},
	"subscription": {""},
	"briefing":     {""},
	"unsubscribe":  {""},
}

// TestEveryReplyOnEveryRenderer renders every reply of every command, in
// both languages and both digit styles, as Telegram HTML (as Telegram
// shows it), as Discord embeds and as plain text, and checks each with
// bidicheck.Reply: quotes exactly as the source has them, commands that
// can be tapped, no invisible character against an id or in a citation,
// and every line laid out in the reply's direction by the bidi algorithm.
func TestEveryReplyOnEveryRenderer(t *testing.T) {
	ctx := context.Background()
	c := bottest.NewCore(t, bottest.Options{Catalog: bottest.Fixture(t), SQLite: true, FakeClock: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)})
	cat := bottest.Fixture(t)
	var commands, ids []string
	for _, info := range c.Bot.Commands(summaries.EN) {
		commands = append(commands, info.Name)
		if _, ok := argsOf[info.Name]; !ok {
			t.Errorf("/%s has no lines in argsOf: every command must be checked", info.Name)
		}
	}
	for _, st := range cat.All() {
		ids = append(ids, st.ID)
		for _, f := range st.Figures {
			ids = append(ids, f.ID)
		}
	}
	type asked struct {
		name  string
		reply *bot.Reply
	}
	var replies []asked
	for _, digits := range []string{"western", "arabic"} {
		for _, lang := range summaries.Langs {
			chat := "every-" + string(lang) + "-" + digits
			ask := func(line string) *bot.Reply {
				name, _, args, _ := bot.ParseCommand(line)
				return c.Bot.Handle(ctx, &bot.Request{Command: name, Args: args, Lang: lang, Chat: bot.Chat{Key: chat}, User: bot.User{Key: chat},
					Caps: []bot.Capability{bot.CapStart, bot.CapPrivateReplies}})
			}
			ask("/digits " + digits)
			for _, info := range c.Bot.Commands(lang) {
				for _, a := range argsOf[info.Name] {
					line := strings.TrimSpace("/" + info.Name + " " + a)
					replies = append(replies, asked{string(lang) + " " + digits + " " + line, ask(line)})
				}
			}
			replies = append(replies, asked{string(lang) + " unknown command", ask("/frobnicate")})
			for _, q := range []string{"", "110", "coalition", "نازحين"} {
				r := c.Bot.Handle(ctx, &bot.Request{Kind: bot.KindLookup, Args: q, Lang: lang, Chat: bot.Chat{Key: chat}, User: bot.User{Key: chat}})
				for _, res := range r.Results {
					replies = append(replies, asked{string(lang) + " inline " + res.ID, res.Reply})
				}
			}
			d := bot.Digits(digits)
			day := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
			replies = append(replies, asked{string(lang) + " briefing of both", c.Bot.DailyReply(lang, d, day, cat.All())},
				asked{string(lang) + " briefing of none", c.Bot.DailyReply(lang, d, day, nil)})
		}
	}
	checked := 0
	for _, a := range replies {
		if a.reply == nil || a.reply.Silent {
			continue
		}
		checked++
		for renderer, visible := range visibleTexts(t, a.reply) {
			for _, bad := range bidicheck.Reply(a.reply, visible, commands, ids) {
				t.Errorf("%s on %s: %s", a.name, renderer, bad)
			}
		}
	}
	if checked < 150 {
		t.Errorf("only %d replies checked", checked)
	}
}

// visibleTexts are what each renderer shows of r: Telegram's messages as
// Telegram parses their HTML, Discord's messages with the markdown
// rendered, and the console's plain text.
func visibleTexts(t *testing.T, r *bot.Reply) map[string]string {
	t.Helper()
	var tg []string
	for _, html := range telegram.Render(r, telegram.MaxText) {
		plain, err := telegramtest.PlainText(html)
		if err != nil {
			t.Fatalf("Telegram HTML %q: %v", html, err)
		}
		tg = append(tg, plain)
	}
	var dc []string
	for _, p := range discord.Render(r) {
		if p.Content != "" {
			dc = append(dc, p.Content)
		}
		for _, e := range p.Embeds {
			if e.Title != "" {
				dc = append(dc, e.Title)
			}
			dc = append(dc, markdownShown(e.Description))
			if e.Footer != nil {
				dc = append(dc, e.Footer.Text)
			}
		}
	}
	return map[string]string{"Telegram": strings.Join(tg, "\n"), "Discord": strings.Join(dc, "\n"), "plain text": console.Render(r)}
}

// markdownShown is what Discord shows of the markdown the renderer writes:
// line prefixes, emphasis, code marks and escapes removed.
func markdownShown(md string) string {
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		l = strings.TrimPrefix(strings.TrimPrefix(l, "> "), "-# ")
		l = strings.NewReplacer("**", "", "`", "").Replace(l)
		var b strings.Builder
		for j := 0; j < len(l); j++ {
			if l[j] == '\\' && j+1 < len(l) {
				j++
			}
			b.WriteByte(l[j])
		}
		lines[i] = b.String()
	}
	return strings.Join(lines, "\n")
}
