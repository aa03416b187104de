package schedule

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries/arabic"
)

// ErrUnknownZone is LoadZone's answer to a name that is no time zone.
var ErrUnknownZone = errors.New("not a time zone")

// AmbiguousZoneError is a place name that means several time zones (عمان
// is both Amman and Oman); Zones are the IANA names it may mean.
type AmbiguousZoneError struct {
	Name  string
	Zones []string
}

func (e *AmbiguousZoneError) Error() string {
	return fmt.Sprintf("%q may mean %s", e.Name, strings.Join(e.Zones, " or "))
}

// maxZoneName bounds what LoadZone reads; no zone name is longer.
const maxZoneName = 64

// LoadZone reads a time zone as people write it: a city or country in
// Arabic or English ("بغداد", "Baghdad", "القاهرة", "New York", "بتوقيت
// دبي"), a fixed UTC offset ("+03:00", "UTC+3", "GMT-5"), or any IANA name
// ("Europe/Berlin", "america/new_york", "CET"). Places resolve to their
// IANA zone, which follows daylight saving; an offset is a fixed zone named
// "UTC+03:00", which LoadZone reads back. The error wraps ErrUnknownZone or
// is an *AmbiguousZoneError.
func LoadZone(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > maxZoneName || name == "Local" {
		return nil, fmt.Errorf("%q: %w", name, ErrUnknownZone)
	}
	if loc, ok := fixedOffset(name); ok {
		return loc, nil
	}
	if zones := placeZones(name); len(zones) == 1 {
		return time.LoadLocation(zones[0])
	} else if len(zones) > 1 {
		return nil, &AmbiguousZoneError{Name: name, Zones: zones}
	}
	for _, n := range []string{name, titleCase(name), strings.ToUpper(name)} {
		if n == "Local" || !validIANA(n) {
			continue
		}
		if loc, err := time.LoadLocation(n); err == nil {
			return loc, nil
		}
	}
	return nil, fmt.Errorf("%q: %w", name, ErrUnknownZone)
}

// validIANA keeps LoadLocation to names shaped like the database's own.
func validIANA(s string) bool {
	for _, r := range s {
		if !(r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("/_-+", r))) {
			return false
		}
	}
	return !strings.Contains(s, "..")
}

// titleCase spells "america/new_york" as the database does: America/New_York.
func titleCase(s string) string {
	b := []byte(strings.ToLower(s))
	for i := range b {
		if (i == 0 || strings.IndexByte("/_-", b[i-1]) >= 0) && 'a' <= b[i] && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// fixedOffset reads "+03:00", "+3", "+0530", "UTC+3", "GMT-05:00", "UTC",
// "غرينتش+3" (a Unicode minus too) as a zone of that fixed offset.
func fixedOffset(name string) (*time.Location, bool) {
	s := strings.ReplaceAll(strings.ToLower(arabic.Normalize(name)), " ", "")
	s = strings.ReplaceAll(s, "\u2212", "-")
	for _, prefix := range []string{"utc", "gmt", "توقيتغرينتش", "غرينتش", "جرينتش"} {
		if rest, ok := strings.CutPrefix(s, prefix); ok {
			if rest == "" {
				return time.UTC, true
			}
			s = rest
			break
		}
	}
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return nil, false
	}
	sign, rest := 1, s[1:]
	if s[0] == '-' {
		sign = -1
	}
	h, m, ok := strings.Cut(rest, ":")
	if !ok && len(rest) > 2 {
		h, m = rest[:len(rest)-2], rest[len(rest)-2:]
	}
	if !digitsOnly(h) || len(h) > 2 || m != "" && (!digitsOnly(m) || len(m) != 2) {
		return nil, false
	}
	hours, _ := strconv.Atoi(h)
	minutes, _ := strconv.Atoi(cmp.Or(m, "0"))
	offset := sign * (hours*3600 + minutes*60)
	if minutes%15 != 0 || offset < -12*3600 || offset > 14*3600 {
		return nil, false
	}
	if offset == 0 {
		return time.UTC, true
	}
	return time.FixedZone(OffsetName(offset), offset), true
}

// OffsetName names a fixed offset as LoadZone reads it back: "UTC+03:00".
func OffsetName(seconds int) string {
	sign := '+'
	if seconds < 0 {
		sign, seconds = '-', -seconds
	}
	return fmt.Sprintf("UTC%c%02d:%02d", sign, seconds/3600, seconds%3600/60)
}
