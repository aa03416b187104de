package discord

import (
	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// Discord's bounds on buttons: five to an action row, five rows.
const (
	rowWidth = 5
	maxRows  = 5
	maxLabel = 80 // characters; bot.Clean adds its ellipsis past its bound
)

// components are the action rows for a reply's buttons, a row per
// bot.Button.Row (split at five); rows past Discord's five are left out.
func (a *Adapter) components(r *bot.Reply) []discordgo.MessageComponent {
	var rows []discordgo.ActionsRow
	for i, b := range r.Buttons {
		if i == 0 || b.Row != r.Buttons[i-1].Row || len(rows[len(rows)-1].Components) == rowWidth {
			if len(rows) == maxRows {
				break
			}
			rows = append(rows, discordgo.ActionsRow{})
		}
		row := &rows[len(rows)-1]
		row.Components = append(row.Components, discordgo.Button{
			Label: bot.Clean(b.Label, maxLabel-1), Style: discordgo.SecondaryButton, CustomID: a.buttons.Encode(b),
		})
	}
	out := make([]discordgo.MessageComponent, 0, len(rows))
	for _, row := range rows {
		out = append(out, row)
	}
	return out
}

// rendered is a reply in Discord's form.
type rendered struct {
	parts      []part
	components []discordgo.MessageComponent
}

// render returns r's messages, from the render cache when r is stable, and
// its buttons, built for each answer: they carry who asked.
func (a *Adapter) render(r *bot.Reply) rendered {
	parts := a.renders.Render(r, func(r *bot.Reply) ([]part, bool) { return Render(r), true })
	return rendered{parts: parts, components: a.components(r)}
}
