package bot

import (
	"context"
	"strings"
	"time"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/summaries"
)

// Briefing defaults (BRIEFBOT_DEFAULT_TZ, BRIEFBOT_BRIEFING_MAX).
const (
	DefaultZone        = "Asia/Baghdad"
	DefaultBriefingMax = 5
	defaultHour        = 7
)

// subscriptionCommands are registered when the bot has a subscription store.
func subscriptionCommands() []commandDef {
	return []commandDef{
		{Name: "subscribe", Args: []Arg{{Name: "time", Kind: ArgChoice}, {Name: "zone", Kind: ArgChoice}, {Name: "lang", Kind: ArgChoice, Choices: []string{"ar", "en"}}}, handler: (*Bot).subscribe},
		{Name: "unsubscribe", handler: (*Bot).unsubscribe},
		{Name: "subscription", handler: (*Bot).subscription},
		{Name: "briefing", handler: (*Bot).briefingPreview},
	}
}

// subscribeArgs are the parsed words of /subscribe [HH:MM] [zone] [ar|en] [daily].
type subscribeArgs struct {
	hour, minute int
	zone         string
	loc          *time.Location
	lang         summaries.Lang
	everyDay     bool
}

// parseSubscribe reads the words in any order; the reply is the localised
// error for a bad one.
func (b *Bot) parseSubscribe(req *Request) (subscribeArgs, *Reply) {
	a := subscribeArgs{hour: defaultHour, zone: b.defaultZone}
	f := b.fmt(req)
	for _, w := range strings.Fields(req.Args) {
		lw := strings.ToLower(w)
		switch {
		case strings.Contains(w, ":") && !strings.Contains(w, "/"):
			h, m, err := schedule.ParseClock(w)
			if err != nil {
				return a, b.errorReply(req.Lang, f.t("error_bad_time", "Arg", Clean(w, maxEcho)))
			}
			a.hour, a.minute = h, m
		case lw == "ar" || lw == "en":
			a.lang = summaries.Lang(lw)
		case lw == "daily" || lw == "everyday" || lw == "يوميا" || lw == "يوميًا":
			a.everyDay = true
		default:
			a.zone = w
		}
	}
	loc, err := schedule.LoadZone(a.zone)
	if err != nil {
		return a, b.errorReply(req.Lang, f.t("error_bad_zone", "Arg", Clean(a.zone, maxEcho)))
	}
	a.loc = loc
	return a, nil
}

