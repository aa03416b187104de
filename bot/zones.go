package bot

import (
	"strings"

	"github.com/briefbot/briefbot/bot/schedule"
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

// zoneMatches offers zones for what is being typed: places in Arabic or
// English whose name starts with it ("بغ" offers بغداد · Asia/Baghdad), what
// LoadZone reads from it in full (an offset such as "+3", any IANA name),
// then the common zones whose name holds it. Choosing one fills in its
// IANA name (or offset).
func zoneMatches(typed string) []Result {
	var out []Result
	seen := map[string]bool{}
	add := func(title, zone string) {
		if title == zone && seen[zone] || seen[title+"|"+zone] {
			return
		}
		seen[title+"|"+zone], seen[zone] = true, true
		out = append(out, Result{ID: "z:" + title + "|" + zone, Value: zone, Title: title})
	}
	if q := schedule.PlaceKey(typed); q != "" {
		places := schedule.Places()
		// Names that start as typed, diacritics included ("عمّ" is Amman),
		// before those that start so once folded.
		raw := strings.ToLower(strings.TrimSpace(typed))
		for _, p := range places {
			if strings.HasPrefix(strings.ToLower(p.Name), raw) {
				add(p.Name, p.Zone)
			}
		}
		for _, p := range places {
			if strings.HasPrefix(schedule.PlaceKey(p.Name), q) {
				add(p.Name, p.Zone)
			}
		}
	}
	if loc, err := schedule.LoadZone(typed); err == nil {
		add(loc.String(), loc.String())
	}
	q := strings.ToLower(strings.TrimSpace(typed))
	for _, z := range commonZones {
		if strings.Contains(strings.ToLower(z), q) {
			add(z, z)
		}
	}
	return out
}
