package bot

import (
	"cmp"
	"context"
	"errors"
	"fmt"
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
func subscriptionCommands() []Command {
	return []Command{
		{Name: "subscribe", Admin: true, Params: []Param{
			{Name: "time", Kind: ParamTime, Desc: "param_time", MinLen: 1, MaxLen: 16},
			{Name: "timezone", Kind: ParamZone, Desc: "param_timezone", MaxLen: 64},
			{Name: "lang", Kind: ParamChoice, Desc: "param_briefing_lang", Choices: langChoices},
			{Name: "daily", Kind: ParamFlag, Desc: "param_daily", Words: []string{"daily", "everyday", "يوميا", "يوميًا", "كل يوم"}},
			{Name: "instant", Kind: ParamFlag, Desc: "param_instant", Words: []string{"instant", "instantly", "فوري", "فورا", "فورًا", "فوريا", "فوريًا"}},
		}, handler: (*Bot).subscribe},
		{Name: "unsubscribe", Admin: true, Params: []Param{privateParam}, handler: (*Bot).unsubscribe},
		{Name: "subscription", Params: []Param{privateParam}, handler: (*Bot).subscription},
		{Name: "briefing", Params: []Param{privateParam}, handler: (*Bot).briefingPreview},
	}
}

// subscribeArgs are the options of /subscribe [time] [zone] [ar|en] [daily] [instant].
type subscribeArgs struct {
	hour, minute int
	loc          *time.Location
	lang         summaries.Lang
	everyDay     bool
	instant      bool // also each new statement as soon as it is published
}

// parseSubscribe reads the options; the reply is the localised error for a
// bad one, saying which part was wrong and how to write it.
func (b *Bot) parseSubscribe(req *Request) (subscribeArgs, *Reply) {
	a := subscribeArgs{hour: defaultHour, everyDay: req.Options.Flag("daily"), instant: req.Options.Flag("instant")}
	a.lang, _ = summaries.ParseLang(req.Options.Text("lang"))
	if a.lang == "" && req.LangBy == ByChannel {
		// A briefing is composed for its chat alone, which for a thread
		// leaves out the channel it is in: a thread's subscription keeps
		// the channel's language it was made in.
		a.lang = req.Lang
	}
	f := b.fmt(req)
	refuse := func(id, arg, example string, data ...any) *Reply {
		r := b.errorReply(req.Lang, f.t(id, append(data, "Arg", Clean(arg, maxEcho))...))
		r.Blocks = append(r.Blocks, Note{Text: f.t(example)})
		return r
	}
	if t := req.Options.Text("time"); t != "" {
		h, m, err := schedule.ParseClock(t)
		switch {
		case errors.Is(err, schedule.ErrHour):
			return a, refuse("error_bad_hour", t, "example_time")
		case errors.Is(err, schedule.ErrMinute):
			return a, refuse("error_bad_minute", t, "example_time")
		case err != nil:
			return a, refuse("error_bad_time", t, "example_time")
		}
		a.hour, a.minute = h, m
	}
	zone := cmp.Or(req.Options.Text("timezone"), b.defaultZone)
	loc, err := schedule.LoadZone(zone)
	var amb *schedule.AmbiguousZoneError
	switch {
	case errors.As(err, &amb):
		return a, refuse("error_ambiguous_zone", zone, "example_zone", "Zones", strings.Join(amb.Zones, f.t("list_separator")))
	case err != nil:
		return a, refuse("error_bad_zone", zone, "example_zone")
	}
	a.loc = loc
	return a, nil
}

// subscribe answers /subscribe [time] [zone] [ar|en] [daily] [instant]: a
// daily briefing in this chat, or in the topic it was sent from, and, with
// instant, each new statement as soon as it is published. Only
// administrators may subscribe a group or channel. When the chat already
// had the briefing of the day the time next comes, the first one is the
// day after's, and the answer says so.
func (b *Bot) subscribe(ctx context.Context, req *Request) *Reply {
	a, bad := b.parseSubscribe(req)
	if bad != nil {
		return bad
	}
	if r := b.refuseChange(ctx, req, scopeChat); r != nil {
		return r
	}
	d := schedule.Daily{Hour: a.hour, Minute: a.minute, Loc: a.loc}
	next := d.Next(b.now())
	had, err := b.subs.HasBriefing(ctx, req.Chat.Key, d.LocalDate(next))
	if err != nil {
		b.log.Error("reading the outbox", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_internal"))
	}
	if had {
		next = d.Next(next)
	}
	sub := schedule.Subscription{Chat: req.Chat.Key, Parent: req.Chat.Parent, Thread: req.Chat.Thread, Hour: a.hour, Minute: a.minute,
		Zone: a.loc.String(), Lang: a.lang, EveryDay: a.everyDay, Instant: a.instant, NextDue: next}
	if err := b.subs.SaveSubscription(ctx, sub); err != nil {
		b.log.Error("saving a subscription", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_internal"))
	}
	f := b.fmt(req)
	r := &Reply{Lang: req.Lang, Blocks: []Block{
		Paragraph{Text: f.t("subscribed")},
		b.subscriptionFacts(f, sub),
	}}
	if had {
		r.Blocks = append(r.Blocks, Note{Text: f.t("sub_today_sent")})
	}
	return r
}

// subscriptionFacts describes a subscription and when it next posts.
func (b *Bot) subscriptionFacts(f formatter, sub schedule.Subscription) Facts {
	loc, err := schedule.LoadZone(sub.Zone)
	if err != nil {
		loc = time.UTC // cannot happen for a stored subscription
	}
	lang := f.t("sub_lang_chat")
	if sub.Lang != "" {
		lang = f.t("lang_name_" + string(sub.Lang))
	}
	when := f.t("sub_when_new")
	if sub.EveryDay {
		when = f.t("sub_when_daily")
	}
	next := sub.NextDue.In(loc)
	facts := Facts{Items: []Fact{
		{Label: f.t("sub_time"), Value: f.digitsOf(fmt.Sprintf("%02d:%02d", sub.Hour, sub.Minute)) + " " + sub.Zone},
		{Label: f.t("sub_language"), Value: lang},
		{Label: f.t("sub_posts"), Value: when},
		{Label: f.t("sub_next"), Value: f.LongDate(next) + " " + f.digitsOf(next.Format("15:04"))},
	}}
	if sub.Instant {
		facts.Items = append(facts.Items, Fact{Label: f.t("sub_instant"), Value: f.t("sub_instant_on")})
	}
	return facts
}

// unsubscribe answers /unsubscribe.
func (b *Bot) unsubscribe(ctx context.Context, req *Request) *Reply {
	if r := b.refuseChange(ctx, req, scopeChat); r != nil {
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
// An explicit language (a Discord option) wins over the subscription's.
func (b *Bot) briefingPreview(ctx context.Context, req *Request) *Reply {
	var explicit summaries.Lang
	if req.LangBy == ByChoice {
		explicit = req.Lang
	}
	r, err := b.Preview(ctx, PreviewQuery{Chat: req.Chat.Key, Channel: req.Chat.Channel, Server: req.Chat.Parent, Lang: explicit})
	if err != nil {
		b.log.Error("previewing a briefing", "chat", req.Chat.Key, "err", err)
		return b.errorReply(req.Lang, b.msgs.T(req.Lang, "error_internal"))
	}
	return r
}

// PreviewQuery names the chat whose next briefing is previewed.
type PreviewQuery struct {
	// Chat, Channel and Server are as in LangQuery.
	Chat, Channel, Server string
	// Lang is an explicit language for the preview; it wins over the
	// subscription's, which wins over the chat's.
	Lang summaries.Lang
}

// Preview composes what a chat's next briefing would carry now, without
// recording anything (/briefing, and `briefbot briefing preview`): the same
// statements (schedule.Carries) in the language DecideLang gives.
func (b *Bot) Preview(ctx context.Context, q PreviewQuery) (*Reply, error) {
	sub, subscribed, err := b.subs.Subscription(ctx, q.Chat)
	if err != nil {
		return nil, err
	}
	received, err := b.subs.Received(ctx, q.Chat)
	if err != nil {
		return nil, err
	}
	cat := b.catalog.Catalog()
	var sts []*summaries.Statement
	for _, id := range schedule.Carries(cat.IDs(), func(id string) bool { return received[id] }, b.briefingMax) {
		sts = append(sts, cat.Get(id))
	}
	d := b.DecideLang(ctx, LangQuery{Choices: []summaries.Lang{q.Lang, sub.Lang}, Chat: q.Chat, Channel: q.Channel, Server: cmp.Or(sub.Parent, q.Server)})
	if d.Err != nil {
		return nil, d.Err
	}
	day, noteID := b.now(), "preview_note_unsubscribed"
	if subscribed {
		noteID = "preview_note"
		if loc, err := schedule.LoadZone(sub.Zone); err == nil {
			day = sub.NextDue.In(loc)
			// Today's already went out: the next is tomorrow's, and the
			// preview says so rather than seem to promise one today.
			today := b.now().In(loc).Format(time.DateOnly)
			if day.Format(time.DateOnly) != today {
				had, err := b.subs.HasBriefing(ctx, q.Chat, today)
				if err != nil {
					return nil, err
				}
				if had {
					noteID = "preview_note_tomorrow"
				}
			}
		}
	}
	f := formatter{msgs: b.msgs, lang: d.Lang, digits: d.Settings.Digits}
	r := b.dailyReply(f, day, sts)
	note := f.t(noteID)
	if len(sts) == 0 && !(subscribed && sub.EveryDay) {
		note = f.t("preview_nothing")
	}
	r.Blocks = append([]Block{Note{Text: note}}, r.Blocks...)
	return r, nil
}
