package bot

import (
	"cmp"
	"context"
	"errors"

	"github.com/briefbot/briefbot/summaries"
)

// LangQuery is everything a reply's language may be decided from.
type LangQuery struct {
	// Choices are explicit choices, strongest first: a --lang flag, a
	// Discord option, a language button, a subscription's language.
	// Empty entries are skipped.
	Choices []summaries.Lang
	// User is the key of the user's own settings, on platforms that keep
	// settings per user (CapUserSettings); "" elsewhere.
	User string
	// Chat and Server are the settings keys of the chat and of the server
	// it belongs to ("" when none); Channel is, for a thread, the key of the
	// channel it is in, whose settings come between the two.
	Chat, Channel, Server string
	// Platform is the user's language tag as the platform reports it.
	Platform string
}

// LangSource says which rule decided a reply's language.
type LangSource string

// Language sources, in the order they are tried.
const (
	ByChoice   LangSource = "choice"
	ByUser     LangSource = "user"
	ByChat     LangSource = "chat"
	ByChannel  LangSource = "channel" // a thread's channel
	ByServer   LangSource = "server"
	ByPlatform LangSource = "platform"
	ByDefault  LangSource = "default"
)

// LangDecision is a reply's language with the settings read to decide it.
type LangDecision struct {
	Lang summaries.Lang
	By   LangSource
	// Settings are the chat's own, completed from its server's where the
	// chat chose nothing.
	Settings ChatSettings
	// Err is a settings read that failed; the decision was made without
	// it (and the failure logged).
	Err error
}

// DecideLang is the one rule for the language of a reply: an explicit
// choice, then the user's own setting (where the platform has one), the
// chat's, for a thread its channel's, the server's, the user's platform language when it is Arabic or
// English, then BRIEFBOT_DEFAULT_LANG. Commands, quick lookups, buttons,
// briefings and previews all come here.
func (b *Bot) DecideLang(ctx context.Context, q LangQuery) LangDecision {
	var d LangDecision
	read := func(key string) ChatSettings {
		if key == "" {
			return ChatSettings{}
		}
		s, err := b.settings.ChatSettings(ctx, key)
		if err != nil {
			b.log.Warn("reading settings", "key", key, "err", err)
			d.Err = errors.Join(d.Err, err)
		}
		return s
	}
	chat := read(q.Chat)
	channel := read(q.Channel)
	var server ChatSettings
	if q.Server != "" && (cmp.Or(chat.Lang, channel.Lang) == "" || cmp.Or(chat.Digits, channel.Digits) == "") {
		server = read(q.Server)
	}
	d.Settings = ChatSettings{Digits: cmp.Or(chat.Digits, channel.Digits, server.Digits), Private: chat.Private || channel.Private}
	for _, l := range q.Choices {
		if l != "" {
			d.Lang, d.By = l, ByChoice
			break
		}
	}
	if d.Lang == "" && q.User != "" {
		if u := read(q.User); u.Lang != "" {
			d.Lang, d.By = u.Lang, ByUser
		}
	}
	if d.Lang == "" {
		d.Lang, d.By = b.fallbackLang(chat, channel, server, q.Platform)
	}
	d.Settings.Lang = cmp.Or(chat.Lang, channel.Lang, server.Lang)
	return d
}

// fallbackLang is the rest of DecideLang's order, once no choice decided.
func (b *Bot) fallbackLang(chat, channel, server ChatSettings, platform string) (summaries.Lang, LangSource) {
	switch {
	case chat.Lang != "":
		return chat.Lang, ByChat
	case channel.Lang != "":
		return channel.Lang, ByChannel
	case server.Lang != "":
		return server.Lang, ByServer
	}
	if l, ok := summaries.ParseLang(platform); ok {
		return l, ByPlatform
	}
	return b.defaultLang, ByDefault
}

// langQuery is what a request says about its reply's language.
func langQuery(req *Request) LangQuery {
	q := LangQuery{Choices: []summaries.Lang{req.Lang}, Chat: req.Chat.Key, Channel: req.Chat.Channel, Server: req.Chat.Parent, Platform: req.User.Lang}
	if req.Can(CapUserSettings) {
		q.User = req.User.Key
	}
	return q
}
