package discord

import (
	"strings"

	"github.com/bwmarrin/discordgo"
)

// commonZones are offered while a time zone is typed: the newsrooms' region
// first, then major cities elsewhere. Any IANA name is accepted when typed
// in full.
var commonZones = []string{
	"Asia/Baghdad", "Asia/Riyadh", "Asia/Dubai", "Asia/Kuwait", "Asia/Qatar", "Asia/Bahrain", "Asia/Muscat",
	"Asia/Amman", "Asia/Beirut", "Asia/Damascus", "Asia/Jerusalem", "Asia/Gaza", "Asia/Aden", "Asia/Tehran",
	"Africa/Cairo", "Africa/Khartoum", "Africa/Tripoli", "Africa/Tunis", "Africa/Algiers", "Africa/Casablanca",
	"Africa/Nouakchott", "Africa/Mogadishu", "Africa/Djibouti", "Europe/Istanbul", "Europe/London", "Europe/Paris",
	"Europe/Berlin", "Europe/Brussels", "Europe/Rome", "Europe/Madrid", "Europe/Moscow", "America/New_York",
	"America/Chicago", "America/Los_Angeles", "America/Toronto", "America/Sao_Paulo", "Asia/Karachi", "Asia/Kolkata",
	"Asia/Shanghai", "Asia/Tokyo", "Asia/Singapore", "Australia/Sydney", "UTC",
}

// zoneChoices offers the zones whose name contains what was typed.
func zoneChoices(typed string) *discordgo.InteractionResponse {
	q := strings.ToLower(strings.TrimSpace(typed))
	var choices []*discordgo.ApplicationCommandOptionChoice
	for _, z := range commonZones {
		if len(choices) == maxChoices {
			break
		}
		if strings.Contains(strings.ToLower(z), q) {
			choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: z, Value: z})
		}
	}
	if len(choices) == 0 && strings.Contains(typed, "/") && len(typed) <= 100 {
		choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: typed, Value: typed})
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices}}
}
