package bot_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

func TestButtonCodecKeepsOwnerAndApart(t *testing.T) {
	c := bot.NewButtonCodec(bot.TelegramButtonData, 8)
	for _, b := range []bot.Button{
		{Command: "figures", Args: "coalition-ministers-2019-11", Lang: summaries.AR},
		{Command: "figures", Args: "coalition-ministers-2019-11", Lang: summaries.EN, Owner: bot.OwnerTag("telegram-user:1001")},
		{Command: "summary", Args: "coalition-fixture-2018", Lang: summaries.EN, Apart: true},
		{Command: "figure", Args: "coalition-ministers-2019-11 people-liberated", Lang: summaries.AR, Owner: bot.OwnerTag("telegram-user:1001")},
		{Command: "figure", Args: strings.Repeat("long-", 20), Lang: summaries.AR, Owner: "abcdef"}, // kept in memory
	} {
		data := c.Encode(b)
		if len(data) > bot.TelegramButtonData {
			t.Errorf("%q is over 64 bytes", data)
		}
		got, ok := c.Decode(data)
		got.Label, got.Row = b.Label, b.Row
		if !ok || got != b {
			t.Errorf("Decode(Encode(%+v)) = %+v, %v", b, got, ok)
		}
	}
	// Buttons sent before owners existed still work, for anyone.
	if b, ok := c.Decode("figures|en|coalition-ministers-2019-11"); !ok || b.Args != "coalition-ministers-2019-11" || b.Owner != "" || !b.Changes("anyone") {
		t.Errorf("an old button: %+v %v", b, ok)
	}
}

// TestOnlyTheAskerChangesTheMessage: in a group the reply's buttons carry
// who asked; a press by anyone else, or on a pointer opened apart, must
// not change the message for everyone.
func TestOnlyTheAskerChangesTheMessage(t *testing.T) {
	h := newHarness(t, nil)
	group := &bot.Request{Command: "figures", Chat: bot.Chat{Key: "g", Kind: bot.Group}, User: bot.User{Key: "telegram-user:1"}, Lang: summaries.EN}
	r := h.bot.Handle(context.Background(), group)
	if len(r.Buttons) == 0 {
		t.Fatal("no buttons")
	}
	for _, b := range r.Buttons {
		if b.Owner != bot.OwnerTag("telegram-user:1") || !b.Changes("telegram-user:1") || b.Changes("telegram-user:2") {
			t.Errorf("a group button: %+v", b)
		}
	}
	// The cached reply others get is not changed by it.
	private := h.bot.Handle(context.Background(), &bot.Request{Command: "figures", Chat: bot.Chat{Key: "p"}, User: bot.User{Key: "telegram-user:2"}, Lang: summaries.EN})
	for _, b := range private.Buttons {
		if b.Owner != "" || !b.Changes("telegram-user:3") {
			t.Errorf("a private chat's button: %+v", b)
		}
	}
	if (bot.Button{Apart: true}).Changes("") {
		t.Error("a pointer opened apart changed its message")
	}
}

func TestStartPayloads(t *testing.T) {
	valid := regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)
	tests := []struct {
		b    bot.Button
		want string
	}{
		{bot.Button{Command: "figures", Args: "coalition-fixture-2018", Lang: summaries.EN}, "fe_coalition-fixture-2018"},
		{bot.Button{Command: "summary", Args: "coalition-ministers-2019-11", Lang: summaries.AR}, "sa_coalition-ministers-2019-11"},
		{bot.Button{Command: "figure", Args: "coalition-ministers-2019-11 aid-raised", Lang: summaries.AR}, "ga_coalition-ministers-2019-11_aid-raised"},
	}
	for _, tt := range tests {
		got, ok := bot.StartPayload(tt.b)
		if !ok || got != tt.want || !valid.MatchString(got) {
			t.Errorf("StartPayload(%+v) = %q, %v; want %q", tt.b, got, ok, tt.want)
		}
	}
	long := bot.Button{Command: "figure", Args: strings.Repeat("s", 60) + " " + strings.Repeat("f", 60), Lang: summaries.EN}
	if got, ok := bot.StartPayload(long); !ok || !valid.MatchString(got) || !strings.HasPrefix(got, "ge_sss") || !strings.Contains(got, "_fff") {
		t.Errorf("long ids are cut to prefixes that fit: %q %v", got, ok)
	}
	for _, b := range []bot.Button{{Command: "lang", Args: "en", Lang: summaries.EN}, {Command: "figures", Args: "Not An Id", Lang: summaries.EN}, {Command: "figure", Args: "only-one", Lang: summaries.EN}} {
		if p, ok := bot.StartPayload(b); ok {
			t.Errorf("%+v has no deep link, got %q", b, p)
		}
	}
}

// TestDeepLinksOpenTheirView: /start with a payload opens the view the
// link names, in its language; a payload it cannot read gets the greeting
// with a word about the link.
func TestDeepLinksOpenTheirView(t *testing.T) {
	h := newHarness(t, nil)
	r := h.ask("/start fe_coalition-fixture-2018", summaries.AR)
	if r.Lang != summaries.EN || !strings.Contains(renderPlain(r), "Coalition test statement") || !strings.Contains(renderPlain(r), "nearly $2.3 billion") {
		t.Errorf("a figures link: %s", describe(r))
	}
	r = h.ask("/start ga_coalition-ministers-2019-11_aid", summaries.EN) // a figure's prefix still opens it
	if r.Lang != summaries.AR || !strings.Contains(renderPlain(r), "أكثر من 20 مليار دولار") {
		t.Errorf("a figure link: %s", describe(r))
	}
	for _, p := range []string{"zz_nothing", "fe_", "fe_no-such-statement-x", strings.Repeat("x", 150), "fe_a_b_c"} {
		r := h.ask("/start "+p, summaries.EN)
		if text := renderPlain(r); !strings.Contains(text, "Welcome") && !strings.Contains(text, "No statement matches") {
			t.Errorf("/start %q: %s", p, describe(r))
		}
	}
}
