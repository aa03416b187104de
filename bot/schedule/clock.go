package schedule

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/summaries/arabic"
)

// Why a time of day was refused: ParseClock's errors wrap one of these, so
// that a reply can say which part was wrong.
var (
	// ErrNotClock: the text is not written as a time of day at all.
	ErrNotClock = errors.New("not a time of day")
	// ErrHour: the hour is out of range (0 to 23, or 1 to 12 with am/pm).
	ErrHour = errors.New("the hour is out of range")
	// ErrMinute: the minutes are not two digits from 00 to 59.
	ErrMinute = errors.New("the minutes are out of range")
)

// periods are the words that say which half of the day an hour is in, as
// they read after arabic.Normalize (diacritics dropped, Latin lower-cased),
// longest first so that "p.m." is not read as "m".
var periods = []struct {
	word string
	pm   bool
}{
	{"بعد الظهر", true}, {"المساء", true}, {"مساءا", true}, {"الصباح", false}, {"صباحا", false},
	{"مساء", true}, {"صباح", false}, {"الظهر", true}, {"ظهرا", true}, {"عصرا", true}, {"فجرا", false},
	{"a.m.", false}, {"p.m.", true}, {"a.m", false}, {"p.m", true}, {"am", false}, {"pm", true},
	{"ص", false}, {"م", true},
}

// ParseClock reads a local time of day as people type it: "7", "07:00",
// "19:30", "7.30", "7am", "7:30 pm", "7 صباحًا", "7 مساءً", "٧:٠٠" (Arabic-Indic
// digits and diacritics are accepted). Without am/pm (ص/م) the hour is on
// the 24-hour clock. The error wraps ErrNotClock, ErrHour or ErrMinute.
func ParseClock(s string) (hour, minute int, err error) {
	t := strings.TrimSpace(arabic.Normalize(s))
	num, period, pm := t, false, false
	for _, p := range periods {
		if rest, ok := strings.CutSuffix(t, p.word); ok {
			rest = strings.TrimSpace(rest)
			if rest != "" && isDigit(rest[len(rest)-1]) {
				num, period, pm = rest, true, p.pm
				break
			}
		}
	}
	h, m, hasMinutes := cutClock(num)
	if !digitsOnly(h) || len(h) > 2 || hasMinutes && !digitsOnly(m) {
		return 0, 0, fmt.Errorf("%q: %w", s, ErrNotClock)
	}
	hour, _ = strconv.Atoi(h)
	if hasMinutes {
		if len(m) != 2 {
			return 0, 0, fmt.Errorf("%q: %w", s, ErrMinute)
		}
		minute, _ = strconv.Atoi(m)
	}
	switch {
	case period && (hour < 1 || hour > 12), !period && hour > 23:
		return 0, 0, fmt.Errorf("%q: %w", s, ErrHour)
	case minute > 59:
		return 0, 0, fmt.Errorf("%q: %w", s, ErrMinute)
	}
	if period {
		hour %= 12
		if pm {
			hour += 12
		}
	}
	return hour, minute, nil
}

// cutClock splits "7:30", "7.30" or "٧٫٣٠" (digits already Western) into
// hour and minutes.
func cutClock(s string) (h, m string, ok bool) {
	for _, sep := range []string{":", ".", "٫"} {
		if h, m, ok := strings.Cut(s, sep); ok {
			return h, m, true
		}
	}
	return s, "", false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitsOnly(s string) bool {
	for i := range len(s) {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
