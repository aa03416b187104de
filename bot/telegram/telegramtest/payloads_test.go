package telegramtest

import (
	"testing"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// TestTgbotapiPayloadsConform sends many tgbotapi v5.5.1 request types and
// checks that what the library produces passes the spec validation (legacy
// encodings such as string poll options or thumb_url included).
func TestTgbotapiPayloadsConform(t *testing.T) {
	srv, bot := newBot(t, WithoutLimits())
	srv.AddChat(group)
	srv.SendText(group, alice, "hi")
	cfgs := []tgbotapi.Chattable{
		tgbotapi.NewMediaGroup(group.ID, []interface{}{tgbotapi.NewInputMediaPhoto(tgbotapi.FileID("abc")), tgbotapi.NewInputMediaPhoto(tgbotapi.FileURL("https://e.com/x.jpg"))}),
		tgbotapi.NewMediaGroup(group.ID, []interface{}{tgbotapi.NewInputMediaDocument(tgbotapi.FileID("abc")), tgbotapi.NewInputMediaDocument(tgbotapi.FileID("def"))}),
		tgbotapi.NewLocation(group.ID, 1.5, 2.5),
		tgbotapi.NewVenue(group.ID, "t", "a", 1, 2),
		tgbotapi.NewContact(group.ID, "123", "Bob"),
		tgbotapi.NewDice(group.ID),
		tgbotapi.NewDocument(group.ID, tgbotapi.FileID("doc")),
		tgbotapi.NewAudio(group.ID, tgbotapi.FileID("a")),
		tgbotapi.NewVideo(group.ID, tgbotapi.FileID("v")),
		tgbotapi.NewAnimation(group.ID, tgbotapi.FileID("a")),
		tgbotapi.NewVoice(group.ID, tgbotapi.FileID("v")),
		tgbotapi.NewSticker(group.ID, tgbotapi.FileID("s")),
		tgbotapi.NewForward(group.ID, group.ID, 1),
		tgbotapi.NewCopyMessage(group.ID, group.ID, 1),
		tgbotapi.NewInvoice(group.ID, "t", "d", "p", "tok", "s", "USD", []tgbotapi.LabeledPrice{{Label: "x", Amount: 100}}),
		tgbotapi.SetChatPermissionsConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: group.ID}, Permissions: &tgbotapi.ChatPermissions{CanSendMessages: true}},
		tgbotapi.PromoteChatMemberConfig{ChatMemberConfig: tgbotapi.ChatMemberConfig{ChatID: group.ID, UserID: alice.ID}, CanDeleteMessages: true},
		tgbotapi.RestrictChatMemberConfig{ChatMemberConfig: tgbotapi.ChatMemberConfig{ChatID: group.ID, UserID: alice.ID}, Permissions: &tgbotapi.ChatPermissions{}},
		tgbotapi.BanChatMemberConfig{ChatMemberConfig: tgbotapi.ChatMemberConfig{ChatID: group.ID, UserID: alice.ID}},
		tgbotapi.NewChatTitle(group.ID, "x"),
		tgbotapi.NewChatDescription(group.ID, "x"),
		tgbotapi.CreateChatInviteLinkConfig{ChatConfig: tgbotapi.ChatConfig{ChatID: group.ID}},
		tgbotapi.StopMessageLiveLocationConfig{BaseEdit: tgbotapi.BaseEdit{ChatID: group.ID, MessageID: 7}},
		tgbotapi.EditMessageCaptionConfig{BaseEdit: tgbotapi.BaseEdit{ChatID: group.ID, MessageID: 7}, Caption: "new"},
		tgbotapi.NewEditMessageCaption(group.ID, 7, "newer"),
		tgbotapi.EditMessageMediaConfig{BaseEdit: tgbotapi.BaseEdit{ChatID: group.ID, MessageID: 7}, Media: tgbotapi.NewInputMediaPhoto(tgbotapi.FileID("x"))},
		tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeAllGroupChats(), tgbotapi.BotCommand{Command: "a", Description: "b"}),
		tgbotapi.NewSetMyCommandsWithScope(tgbotapi.NewBotCommandScopeChatMember(group.ID, alice.ID), tgbotapi.BotCommand{Command: "a", Description: "b"}),
		tgbotapi.NewPoll(group.ID, "q", "a", "b"),
		tgbotapi.UserProfilePhotosConfig{UserID: alice.ID},
		tgbotapi.FileConfig{FileID: "x"},
		tgbotapi.PinChatMessageConfig{ChatID: group.ID, MessageID: 1},
		tgbotapi.UnpinChatMessageConfig{ChatID: group.ID, MessageID: 1},
		tgbotapi.LogOutConfig{},
	}
	for _, c := range cfgs {
		if _, err := bot.Request(c); err != nil {
			t.Errorf("%T: %v", c, err)
		}
	}
	inl := tgbotapi.InlineConfig{InlineQueryID: srv.InlineQuery(alice, "q", "")}
	inl.Results = []interface{}{
		tgbotapi.NewInlineQueryResultGIF("1", "https://e.com/x.gif"),
		tgbotapi.NewInlineQueryResultMPEG4GIF("2", "https://e.com/x.mp4"),
		tgbotapi.NewInlineQueryResultAudio("4", "https://e.com/x.mp3", "t"),
		tgbotapi.NewInlineQueryResultDocument("5", "https://e.com/x.pdf", "t", "application/pdf"),
		tgbotapi.NewInlineQueryResultLocation("6", "t", 1, 2),
		tgbotapi.NewInlineQueryResultVenue("7", "t", "a", 1, 2),
		tgbotapi.NewInlineQueryResultCachedPhoto("8", "fid"),
		tgbotapi.NewInlineQueryResultCachedSticker("9", "fid", "t"),
		tgbotapi.NewInlineQueryResultArticleHTML("10", "t", "x"),
	}
	if _, err := bot.Request(inl); err != nil {
		t.Errorf("inline: %v", err)
	}
	noViolations(t, srv)
}
