package telegram

import (
	"context"
	"fmt"
	"hash/maphash"
	"runtime/debug"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
)

// job is one update for a worker, with the request it makes, built and
// judged by the core's per-user limit when it arrived; refused, when not
// nil, is the core's answer instead (the limit refused it).
type job struct {
	u       update
	req     *bot.Request
	refused *bot.Reply
}

// dispatch judges u on arrival and queues it on the worker of its chat (or
// user, for inline queries), so one chat's updates are answered in order.
// u has passed checkUpdate. It reports false when the adapter takes no
// more updates (it is stopping).
func (a *Adapter) dispatch(ctx context.Context, u update) bool {
	j, ok := a.newJob(ctx, u)
	if !ok { // nothing to do: not a command, or one for another bot
		a.offsets.done(u.UpdateID)
		return true
	}
	key := queueKey(u.Update)
	var h maphash.Hash
	h.SetSeed(a.seed)
	fmt.Fprint(&h, key)
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.closed { // not answered: not confirmed either
		return false
	}
	a.busy.add(key)
	select {
	case a.queues[h.Sum64()%uint64(len(a.queues))] <- j:
	case <-ctx.Done():
		a.busy.done(key)
		return false
	}
	return true
}

// queueKey is the chat whose order u keeps: the chat, or the user for
// inline queries and buttons under inline results.
func queueKey(u tgbotapi.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.ChannelPost != nil:
		return u.ChannelPost.Chat.ID
	case u.CallbackQuery != nil && u.CallbackQuery.Message != nil:
		return u.CallbackQuery.Message.Chat.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	case u.InlineQuery != nil:
		return u.InlineQuery.From.ID
	case u.MyChatMember != nil:
		return u.MyChatMember.Chat.ID
	}
	return 0
}

// newJob builds the request u makes and has the core judge its rate now.
// ok is false when u asks nothing of the bot.
func (a *Adapter) newJob(ctx context.Context, u update) (j job, ok bool) {
	j.u = u
	switch {
	case u.Message != nil:
		j.req = a.commandRequest(u.Message, u.topic, false)
	case u.ChannelPost != nil:
		j.req = a.commandRequest(u.ChannelPost, 0, true)
	case u.CallbackQuery != nil:
		j.req = a.callbackRequest(u.CallbackQuery, u.topic)
		ok = true // answered even when it runs nothing
	case u.InlineQuery != nil:
		j.req = inlineRequest(u.InlineQuery)
	case u.MyChatMember != nil:
		return j, true
	}
	if j.req == nil {
		return j, ok
	}
	j.refused = a.core.Admit(ctx, j.req)
	return j, true
}

// serve is the core's reply to a job's request.
func (a *Adapter) serve(ctx context.Context, j job) *bot.Reply {
	if j.refused != nil {
		return j.refused
	}
	return a.core.Handle(ctx, j.req)
}

// handleUpdate answers one update; a panic in it is logged, not fatal. An
// update whose answer ctx cut short is not counted as answered: Telegram
// delivers it again to the next process.
func (a *Adapter) handleUpdate(ctx context.Context, j job) {
	defer a.busy.done(queueKey(j.u.Update))
	if ctx.Err() != nil {
		return
	}
	answered := false
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("update handler panicked", "update_id", j.u.UpdateID, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			answered = true // it would panic again
		}
		if answered {
			a.offsets.done(j.u.UpdateID)
		}
	}()
	answered = a.answer(ctx, j)
}

// answer answers one update; false when the shutdown deadline cut the
// answer short.
func (a *Adapter) answer(ctx context.Context, j job) bool {
	u := j.u
	switch {
	case u.Message != nil:
		return a.handleMessage(ctx, u.Message, j)
	case u.ChannelPost != nil:
		return a.handleMessage(ctx, u.ChannelPost, j)
	case u.CallbackQuery != nil:
		a.handleCallback(ctx, u.CallbackQuery, j)
	case u.InlineQuery != nil:
		a.handleInline(ctx, u.InlineQuery, j)
	case u.MyChatMember != nil:
		a.handleMembership(ctx, u.MyChatMember)
	}
	return ctx.Err() == nil
}
