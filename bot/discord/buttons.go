package discord

import (
	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// components is one row of buttons for a reply's actions.
func (a *Adapter) components(r *bot.Reply) []discordgo.MessageComponent {
	if len(r.Buttons) == 0 {
		return []discordgo.MessageComponent{}
	}
	var row discordgo.ActionsRow
	for _, b := range r.Buttons[:min(len(r.Buttons), 5)] {
		row.Components = append(row.Components, discordgo.Button{
			Label: bot.Clean(b.Label, 80), Style: discordgo.SecondaryButton, CustomID: a.buttons.Encode(b),
		})
	}
	return []discordgo.MessageComponent{row}
}

// rendered is a reply in Discord's form.
type rendered struct {
	parts      []part
	components []discordgo.MessageComponent
}

// render returns r's messages and buttons, from the render cache when r is
// stable; renderings whose buttons hold expiring tokens are not kept.
func (a *Adapter) render(r *bot.Reply) rendered {
	return a.renders.Render(r, func(r *bot.Reply) (rendered, bool) {
		out := rendered{parts: Render(r), components: a.components(r)}
		for _, row := range out.components {
			for _, b := range row.(discordgo.ActionsRow).Components {
				if bot.Expires(b.(discordgo.Button).CustomID) {
					return out, false
				}
			}
		}
		return out, true
	})
}
