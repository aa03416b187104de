package telegram

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// allowedUpdates are the update kinds the bot handles.
var allowedUpdates = []string{"message", "channel_post", "callback_query", "inline_query", "my_chat_member"}

// Polling pace. An empty answer that came back well before the long-poll
// timeout (a proxy that does not hold long polls) is followed by a pause
// of emptyPollWait; while fetched updates are still being answered, the
// bot asks again when one is answered, or after backlogPoll.
const (
	emptyPollWait = time.Second
	backlogPoll   = 500 * time.Millisecond
)

// decodeUpdate decodes one update as Telegram sent it and checks what the
// adapter relies on. Every field may be missing or of the wrong type: the
// update is then returned with an error, and its id when it has a
// readable one (0 otherwise).
func decodeUpdate(raw []byte) (update, int, error) {
	var u update
	if err := json.Unmarshal(raw, &u); err != nil {
		return u, updateID(raw), err
	}
	return u, u.UpdateID, checkUpdate(&u.Update)
}

// updateID reads an update's id alone, when it has a readable one (0
// otherwise).
func updateID(raw []byte) int {
	var head struct {
		UpdateID int `json:"update_id"`
	}
	_ = json.Unmarshal(raw, &head)
	return head.UpdateID
}

// checkUpdate reports a field the adapter needs that the update lacks.
func checkUpdate(u *tgbotapi.Update) error {
	switch {
	case u.Message != nil:
		return checkMessage("message", u.Message, false)
	case u.ChannelPost != nil:
		return checkMessage("channel_post", u.ChannelPost, true)
	case u.CallbackQuery != nil:
		cq := u.CallbackQuery
		switch {
		case cq.ID == "":
			return errors.New("callback_query has no id")
		case cq.From == nil:
			return errors.New("callback_query has no sender")
		case cq.Message != nil && cq.Message.Chat == nil:
			return errors.New("callback_query.message has no chat")
		}
	case u.InlineQuery != nil:
		switch {
		case u.InlineQuery.ID == "":
			return errors.New("inline_query has no id")
		case u.InlineQuery.From == nil:
			return errors.New("inline_query has no sender")
		}
	case u.MyChatMember != nil:
		if u.MyChatMember.Chat.ID == 0 {
			return errors.New("my_chat_member has no chat")
		}
	}
	return nil
}

// checkMessage requires a chat, and outside channels a sender (a user or
// the chat a message was sent on behalf of).
func checkMessage(kind string, m *tgbotapi.Message, channel bool) error {
	switch {
	case m.Chat == nil:
		return fmt.Errorf("%s has no chat", kind)
	case !channel && m.From == nil && m.SenderChat == nil:
		return fmt.Errorf("%s has no sender", kind)
	}
	return nil
}

