package telegramtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

func htmlMessage(chatID int64, text string) tgbotapi.MessageConfig {
	m := tgbotapi.NewMessage(chatID, text)
	m.ParseMode = tgbotapi.ModeHTML
	return m
}

func TestHTMLValidationThroughClient(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddChat(group)
	m, err := bot.Send(htmlMessage(group.ID, `<b>Brief</b> for <a href="https://example.com/?a=1&amp;b=2">today</a> &lt;3 <pre><code class="language-go">x</code></pre>`))
	if err != nil {
		t.Fatal(err)
	}
	if m.Text != "Brief for today <3 x" || len(m.Entities) != 3 || m.Entities[1].URL != "https://example.com/?a=1&b=2" {
		t.Fatalf("message = %q %+v", m.Text, m.Entities)
	}
	if got := srv.Messages(group.ID)[0]; got.ParseMode != "HTML" || got.PlainText != m.Text || !strings.HasPrefix(got.Text, "<b>Brief</b>") {
		t.Fatalf("stored = %+v", got)
	}
	bad := map[string]string{
		"<b>unbalanced</i>":  "Unmatched end tag",
		"<b>unclosed":        "Can't find end tag",
		"<div>unknown</div>": `Unsupported start tag "div"`,
		"Q&A":                `unescaped "&"`,
		"&copy; 2026":        `unescaped "&"`,
		"1 < 2":              "Unsupported start tag",
	}
	for text, want := range bad {
		_, err := bot.Send(htmlMessage(group.ID, text))
		wantError(t, err, 400, "Bad Request: can't parse entities: "+want)
	}
	// 4096 UTF-16 code units is the limit: 2048 astral-plane emoji (8192 bytes).
	emoji := strings.Repeat("🙂", 2048)
	if _, err := bot.Send(htmlMessage(group.ID, "<i>"+emoji+"</i>")); err != nil {
		t.Fatalf("4096 units rejected: %v", err)
	}
	if _, err := bot.Send(tgbotapi.NewMessage(group.ID, strings.Repeat("x", 4096))); err != nil {
		t.Fatalf("4096 chars rejected: %v", err)
	}
	_, err = bot.Send(htmlMessage(group.ID, "<i>"+emoji+"!</i>"))
	wantError(t, err, 400, "Bad Request: message is too long")
	_, err = bot.Send(tgbotapi.NewMessage(group.ID, emoji+"!"))
	wantError(t, err, 400, "Bad Request: message is too long")
	noViolationsExcept(t, srv, len(bad)+2)
}

func TestInlineKeyboardRules(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddChat(group)
	send := func(kb tgbotapi.InlineKeyboardMarkup) error {
		m := tgbotapi.NewMessage(group.ID, "pick")
		m.ReplyMarkup = kb
		_, err := bot.Send(m)
		return err
	}
	ok64 := strings.Repeat("d", 64)
	if err := send(tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("ok", ok64),
		tgbotapi.NewInlineKeyboardButtonURL("site", "https://example.com"),
		tgbotapi.NewInlineKeyboardButtonSwitch("share", ""),
	))); err != nil {
		t.Fatal(err)
	}
	err := send(tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("big", ok64+"d"))))
	wantError(t, err, 400, "BUTTON_DATA_INVALID")
	// 22 three-byte characters: 22 runes but 66 bytes.
	err = send(tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("utf8", strings.Repeat("€", 22)))))
	wantError(t, err, 400, "BUTTON_DATA_INVALID")
	err = send(tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.InlineKeyboardButton{Text: "nothing"})))
	wantError(t, err, 400, "Text buttons are unallowed")
	data, link := "a", "https://example.com"
	err = send(tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.InlineKeyboardButton{Text: "two", CallbackData: &data, URL: &link})))
	wantError(t, err, 400, "exactly one")
	err = send(tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonURL("bad", "javascript:alert(1)"))))
	wantError(t, err, 400, "BUTTON_URL_INVALID")
}

