package bot

import "strings"

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

// zoneMatches offers the common zones whose name contains what was typed;
// a full IANA name that is not among them is offered as typed.
func zoneMatches(typed string) []string {
	q := strings.ToLower(strings.TrimSpace(typed))
	var out []string
	for _, z := range commonZones {
		if strings.Contains(strings.ToLower(z), q) {
			out = append(out, z)
		}
	}
	if len(out) == 0 && strings.Contains(typed, "/") && len(typed) <= 100 {
		out = append(out, typed)
	}
	return out
}
