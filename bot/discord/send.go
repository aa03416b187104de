package discord

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/briefbot/briefbot/bot"
)

// Send posts a reply in a channel, or in the thread to names, outside of
// any interaction (briefings). A thread is a channel of its own to Discord:
// a subscription made in one is keyed by the thread's id and posts there.
// Missing permissions or access and unknown channels end the channel: it is
// marked inactive, logged once, and never retried into Discord's
// invalid-request limit. 429 answers are waited out by discordgo's rate
// limiter, which reads Discord's per-route buckets (see observe.go for what
// of it metrics can see).
func (a *Adapter) Send(ctx context.Context, to bot.Chat, r *bot.Reply) error {
	chat := to.Key
	channelID, ok := ParseChannelKey(chat)
	if !ok {
		return fmt.Errorf("discord: %q is not a Discord channel", chat)
	}
	if to.Thread != "" {
		channelID = to.Thread
	}
	out := a.render(r)
	components := out.components
	for i, p := range out.parts {
		msg := &discordgo.MessageSend{Content: p.Content, Embeds: p.Embeds, AllowedMentions: noMentions}
		if i == 0 {
			msg.Components = components
		}
		_, err := a.s.ChannelMessageSendComplex(channelID, msg, discordgo.WithContext(ctx))
		a.observe(ctx, err)
		if err != nil {
			if isGone(err) {
				changed, serr := a.states.MarkInactive(ctx, chat, err.Error())
				if serr != nil {
					a.log.Error("marking channel inactive", "channel", channelID, "err", serr)
				} else if changed {
					a.log.Warn("channel is gone; marked inactive", "channel", channelID, "reason", err.Error())
				}
				return fmt.Errorf("discord: %v: %w", err, bot.ErrChatGone)
			}
			return fmt.Errorf("discord: sending to %s: %w", channelID, err)
		}
	}
	return nil
}