func TestEdit(t *testing.T) {
	srv, bot := newBot(t, WithoutLimits())
	srv.SendText(aliceChat, alice, "hi") // message 1, from the user
	kb := tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("a", "a")))
	msg := tgbotapi.NewMessage(alice.ID, "v1")
	msg.ReplyMarkup = kb
	msg.ReplyToMessageID = 1
	sent, err := bot.Send(msg)
	if err != nil || sent.MessageID != 2 || sent.ReplyMarkup == nil {
		t.Fatalf("send: %v %+v", err, sent)
	}
	edit := tgbotapi.NewEditMessageTextAndMarkup(alice.ID, sent.MessageID, "v1", kb)
	_, err = bot.Send(edit)
	wantError(t, err, 400, "message is not modified")
	edit.Text = "v2"
	if m, err := bot.Send(edit); err != nil || m.Text != "v2" || m.EditDate == 0 {
		t.Fatalf("edit: %v %+v", err, m)
	}
	// editMessageText without reply_markup removes the keyboard: a change.
	if _, err := bot.Send(tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "v2")); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Send(tgbotapi.NewEditMessageText(alice.ID, sent.MessageID, "v2"))
	wantError(t, err, 400, "message is not modified")
	got := srv.Messages(alice.ID)
	if len(got) != 1 || got[0].Text != "v2" || got[0].Edits != 2 || got[0].ReplyTo != 1 || got[0].ReplyMarkup != "" {
		t.Fatalf("state = %+v", got)
	}
	_, err = bot.Send(tgbotapi.NewEditMessageText(alice.ID, 1, "not mine"))
	wantError(t, err, 400, "message can't be edited")
	_, err = bot.Send(tgbotapi.NewEditMessageText(alice.ID, 99, "x"))
	wantError(t, err, 400, "message to edit not found")
	// Edits take inline keyboards only.
	_, err = bot.MakeRequest("editMessageText", tgbotapi.Params{"chat_id": "1001", "message_id": "2", "text": "v3",
		"reply_markup": `{"keyboard":[[{"text":"a"}]]}`})
	wantError(t, err, 400, `field "inline_keyboard" is required`)
	msg.ReplyToMessageID = 77
	_, err = bot.Send(msg)
	wantError(t, err, 400, "message to be replied not found")
	msg.AllowSendingWithoutReply = true
	if m, err := bot.Send(msg); err != nil || m.ReplyToMessage != nil {
		t.Fatalf("allow_sending_without_reply: %v %+v", err, m)
	}
}

func TestCallbackQueries(t *testing.T) {
	srv, bot := newBot(t)
	srv.SendText(aliceChat, alice, "hi")
	m := tgbotapi.NewMessage(alice.ID, "pick")
	m.ReplyMarkup = tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(tgbotapi.NewInlineKeyboardButtonData("Yes", "yes")))
	sent, _ := bot.Send(m)
	id := srv.PressButton(aliceChat, alice, sent.MessageID, "yes")
	ups, _ := bot.GetUpdates(tgbotapi.UpdateConfig{Offset: 2})
	if len(ups) != 1 || ups[0].CallbackQuery.Data != "yes" || ups[0].CallbackQuery.Message.Text != "pick" ||
		ups[0].CallbackQuery.Message.ReplyMarkup == nil || ups[0].CallbackQuery.ID != id {
		t.Fatalf("callback update = %+v", ups)
	}
	if _, err := bot.Request(tgbotapi.NewCallback(id, "done")); err != nil {
		t.Fatal(err)
	}
	_, err := bot.Request(tgbotapi.NewCallback(id, "again"))
	wantError(t, err, 400, "query is too old")
	_, err = bot.Request(tgbotapi.NewCallback("123", ""))
	wantError(t, err, 400, "query ID is invalid")
	id2 := srv.PressButton(aliceChat, alice, sent.MessageID, "yes")
	_, err = bot.Request(tgbotapi.NewCallback(id2, strings.Repeat("x", 201)))
	wantError(t, err, 400, "MESSAGE_TOO_LONG")
	if a := srv.CallbackAnswers(); len(a) != 1 || a[0].QueryID != id || a[0].Text != "done" {
		t.Fatalf("answers = %+v", a)
	}
}

func inlineConfig(id string, n int) tgbotapi.InlineConfig {
	cfg := tgbotapi.InlineConfig{InlineQueryID: id}
	for i := 0; i < n; i++ {
		cfg.Results = append(cfg.Results, tgbotapi.NewInlineQueryResultArticleHTML(fmt.Sprint("r", i), "title", "<b>text</b>"))
	}
	return cfg
}

func TestInlineQueries(t *testing.T) {
	srv, bot := newBot(t)
	id := srv.InlineQuery(alice, "brief", "")
	_, err := bot.Request(inlineConfig(id, 51))
	wantError(t, err, 400, "RESULTS_TOO_MUCH")
	dup := inlineConfig(id, 2)
	dup.Results = append(dup.Results, tgbotapi.NewInlineQueryResultArticle("r0", "t", "x"))
	_, err = bot.Request(dup)
	wantError(t, err, 400, "RESULT_ID_DUPLICATE")
	badHTML := inlineConfig(id, 1)
	badHTML.Results = append(badHTML.Results, tgbotapi.NewInlineQueryResultArticleHTML("bad", "t", "<b>x"))
	_, err = bot.Request(badHTML)
	wantError(t, err, 400, "can't parse entities")
	long := inlineConfig(id, 1)
	long.NextOffset = strings.Repeat("o", 65)
	_, err = bot.Request(long)
	wantError(t, err, 400, "NEXT_OFFSET_INVALID")
	missing := inlineConfig(id, 1)
	missing.Results = append(missing.Results, map[string]any{"type": "article", "id": "m", "title": "no content"})
	_, err = bot.Request(missing)
	wantError(t, err, 400, `"input_message_content" is required`)

	good := inlineConfig(id, 50)
	good.NextOffset = "10"
	if _, err := bot.Request(good); err != nil {
		t.Fatal(err)
	}
	_, err = bot.Request(good)
	wantError(t, err, 400, "query is too old")
	a := srv.InlineAnswers()
	if len(a) != 1 || len(a[0].Results) != 50 || a[0].ResultIDs[1] != "r1" || a[0].NextOffset != "10" {
		t.Fatalf("answers = %+v", a)
	}
}