// accept takes one update as fetched or posted: a malformed one is logged
// once, with its id, and skipped; any other is dispatched. It reports false
// when the adapter takes no more updates. A panic is logged, not fatal.
func (a *Adapter) accept(ctx context.Context, raw []byte, polled bool) (ok bool) {
	id := updateID(raw)
	defer func() {
		if p := recover(); p != nil {
			a.log.Error("update dispatch panicked", "update_id", id, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			a.offsets.done(id)
			ok = true
		}
	}()
	if polled && !a.offsets.fetched(id) {
		return true // fetched before and still being answered
	}
	u, _, err := decodeUpdate(raw)
	if err != nil {
		a.log.Warn("malformed update skipped", "update_id", id, "reason", err.Error())
		a.offsets.done(id)
		return true
	}
	return a.dispatch(ctx, u)
}

// poll fetches updates by long polling until fetch ends, and hands them
// to the workers, each batch whole: an update fetched is answered (under
// ctx, which outlives fetch at shutdown). The offset it gives getUpdates is
// the first update not yet answered, so Telegram keeps every unanswered
// update for a restart.
func (a *Adapter) poll(ctx, fetch context.Context) {
	backoff := time.Second
	for fetch.Err() == nil {
		offset, backlog := a.offsets.offset()
		timeout := a.cfg.PollTimeout
		if backlog {
			timeout = 0 // Telegram answers at once with the unconfirmed ones anyway
		}
		began := time.Now()
		raws, err := a.getUpdates(fetch, offset, timeout, 0)
		if fetch.Err() == nil {
			a.conn.set(err)
		}
		if err != nil {
			if fetch.Err() != nil {
				return
			}
			a.log.Warn("getUpdates failed; retrying", "in", backoff, "err", err)
			if sleep(fetch, backoff) != nil {
				return
			}
			backoff = min(backoff*2, 30*time.Second)
			continue
		}
		backoff = time.Second
		fresh := a.offsets.fresh()
		for _, raw := range raws {
			if !a.accept(ctx, raw, true) {
				return
			}
		}
		switch {
		case backlog && a.offsets.fresh() == fresh:
			// Only updates being answered came back: ask again once half
			// of them are answered (the next answer brings that many new
			// ones), or after backlogPoll.
			a.offsets.waitAnswered(fetch, max(1, a.offsets.pending()/2), backlogPoll)
		case !backlog && len(raws) == 0 && time.Since(began) < timeout/2:
			sleep(fetch, emptyPollWait)
		}
	}
}

// confirm tells Telegram that every update before the first unanswered
// one was answered: getUpdates forgets the updates below its offset.
func (a *Adapter) confirm(ctx context.Context) error {
	offset, _ := a.offsets.offset()
	if offset == 0 {
		return nil
	}
	_, err := a.getUpdates(ctx, offset, 0, 1)
	return err
}

// getUpdates calls getUpdates under ctx (tgbotapi's client is bound to the
// adapter's context, and a long poll must end first at shutdown) and
// returns the updates undecoded, so that one malformed update costs only
// itself. limit 0 is Telegram's default (100).
func (a *Adapter) getUpdates(ctx context.Context, offset int, timeout time.Duration, limit int) ([]json.RawMessage, error) {
	allowed, _ := json.Marshal(allowedUpdates)
	form := url.Values{"timeout": {strconv.Itoa(int(timeout / time.Second))}, "allowed_updates": {string(allowed)}}
	if offset > 0 {
		form.Set("offset", strconv.Itoa(offset))
	}
	if limit > 0 {
		form.Set("limit", strconv.Itoa(limit))
	}
	ctx, cancel := context.WithTimeout(ctx, timeout+30*time.Second) // a server that never answers
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf(a.endpoint, a.cfg.Token, "getUpdates"), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, a.client.redact(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := a.client.http.Do(req)
	if err != nil {
		return nil, a.client.redact(err)
	}
	defer resp.Body.Close()
	var ar tgbotapi.APIResponse
	if err := json.NewDecoder(resp.Body).Decode(&ar); err != nil {
		return nil, fmt.Errorf("getUpdates: undecodable answer (HTTP %d): %w", resp.StatusCode, err)
	}
	if !ar.Ok {
		te := &tgbotapi.Error{Code: ar.ErrorCode, Message: ar.Description}
		if ar.Parameters != nil {
			te.ResponseParameters = *ar.Parameters
		}
		return nil, te
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(ar.Result, &raws); err != nil {
		return nil, fmt.Errorf("getUpdates: the result is not a list: %w", err)
	}
	return raws, nil
}

// offsets tracks the fetched updates not answered yet, so that getUpdates
// confirms only answered ones.
type offsets struct {
	mu       sync.Mutex
	next     int              // the id after the highest fetched
	open     map[int]struct{} // fetched, not answered yet
	answered int              // updates answered so far
	progress chan struct{}    // closed when one is answered; made lazily
}

// fetched records a fetched update; false when it was fetched before (it
// comes again while earlier ones are unconfirmed). An update without a
// readable id (0) is always new.
func (o *offsets) fetched(id int) bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	if id == 0 {
		return true
	}
	if id < o.next {
		return false
	}
	o.next = id + 1
	if o.open == nil {
		o.open = map[int]struct{}{}
	}
	o.open[id] = struct{}{}
	return true
}

// done records an update answered (or skipped).
func (o *offsets) done(id int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if _, ok := o.open[id]; !ok {
		return
	}
	delete(o.open, id)
	o.answered++
	if o.progress != nil {
		close(o.progress)
		o.progress = nil
	}
}

// offset is what getUpdates may confirm: the first unanswered update, or
// the one after the last fetched; backlog reports unanswered ones.
func (o *offsets) offset() (offset int, backlog bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	offset = o.next
	for id := range o.open {
		offset = min(offset, id)
	}
	return offset, len(o.open) > 0
}

// fresh is the id the next new update will have at least.
func (o *offsets) fresh() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.next
}

// pending counts the fetched updates not answered yet.
func (o *offsets) pending() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.open)
}

// waitAnswered waits until n more updates are answered, at most d.
func (o *offsets) waitAnswered(ctx context.Context, n int, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	o.mu.Lock()
	goal := o.answered + n
	for o.answered < goal {
		if o.progress == nil {
			o.progress = make(chan struct{})
		}
		ch := o.progress
		o.mu.Unlock()
		select {
		case <-ch:
		case <-t.C:
			return
		case <-ctx.Done():
			return
		}
		o.mu.Lock()
	}
	o.mu.Unlock()
}
