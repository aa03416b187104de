package schedule

import (
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

func TestParse(t *testing.T) {
	for _, ok := range []string{"07:00", "7:05", "23:59", "٠٧:٣٠"} {
		if _, _, err := ParseClock(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"24:00", "7", "07:60", "7:5", "seven", ""} {
		if _, _, err := ParseClock(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, bad := range []string{"CET", "+03:00", "Mars/Olympus", "", "Local"} {
		if _, err := LoadZone(bad); err == nil {
			t.Errorf("zone %q accepted", bad)
		}
	}
}