func TestCommands(t *testing.T) {
	srv, bot := newBot(t)
	srv.AddChat(group)
	_, err := bot.Request(tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "Start", Description: "go"}))
	wantError(t, err, 400, "BOT_COMMAND_INVALID")
	_, err = bot.Request(tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: strings.Repeat("a", 33), Description: "go"}))
	wantError(t, err, 400, "BOT_COMMAND_INVALID")
	_, err = bot.Request(tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "start", Description: ""}))
	wantError(t, err, 400, "BOT_COMMAND_DESCRIPTION_INVALID")
	_, err = bot.Request(tgbotapi.NewSetMyCommands(tgbotapi.BotCommand{Command: "start", Description: strings.Repeat("d", 257)}))
	wantError(t, err, 400, "BOT_COMMAND_DESCRIPTION_INVALID")
	var many []tgbotapi.BotCommand
	for i := 0; i < 101; i++ {
		many = append(many, tgbotapi.BotCommand{Command: fmt.Sprint("c", i), Description: "d"})
	}
	_, err = bot.Request(tgbotapi.NewSetMyCommands(many...))
	wantError(t, err, 400, "too many commands")
	_, err = bot.Request(tgbotapi.SetMyCommandsConfig{Commands: many[:1], LanguageCode: "ara"})
	wantError(t, err, 400, "invalid language code")

	cmds := []tgbotapi.BotCommand{{Command: "start", Description: "Start"}, {Command: "brief_now", Description: "Brief me"}}
	if _, err := bot.Request(tgbotapi.NewSetMyCommands(cmds...)); err != nil {
		t.Fatal(err)
	}
	if _, err := bot.Request(tgbotapi.SetMyCommandsConfig{Commands: cmds[:1], LanguageCode: "ar"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands("", ""); len(got) != 2 || got[1].Command != "brief_now" {
		t.Fatalf("default commands = %+v", got)
	}
	if got := srv.Commands(`{"type":"default"}`, "ar"); len(got) != 1 || got[0].Command != "start" {
		t.Fatalf("ar commands = %+v", got)
	}
	// An empty list deletes a language's commands, as in the real API.
	if _, err := bot.MakeRequest("setMyCommands", tgbotapi.Params{"commands": "[]", "language_code": "ar"}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Commands("", "ar"); len(got) != 0 {
		t.Fatalf("after delete: %+v", got)
	}
	// Only the default scope is modelled.
	_, err = bot.Request(tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChat(group.ID), cmds...))
	wantError(t, err, 501, "command scopes other than the default")
}

func TestWebhook(t *testing.T) {
	srv, bot := newBot(t)
	wh, _ := tgbotapi.NewWebhook("http://example.com/hook")
	_, err := bot.Request(wh)
	wantError(t, err, 400, "bad webhook: An HTTPS URL must be provided")
	wh, _ = tgbotapi.NewWebhook("https://example.com:9999/hook")
	_, err = bot.Request(wh)
	wantError(t, err, 400, "ports 80, 88, 443 or 8443")
	_, err = bot.MakeRequest("setWebhook", tgbotapi.Params{"url": "https://example.com/hook", "secret_token": "bad token!"})
	wantError(t, err, 400, "secret token")

	resp, err := bot.MakeRequest("setWebhook", tgbotapi.Params{"url": "http://127.0.0.1:8080/hook", "secret_token": "s3cret_-X",
		"allowed_updates": `["message","callback_query"]`})
	if err != nil || resp.Description != "Webhook was set" {
		t.Fatalf("loopback http webhook: %v %+v", err, resp)
	}
	if w := srv.Webhook(); w.URL != "http://127.0.0.1:8080/hook" || w.SecretToken != "s3cret_-X" || len(w.AllowedUpdates) != 2 {
		t.Fatalf("Webhook() = %+v", w)
	}
	srv.SendText(aliceChat, alice, "pending")
	info, err := bot.GetWebhookInfo()
	if err != nil || info.URL != "http://127.0.0.1:8080/hook" || info.PendingUpdateCount != 1 || !info.IsSet() {
		t.Fatalf("info = %v %+v", err, info)
	}
	if _, err := bot.Request(tgbotapi.DeleteWebhookConfig{DropPendingUpdates: true}); err != nil {
		t.Fatal(err)
	}
	if srv.Webhook().URL != "" || srv.PendingUpdates() != 0 {
		t.Fatalf("after delete: %+v pending %d", srv.Webhook(), srv.PendingUpdates())
	}
}

func TestChatMembers(t *testing.T) {
	srv, bot := newBot(t)
	srv.SendText(group, alice, "hi")
	srv.SetAdmin(group.ID, alice.ID, true)
	srv.SendText(bob.PrivateChat(), bob, "hi") // known, but not in the group
	cfg := func(uid int64) tgbotapi.GetChatMemberConfig {
		return tgbotapi.GetChatMemberConfig{ChatConfigWithUser: tgbotapi.ChatConfigWithUser{ChatID: group.ID, UserID: uid}}
	}
	if m, err := bot.GetChatMember(cfg(alice.ID)); err != nil || !m.IsAdministrator() || m.User.UserName != "alice" {
		t.Fatalf("alice: %v %+v", err, m)
	}
	if m, err := bot.GetChatMember(cfg(bob.ID)); err != nil || m.Status != "left" {
		t.Fatalf("bob: %v %+v", err, m)
	}
	if m, err := bot.GetChatMember(cfg(bot.Self.ID)); err != nil || m.Status != "member" || !m.User.IsBot {
		t.Fatalf("bot: %v %+v", err, m)
	}
	srv.SetAdmin(group.ID, alice.ID, false)
	if m, err := bot.GetChatMember(cfg(alice.ID)); err != nil || m.Status != "member" {
		t.Fatalf("alice demoted: %v %+v", err, m)
	}
	_, err := bot.GetChatMember(cfg(5555))
	wantError(t, err, 400, "user not found")
}

// TestForumTopics: a message in a topic carries its message_thread_id; a
// message sent there is recorded in its topic, so is a reply to one; a
// thread that is not a topic of a forum is refused as Telegram does.
func TestForumTopics(t *testing.T) {
	srv, bot := newBot(t, WithoutLimits())
	forum := Chat{ID: -3001, Title: "Desk"}
	topic := srv.CreateTopic(forum, "Iraq")
	srv.SendTopicText(forum, topic, alice, "/figures")
	ups, err := bot.MakeRequest("getUpdates", tgbotapi.Params{})
	if err != nil {
		t.Fatal(err)
	}
	var raw []struct {
		Message struct {
			ID      int  `json:"message_id"`
			Thread  int  `json:"message_thread_id"`
			IsTopic bool `json:"is_topic_message"`
			Chat    struct {
				IsForum bool `json:"is_forum"`
			} `json:"chat"`
		} `json:"message"`
	}
	if err := json.Unmarshal(ups.Result, &raw); err != nil || len(raw) != 1 || raw[0].Message.Thread != topic || !raw[0].Message.IsTopic || !raw[0].Message.Chat.IsForum {
		t.Fatalf("topic message = %s (%v)", ups.Result, err)
	}
	send := func(p tgbotapi.Params) error {
		p["chat_id"], p["text"] = "-3001", "hi"
		_, err := bot.MakeRequest("sendMessage", p)
		return err
	}
	if err := send(tgbotapi.Params{"message_thread_id": fmt.Sprint(topic)}); err != nil {
		t.Fatal(err)
	}
	if err := send(tgbotapi.Params{"reply_to_message_id": fmt.Sprint(raw[0].Message.ID)}); err != nil {
		t.Fatal(err)
	}
	if err := send(tgbotapi.Params{}); err != nil {
		t.Fatal(err)
	}
	if got := srv.Messages(forum.ID); len(got) != 3 || got[0].Thread != topic || got[1].Thread != topic || got[2].Thread != 0 {
		t.Fatalf("messages = %+v", got)
	}
	wantError(t, send(tgbotapi.Params{"message_thread_id": "999"}), 400, "message thread not found")
	srv.AddChat(group)
	_, err = bot.MakeRequest("sendChatAction", tgbotapi.Params{"chat_id": "-2001", "action": "typing", "message_thread_id": fmt.Sprint(topic)})
	wantError(t, err, 400, "message thread not found")
	if _, err := bot.MakeRequest("sendChatAction", tgbotapi.Params{"chat_id": "-3001", "action": "typing", "message_thread_id": fmt.Sprint(topic)}); err != nil {
		t.Fatal(err)
	}
	noViolationsExcept(t, srv, 2)
}
