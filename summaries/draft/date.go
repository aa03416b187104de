package draft

import (
	"fmt"
	"strings"
	"time"
)

// DateFinding is the date a text writes, and what a curator should check
// about it.
type DateFinding struct {
	// Date is the date the text writes, at UTC midnight; zero when it writes
	// none, or one that does not resolve (a day with no month or year, and no
	// publication date to take them from).
	Date time.Time
	// Written is the date as the text writes it; "" when it writes none.
	Written string
	// Gloss says in English what Written says: "yesterday, Thursday the 15th".
	Gloss string
	// Check is a note for the curator when the date does not add up: the
	// weekday written is not the date's, "yesterday" from the publication
	// date is another day, or the month or year is missing.
	Check string
}

// FindDate finds the date that text writes: the first whole date (day, month
// and year, in either language), else the first partial one ("أمس، الخميس
// 15"). published, when not zero, is the page's publication date: it gives a
// partial date its month and year and "yesterday" its day. FindDate takes the
// date as written and says in Check when its weekday or "yesterday" points to
// another day.
func FindDate(text string, published time.Time) DateFinding {
	ms := dateMentions(text)
	if len(ms) == 0 {
		return DateFinding{}
	}
	m := ms[0]
	for _, c := range ms {
		if c.complete() {
			m = c
			break
		}
	}
	f := DateFinding{Written: text[m.start:m.end], Gloss: gloss(m)}
	var checks []string
	date, ok := resolve(m, published)
	switch {
	case ok:
		f.Date = date
	case m.complete():
		checks = append(checks, "not a date; write it")
	case m.day == 0:
		checks = append(checks, "no day; write the date")
	case published.IsZero():
		checks = append(checks, "no month or year; write the date, or give the page's publication date")
	default:
		checks = append(checks, "no such day before the publication date; write the date")
	}
	if ok && m.hasWeekday && date.Weekday() != m.weekday {
		checks = append(checks, fmt.Sprintf("%s was a %s, not a %s", day(date), date.Weekday(), m.weekday))
	}
	if m.relWord != "" && !published.IsZero() {
		rel := published.AddDate(0, 0, -m.rel)
		if !ok || !rel.Equal(date) {
			checks = append(checks, fmt.Sprintf("%s, counted from the publication date %s, was %s %s",
				relGloss(m.rel), day(published), rel.Weekday(), day(rel)))
		}
	}
	if len(checks) > 0 {
		f.Check = fmt.Sprintf("the text writes «%s» (%s): %s", f.Written, f.Gloss, strings.Join(checks, "; "))
		if ok {
			f.Check += "; check which date is meant"
		}
	}
	return f
}

// resolve turns a mention into a date, taking what it lacks from the
// publication date: the latest such date on or before it.
func resolve(m dateMention, published time.Time) (time.Time, bool) {
	if m.complete() {
		if !validDate(m.year, m.month, m.day) {
			return time.Time{}, false
		}
		return time.Date(m.year, m.month, m.day, 0, 0, 0, 0, time.UTC), true
	}
	if m.day == 0 || published.IsZero() {
		return time.Time{}, false
	}
	p := time.Date(published.Year(), published.Month(), published.Day(), 0, 0, 0, 0, time.UTC)
	switch {
	case m.month > 0:
		for y := p.Year(); y >= p.Year()-1; y-- {
			if validDate(y, m.month, m.day) {
				if d := time.Date(y, m.month, m.day, 0, 0, 0, 0, time.UTC); !d.After(p) {
					return d, true
				}
			}
		}
	default:
		for back := 0; back < 3; back++ {
			first := time.Date(p.Year(), p.Month()-time.Month(back), 1, 0, 0, 0, 0, time.UTC)
			if validDate(first.Year(), first.Month(), m.day) {
				if d := time.Date(first.Year(), first.Month(), m.day, 0, 0, 0, 0, time.UTC); !d.After(p) {
					return d, true
				}
			}
		}
	}
	return time.Time{}, false
}

// gloss says in English what a mention writes.
func gloss(m dateMention) string {
	var parts []string
	if m.relWord != "" {
		parts = append(parts, relGloss(m.rel))
	}
	var d string
	switch {
	case m.complete():
		d = fmt.Sprintf("%d %s %d", m.day, m.month, m.year)
	case m.day > 0 && m.month > 0:
		d = fmt.Sprintf("%d %s", m.day, m.month)
	case m.day > 0:
		d = "the " + ordinal(m.day)
	case m.month > 0 && m.year > 0:
		d = fmt.Sprintf("%s %d", m.month, m.year)
	}
	if m.hasWeekday {
		d = strings.TrimSpace(m.weekday.String() + " " + d)
	}
	if d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, ", ")
}

func relGloss(days int) string {
	switch days {
	case 0:
		return "today"
	case 1:
		return "yesterday"
	}
	return "the day before yesterday"
}

func ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return fmt.Sprintf("%d%s", n, suffix)
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