// subscribe answers /subscribe [HH:MM] [zone] [ar|en] [daily]: a daily
// briefing in this chat. Only administrators may subscribe a group or channel.
func (b *Bot) subscribe(ctx context.Context, req *Request) *Reply {
	a, bad := b.parseSubscribe(req)
	if bad != nil {
		return bad
	}
	if r := b.adminsOnly(ctx, req); r != nil {
		return r
	}
	d := schedule.Daily{Hour: a.hour, Minute: a.minute, Loc: a.loc}
	sub := Subscription{Chat: req.Chat.Key, Hour: a.hour, Minute: a.minute, Zone: a.loc.String(), Lang: a.lang, EveryDay: a.everyDay, NextDue: d.Next(b.now())}
	if err := b.subs.SaveSubscription(ctx, sub); err != nil {
		b.log.Error("saving a subscription", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_internal"))
	}
	f := b.fmt(req)
	return &Reply{Lang: req.Lang, Blocks: []Block{
		Paragraph{Text: f.t("subscribed")},
		b.subscriptionFacts(f, sub),
	}}
}

// adminsOnly refuses non-administrators in groups and channels.
func (b *Bot) adminsOnly(ctx context.Context, req *Request) *Reply {
	ok, err := b.mayChange(ctx, req, false)
	switch {
	case err != nil:
		b.log.Warn("checking admin rights", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_admin_check"))
	case !ok:
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_admins_only"))
	}
	return nil
}

// subscriptionFacts describes a subscription and when it next posts.
func (b *Bot) subscriptionFacts(f formatter, sub Subscription) Facts {
	loc, _ := schedule.LoadZone(sub.Zone)
	lang := f.t("sub_lang_chat")
	if sub.Lang != "" {
		lang = f.t("lang_name_" + string(sub.Lang))
	}
	when := f.t("sub_when_new")
	if sub.EveryDay {
		when = f.t("sub_when_daily")
	}
	next := sub.NextDue.In(loc)
	return Facts{Items: []Fact{
		{Label: f.t("sub_time"), Value: f.digitsOf(next.Format("15:04")) + " " + sub.Zone},
		{Label: f.t("sub_language"), Value: lang},
		{Label: f.t("sub_posts"), Value: when},
		{Label: f.t("sub_next"), Value: f.LongDate(next) + " " + f.digitsOf(next.Format("15:04"))},
	}}
}

// unsubscribe answers /unsubscribe.
func (b *Bot) unsubscribe(ctx context.Context, req *Request) *Reply {
	if r := b.adminsOnly(ctx, req); r != nil {
		return r
	}
	ended, err := b.subs.EndSubscription(ctx, req.Chat.Key, "unsubscribed")
	if err != nil {
		b.log.Error("ending a subscription", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_internal"))
	}
	id := "unsubscribed"
	if !ended {
		id = "not_subscribed"
	}
	return &Reply{Lang: req.Lang, Blocks: []Block{Paragraph{Text: b.msgs.T(req.Lang, id)}}}
}

// subscription answers /subscription: the settings and the next briefing.
func (b *Bot) subscription(ctx context.Context, req *Request) *Reply {
	sub, ok, err := b.subs.Subscription(ctx, req.Chat.Key)
	if err != nil {
		b.log.Error("reading a subscription", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_internal"))
	}
	f := b.fmt(req)
	if !ok {
		return &Reply{Lang: req.Lang, Blocks: []Block{Paragraph{Text: f.t("not_subscribed")}, Note{Text: f.t("usage_subscribe")}}}
	}
	return &Reply{Lang: req.Lang, Blocks: []Block{Paragraph{Text: f.t("subscription_title")}, b.subscriptionFacts(f, sub)}}
}

// briefingPreview answers /briefing: what the next briefing would carry now.
func (b *Bot) briefingPreview(ctx context.Context, req *Request) *Reply {
	r, err := b.Preview(ctx, req.Chat.Key, req.Lang, req.Settings.Digits)
	if err != nil {
		b.log.Error("previewing a briefing", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_internal"))
	}
	return r
}

// Preview composes what chat's next briefing would carry now, without
// recording anything (/briefing, and `briefbot briefing preview`).
func (b *Bot) Preview(ctx context.Context, chat string, lang summaries.Lang, digits Digits) (*Reply, error) {
	sub, subscribed, err := b.subs.Subscription(ctx, chat)
	if err != nil {
		return nil, err
	}
	received, err := b.subs.Received(ctx, chat)
	if err != nil {
		return nil, err
	}
	var sts []*summaries.Statement
	if cat := b.catalog.Catalog(); cat != nil {
		for _, st := range cat.All() {
			if len(sts) == b.briefingMax {
				break
			}
			if !received[st.ID] {
				sts = append(sts, st)
			}
		}
	}
	day := b.now()
	if subscribed {
		if sub.Lang != "" {
			lang = sub.Lang
		}
		if loc, err := schedule.LoadZone(sub.Zone); err == nil {
			day = sub.NextDue.In(loc)
		}
	}
	f := formatter{msgs: b.msgs, lang: lang, digits: digits}
	r := b.briefing(lang, digits, day, sts)
	note := f.t("preview_note")
	if !subscribed {
		note = f.t("preview_note_unsubscribed")
	}
	if len(sts) == 0 && !(subscribed && sub.EveryDay) {
		note = f.t("preview_nothing")
	}
	r.Blocks = append([]Block{Note{Text: note}}, r.Blocks...)
	r.isolate()
	return r, nil
}
