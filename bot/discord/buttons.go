package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// maxCustomID is Discord's limit on a component's custom_id.
const maxCustomID = 100

// encodeAction writes a button's action as a custom_id
// ("v1|<command>|<lang>|<args>"); one that does not fit is kept in memory
// under a random token.
func (a *Adapter) encodeAction(b bot.Button) string {
	id := "v1|" + b.Command + "|" + string(b.Lang) + "|" + b.Args
	if len(id) <= maxCustomID {
		return id
	}
	return "t|" + a.buttons.Put(b)
}

func (a *Adapter) decodeAction(id string) (bot.Button, bool) {
	if tok, ok := strings.CutPrefix(id, "t|"); ok {
		return a.buttons.Get(tok)
	}
	parts := strings.SplitN(id, "|", 4)
	if len(parts) != 4 || parts[0] != "v1" {
		return bot.Button{}, false
	}
	lang, ok := summaries.ParseLang(parts[2])
	if !ok {
		return bot.Button{}, false
	}
	return bot.Button{Command: parts[1], Lang: lang, Args: parts[3]}, true
}

// components is one row of buttons for a reply's actions.
func (a *Adapter) components(r *bot.Reply) []discordgo.MessageComponent {
	if len(r.Buttons) == 0 {
		return []discordgo.MessageComponent{}
	}
	var row discordgo.ActionsRow
	for _, b := range r.Buttons[:min(len(r.Buttons), 5)] {
		row.Components = append(row.Components, discordgo.Button{
			Label: bot.Clean(b.Label, 80), Style: discordgo.SecondaryButton, CustomID: a.encodeAction(b),
		})
	}
	return []discordgo.MessageComponent{row}
}
