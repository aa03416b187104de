package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := LoadZone(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestNextAcrossDaylightSaving(t *testing.T) {
	berlin := zone(t, "Europe/Berlin")
	ny := zone(t, "America/New_York")
	baghdad := zone(t, "Asia/Baghdad")
	tests := []struct {
		name  string
		d     Daily
		after string // RFC 3339
		want  string
	}{
		// Berlin springs forward on 2026-03-29 at 02:00 → 03:00.
		{"berlin 07:00 the day before spring", Daily{7, 0, berlin}, "2026-03-28T00:00:00+01:00", "2026-03-28T07:00:00+01:00"},
		{"berlin 07:00 on the spring day", Daily{7, 0, berlin}, "2026-03-28T07:00:00+01:00", "2026-03-29T07:00:00+02:00"},
		{"berlin 07:00 the day after spring", Daily{7, 0, berlin}, "2026-03-29T07:00:00+02:00", "2026-03-30T07:00:00+02:00"},
		{"berlin 02:30 does not exist: next valid minute", Daily{2, 30, berlin}, "2026-03-28T03:00:00+01:00", "2026-03-29T03:00:00+02:00"},
		{"berlin 02:30 the day after the gap", Daily{2, 30, berlin}, "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"},
		// Berlin falls back on 2026-10-25 at 03:00 → 02:00: 02:30 happens twice.
		{"berlin 07:00 the day before fall", Daily{7, 0, berlin}, "2026-10-24T00:00:00+02:00", "2026-10-24T07:00:00+02:00"},
		{"berlin 07:00 on the fall day", Daily{7, 0, berlin}, "2026-10-24T07:00:00+02:00", "2026-10-25T07:00:00+01:00"},
		{"berlin 02:30 twice: the first", Daily{2, 30, berlin}, "2026-10-24T12:00:00+02:00", "2026-10-25T02:30:00+02:00"},
		{"berlin 02:30 not again an hour later", Daily{2, 30, berlin}, "2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"},
		// New York springs forward 2026-03-08 02:00 → 03:00, falls back 2026-11-01.
		{"new york 07:00 spring", Daily{7, 0, ny}, "2026-03-07T07:00:00-05:00", "2026-03-08T07:00:00-04:00"},
		{"new york 02:15 gap", Daily{2, 15, ny}, "2026-03-07T07:00:00-05:00", "2026-03-08T03:00:00-04:00"},
		{"new york 07:00 fall", Daily{7, 0, ny}, "2026-10-31T07:00:00-04:00", "2026-11-01T07:00:00-05:00"},
		{"new york 01:30 twice", Daily{1, 30, ny}, "2026-10-31T12:00:00-04:00", "2026-11-01T01:30:00-04:00"},
		// Baghdad has no daylight saving.
		{"baghdad 07:00", Daily{7, 0, baghdad}, "2026-03-28T07:00:00+03:00", "2026-03-29T07:00:00+03:00"},
		{"baghdad midnight", Daily{0, 0, baghdad}, "2026-12-31T00:00:00+03:00", "2027-01-01T00:00:00+03:00"},
		// Leap day.
		{"leap day", Daily{7, 0, baghdad}, "2028-02-28T07:00:00+03:00", "2028-02-29T07:00:00+03:00"},
		{"after leap day", Daily{7, 0, baghdad}, "2028-02-29T07:00:00+03:00", "2028-03-01T07:00:00+03:00"},
	}
	for _, tt := range tests {
		after, _ := time.Parse(time.RFC3339, tt.after)
		want, _ := time.Parse(time.RFC3339, tt.want)
		if got := tt.d.Next(after); !got.Equal(want) {
			t.Errorf("%s: Next(%s) = %s, want %s", tt.name, tt.after, got.In(tt.d.Loc).Format(time.RFC3339), tt.want)
		}
	}
}

// TestAYearOfBriefings walks a year of occurrences in several zones: one
// per local date, at the local time asked for (or the first valid minute
// after it), never two on one date, never a date skipped.
func TestAYearOfBriefings(t *testing.T) {
	for _, name := range []string{"Europe/Berlin", "America/New_York", "Asia/Baghdad", "Australia/Lord_Howe", "America/Santiago", "UTC"} {
		loc := zone(t, name)
		for _, hm := range [][2]int{{7, 0}, {2, 30}, {0, 0}, {23, 59}} {
			d := Daily{hm[0], hm[1], loc}
			at := time.Date(2026, 1, 1, 0, 0, 0, 0, loc)
			prevDate := ""
			for i := range 400 {
				next := d.Next(at)
				date := d.LocalDate(next)
				if date == prevDate {
					t.Fatalf("%s %v: two briefings on %s", name, hm, date)
				}
				if prevDate != "" {
					p, _ := time.Parse(time.DateOnly, prevDate)
					if p.AddDate(0, 0, 1).Format(time.DateOnly) != date {
						t.Fatalf("%s %v: %s follows %s (occurrence %d)", name, hm, date, prevDate, i)
					}
				}
				l := next.In(loc)
				if l.Hour()*60+l.Minute() < hm[0]*60+hm[1] && !(hm[0] == 0 && hm[1] == 0) {
					t.Fatalf("%s %v: briefing at %s, before its time", name, hm, l)
				}
				prevDate, at = date, next
			}
		}
	}
}

// TestParseClock reads every form of a time people type, in both
// languages; a refusal says which part was wrong.
func TestParseClock(t *testing.T) {
	ok := []struct {
		in     string
		hh, mm int
	}{
		{"7", 7, 0}, {"07", 7, 0}, {"07:00", 7, 0}, {"7:05", 7, 5}, {"19:30", 19, 30}, {"23:59", 23, 59}, {"0:00", 0, 0},
		{"7.30", 7, 30}, {"7am", 7, 0}, {"7 am", 7, 0}, {"7 AM", 7, 0}, {"7a.m.", 7, 0}, {"7:30pm", 19, 30}, {"7 p.m.", 19, 0},
		{"12am", 0, 0}, {"12pm", 12, 0}, {"12:15 am", 0, 15},
		{"7 صباحًا", 7, 0}, {"7 صباحا", 7, 0}, {"7 مساءً", 19, 0}, {"7 مساءاً", 19, 0}, {"7:30 مساء", 19, 30}, {"7ص", 7, 0}, {"7 م", 19, 0},
		{"12 ظهرًا", 12, 0}, {"3 بعد الظهر", 15, 0},
		{"٧", 7, 0}, {"٧:٠٠", 7, 0}, {"٠٧:٣٠", 7, 30}, {"١٩:٣٠", 19, 30}, {"٧ صباحًا", 7, 0}, {"٧ مساءً", 19, 0}, {"٧٫٣٠", 7, 30}, {" 07:00 ", 7, 0},
	}
	for _, tt := range ok {
		h, m, err := ParseClock(tt.in)
		if err != nil || h != tt.hh || m != tt.mm {
			t.Errorf("ParseClock(%q) = %02d:%02d %v, want %02d:%02d", tt.in, h, m, err, tt.hh, tt.mm)
		}
	}
	bad := []struct {
		in   string
		want error
	}{
		{"24:00", ErrHour}, {"25", ErrHour}, {"13pm", ErrHour}, {"0am", ErrHour}, {"13 مساءً", ErrHour}, {"٢٥:٠٠", ErrHour},
		{"07:60", ErrMinute}, {"7:5", ErrMinute}, {"7:300", ErrMinute},
		{"seven", ErrNotClock}, {"", ErrNotClock}, {"+3", ErrNotClock}, {"2019", ErrNotClock}, {"Asia/Baghdad", ErrNotClock},
		{"صباحًا", ErrNotClock}, {"7:", ErrNotClock}, {"am", ErrNotClock}, {strings.Repeat("7", 5000), ErrNotClock}, {"\x00\xff", ErrNotClock},
	}
	for _, tt := range bad {
		if _, _, err := ParseClock(tt.in); !errors.Is(err, tt.want) {
			t.Errorf("ParseClock(%.20q) = %v, want %v", tt.in, err, tt.want)
		}
	}
}

// TestLoadZone reads cities and countries in Arabic and English, UTC
// offsets and every IANA name.
func TestLoadZone(t *testing.T) {
	ok := []struct{ in, want string }{
		{"بغداد", "Asia/Baghdad"}, {"Baghdad", "Asia/Baghdad"}, {"baghdad", "Asia/Baghdad"}, {"العراق", "Asia/Baghdad"},
		{"بتوقيت بغداد", "Asia/Baghdad"}, {"توقيت بغداد", "Asia/Baghdad"}, {"ببغداد", "Asia/Baghdad"}, {"Baghdad time", "Asia/Baghdad"},
		{"القاهرة", "Africa/Cairo"}, {"Cairo", "Africa/Cairo"}, {"مصر", "Africa/Cairo"}, {"دبي", "Asia/Dubai"}, {"Dubai", "Asia/Dubai"},
		{"أبو ظبي", "Asia/Dubai"}, {"ابوظبي", "Asia/Dubai"}, {"abu-dhabi", "Asia/Dubai"},
		{"بيروت", "Asia/Beirut"}, {"الرياض", "Asia/Riyadh"}, {"عمّان", "Asia/Amman"}, {"Amman", "Asia/Amman"}, {"عُمان", "Asia/Muscat"},
		{"مسقط", "Asia/Muscat"}, {"دمشق", "Asia/Damascus"}, {"الكويت", "Asia/Kuwait"}, {"الدوحة", "Asia/Qatar"}, {"المنامة", "Asia/Bahrain"},
		{"القدس", "Asia/Jerusalem"}, {"رام الله", "Asia/Hebron"}, {"غزة", "Asia/Gaza"}, {"صنعاء", "Asia/Aden"}, {"Sana'a", "Asia/Aden"},
		{"الخرطوم", "Africa/Khartoum"}, {"طرابلس", "Africa/Tripoli"}, {"تونس", "Africa/Tunis"}, {"الجزائر", "Africa/Algiers"},
		{"الرباط", "Africa/Casablanca"}, {"الدار البيضاء", "Africa/Casablanca"}, {"نواكشوط", "Africa/Nouakchott"}, {"مقديشو", "Africa/Mogadishu"},
		{"جيبوتي", "Africa/Djibouti"}, {"موروني", "Indian/Comoro"},
		{"London", "Europe/London"}, {"لندن", "Europe/London"}, {"Washington", "America/New_York"}, {"واشنطن", "America/New_York"},
		{"New York", "America/New_York"}, {"new_york", "America/New_York"}, {"نيويورك", "America/New_York"}, {"باريس", "Europe/Paris"},
		{"Europe/Berlin", "Europe/Berlin"}, {"america/new_york", "America/New_York"}, {"Asia/Kolkata", "Asia/Kolkata"}, {"UTC", "UTC"},
		{"CET", "CET"}, {"Egypt", "Africa/Cairo"}, {"Etc/GMT-3", "Etc/GMT-3"}, {"Japan", "Asia/Tokyo"},
		{"+03:00", "UTC+03:00"}, {"+3", "UTC+03:00"}, {"UTC+3", "UTC+03:00"}, {"utc +3", "UTC+03:00"}, {"GMT+03:00", "UTC+03:00"},
		{"UTC-5", "UTC-05:00"}, {"UTC−5", "UTC-05:00"}, {"+0530", "UTC+05:30"}, {"UTC+5:30", "UTC+05:30"}, {"غرينتش+3", "UTC+03:00"},
		{"+٣", "UTC+03:00"}, {"UTC+03:00", "UTC+03:00"}, {"UTC+0", "UTC"}, {"GMT", "UTC"},
	}
	for _, tt := range ok {
		loc, err := LoadZone(tt.in)
		if err != nil || loc.String() != tt.want {
			t.Errorf("LoadZone(%q) = %v %v, want %s", tt.in, loc, err, tt.want)
			continue
		}
		// What is stored reads back as the same zone.
		if again, err := LoadZone(loc.String()); err != nil || again.String() != loc.String() {
			t.Errorf("%q does not survive a round trip: %v %v", loc.String(), again, err)
		}
	}
	if loc, _ := LoadZone("UTC+3"); time.Date(2026, 6, 1, 4, 0, 0, 0, time.UTC).In(loc).Hour() != 7 {
		t.Error("UTC+3 is not three hours ahead")
	}
	for _, bad := range []string{"Mars/Olympus", "", "Local", "+15", "UTC+3:07", "+3:0", "بغدادستان", "../../etc/passwd", strings.Repeat("x", 5000), "\x00"} {
		if loc, err := LoadZone(bad); !errors.Is(err, ErrUnknownZone) {
			t.Errorf("LoadZone(%.20q) = %v %v, want ErrUnknownZone", bad, loc, err)
		}
	}
	var amb *AmbiguousZoneError
	if _, err := LoadZone("عمان"); !errors.As(err, &amb) || len(amb.Zones) != 2 {
		t.Errorf("عمان is Amman or Oman: %v", err)
	}
}

// TestEveryPlaceLoads: each name of the table resolves to its zone, which
// the zone database knows.
func TestEveryPlaceLoads(t *testing.T) {
	for _, p := range Places() {
		if _, err := time.LoadLocation(p.Zone); err != nil {
			t.Errorf("%s: %v", p.Zone, err)
		}
		loc, err := LoadZone(p.Name)
		var amb *AmbiguousZoneError
		if errors.As(err, &amb) {
			continue
		}
		if err != nil || loc.String() != p.Zone {
			t.Errorf("LoadZone(%q) = %v %v, want %s", p.Name, loc, err, p.Zone)
		}
	}
}

// FuzzClockAndZone: any text is a time and a zone, or a clear refusal;
// nothing panics, an accepted time is on the clock, an accepted zone reads
// back as itself.
func FuzzClockAndZone(f *testing.F) {
	for _, s := range []string{"7 صباحًا", "٧:٠٠", "12:15 am", "UTC+3", "بتوقيت بغداد", "america/new_york", "+0530", "عمان", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if h, m, err := ParseClock(s); err == nil && (h < 0 || h > 23 || m < 0 || m > 59) {
			t.Fatalf("ParseClock(%q) = %d:%d", s, h, m)
		}
		loc, err := LoadZone(s)
		if err != nil {
			return
		}
		if again, err := LoadZone(loc.String()); err != nil || again.String() != loc.String() {
			t.Fatalf("LoadZone(%q) = %s, which reads back as %v %v", s, loc, again, err)
		}
	})
}
