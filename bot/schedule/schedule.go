// Package schedule holds the daily briefing's own types and rules: when a
// briefing is due (the next instant a local wall-clock time occurs in an IANA
// time zone, correct across daylight saving changes), the subscription, a due
// briefing, outbox items of every kind (briefings and notices), what a
// briefing carries and what a reload corrects. It is a leaf under
// bot: of briefbot it imports only the domain (summaries and its Arabic text helpers), so the store and
// the briefing workers can share it without importing each other.
package schedule

import (
	"time"
	_ "time/tzdata" // a bare container has no zone database; embed Go's
)

// Daily is a time of day in a time zone.
type Daily struct {
	Hour, Minute int
	Loc          *time.Location
}

// Next returns the first instant after which d's time occurs on a local
// date, strictly after after. On the day clocks spring forward past the time
// (02:30 in a zone that jumps from 02:00 to 03:00) it is the first valid
// minute after the gap (03:00); on the day they fall back and the time
// occurs twice, it is the first occurrence.
func (d Daily) Next(after time.Time) time.Time {
	local := after.In(d.Loc)
	y, m, day := local.Date()
	for i := -1; i <= 3; i++ {
		t := d.On(y, m, day+i)
		if t.After(after) {
			return t
		}
	}
	panic("schedule: no occurrence within four days") // cannot happen: every date has one
}

// On returns the instant d occurs on the local date y-m-day (normalised as
// time.Date does).
func (d Daily) On(y int, m time.Month, day int) time.Time {
	t := time.Date(y, m, day, d.Hour, d.Minute, 0, 0, d.Loc)
	date := time.Date(y, m, day, 0, 0, 0, 0, time.UTC) // the date asked for, normalised
	want := clock(date.Year(), date.Month(), date.Day(), d.Hour, d.Minute)
	if localClock(t, d.Loc) == want {
		// The time may occur twice (clocks fall back): take the first.
		for _, back := range []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour} {
			if e := t.Add(-back); localClock(e, d.Loc) == want {
				t = e
			}
		}
		return t
	}
	// The time does not exist that day: the first minute whose local clock
	// reads at least the time is the end of the gap.
	u := t.Add(-3 * time.Hour).Truncate(time.Minute)
	for end := t.Add(3 * time.Hour); u.Before(end); u = u.Add(time.Minute) {
		if localClock(u, d.Loc) >= want {
			return u
		}
	}
	return t
}

// LocalDate is the local date of an occurrence, the day a briefing is for.
func (d Daily) LocalDate(t time.Time) string { return t.In(d.Loc).Format(time.DateOnly) }

// clock packs a local date and time into one comparable number.
func clock(y int, m time.Month, day, hour, minute int) int64 {
	return ((int64(y)*100+int64(m))*100+int64(day))*10000 + int64(hour)*100 + int64(minute)
}

func localClock(t time.Time, loc *time.Location) int64 {
	l := t.In(loc)
	return clock(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute())
}
