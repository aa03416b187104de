package telegram

import (
	"fmt"
	"slices"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// setCommands publishes the command menu: once for the default scope in the
// default language, and once per language_code, so an Arabic user sees
// Arabic descriptions.
func (a *Adapter) setCommands() error {
	set := func(lang summaries.Lang, code string) error {
		var cmds []tgbotapi.BotCommand
		for _, c := range a.core.Commands(lang) {
			if c.Needs != "" && !slices.Contains(caps, c.Needs) {
				continue
			}
			cmds = append(cmds, tgbotapi.BotCommand{Command: c.Name, Description: bot.Clean(c.Description, 256)})
		}
		cfg := tgbotapi.SetMyCommandsConfig{Commands: cmds, LanguageCode: code}
		if _, err := a.api.Request(cfg); err != nil {
			return fmt.Errorf("setMyCommands %q: %w", code, a.client.redact(err))
		}
		return nil
	}
	if err := set(a.core.DefaultLang(), ""); err != nil {
		return err
	}
	for _, lang := range summaries.Langs {
		if err := set(lang, string(lang)); err != nil {
			return err
		}
	}
	return nil
}
