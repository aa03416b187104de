// Package telegramtest is an in-process fake of the Telegram Bot API for the
// bot's end-to-end tests and benchmarks.
//
// A Server listens on 127.0.0.1 and speaks the real wire protocol, so the bot
// is driven through the real client library:
//
//	srv := telegramtest.New()
//	defer srv.Close()
//	bot, err := tgbotapi.NewBotAPIWithClient(srv.Token(), srv.Endpoint(), srv.Client())
//
// Every request is checked against the official machine-readable API
// description (embedded from testdata/telegram-bot-api.json): unknown methods
// answer 404, missing required or mistyped fields 400. On top of that the
// server enforces the rules the description states only in prose — message
// length in UTF-16 code units after HTML entity parsing, Telegram's HTML
// dialect, inline keyboard rules, command names, inline query answers — and
// flood limits (see Limits), answering exactly as Telegram would. Each rule the
// bot breaks is also recorded, so a test can end with
//
//	if v := srv.Violations(); len(v) > 0 { t.Fatal(v) }
//
// Tests feed the bot with PushUpdate, QueueRawUpdate (raw JSON, for
// malformed updates) or the builders (SendText, SendTopicText, ChannelPost,
// PressButton, InlineQuery), which getUpdates delivers by real long polling.
// Forum supergroups have topics (CreateTopic): a message sent in one carries
// its message_thread_id, and what the bot posts is recorded in the topic
// named by message_thread_id (or of the message it replies to); a thread
// that is not a topic of a forum is "message thread not found".
// They inspect what the bot did with Messages, Calls, CallbackAnswers,
// InlineAnswers, Commands, Webhook and Throttles, and wait without sleeping
// using WaitFor and WaitMessages. Failures are scripted with FailNext, FailAll,
// BlockChat and MigrateChat.
//
// The fake models the methods the bot calls, listed in one table in New:
// getMe, getUpdates, sendMessage, editMessageText, sendChatAction,
// answerCallbackQuery, answerInlineQuery, setMyCommands, setWebhook,
// deleteWebhook, getWebhookInfo and getChatMember. Any other method of the
// spec is still checked against the spec, and a well-formed call is then
// answered 501 and recorded as a violation: adding a method is a line in
// the table and a handler.
//
// Deliberate differences from the real service: only HTML parse_mode is
// implemented (Markdown and MarkdownV2 are rejected); an '&' that does not
// start &lt; &gt; &amp; &quot; or a numeric entity is an error, as the
// documentation demands, where Telegram keeps it literally; a webhook URL is
// stored but updates are never POSTed to it; unregistered chats are "chat not
// found" (chats are registered by the builders, PushUpdate and AddChat), and
// so are "@username" chat ids; reply keyboards, command scopes other than the
// default and multipart uploads are not modelled (answered 501 and 400).
package telegramtest
