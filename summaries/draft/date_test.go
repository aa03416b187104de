package draft

import (
	"strings"
	"testing"
	"time"
)

func TestFindDate(t *testing.T) {
	pub := time.Date(2019, 11, 15, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in        string
		published time.Time
		date      string // "" for none
		written   string
		check     string // a part of the check; "" for no check
	}{
		{"واشنطن، الخميس 14 تشرين الثاني/نوفمبر 2019 — اجتمع", time.Time{}, "2019-11-14", "الخميس 14 تشرين الثاني/نوفمبر 2019", ""},
		{"في 14 تشرين الثاني 2019", time.Time{}, "2019-11-14", "14 تشرين الثاني 2019", ""},
		{"يوم 3 كانون الثاني 2020", time.Time{}, "2020-01-03", "3 كانون الثاني 2020", ""},
		{"في 25 كانون الأول 2019م", time.Time{}, "2019-12-25", "25 كانون الأول 2019م", ""},
		{"في 1 شباط 2021", time.Time{}, "2021-02-01", "1 شباط 2021", ""},
		{"في ٧ آذار ٢٠١٩", time.Time{}, "2019-03-07", "٧ آذار ٢٠١٩", ""},
		{"في 10 نيسان 2019، 5 أيار 2019", time.Time{}, "2019-04-10", "10 نيسان 2019", ""},
		{"الأحد 9 حزيران 2019", time.Time{}, "2019-06-09", "الأحد 9 حزيران 2019", ""},
		{"في 4 تموز 2019 و 15 آب 2019 و 2 أيلول 2019 و 1 تشرين الأول 2019", time.Time{}, "2019-07-04", "4 تموز 2019", ""},
		{"في 14 من نوفمبر 2019", time.Time{}, "2019-11-14", "14 من نوفمبر 2019", ""},
		{"الخميس 14 يناير 2021", time.Time{}, "2021-01-14", "الخميس 14 يناير 2021", ""},
		{"Washington, Thursday, November 14, 2019 —", time.Time{}, "2019-11-14", "Thursday, November 14, 2019", ""},
		{"on 14th of November 2019.", time.Time{}, "2019-11-14", "14th of November 2019", ""},
		{"Nov. 14, 2019", time.Time{}, "2019-11-14", "Nov. 14, 2019", ""},
		{"Published 2019-11-14 10:32", time.Time{}, "2019-11-14", "2019-11-14", ""},
		{"نشر في 14/11/2019", time.Time{}, "2019-11-14", "14/11/2019", ""},
		// The weekday written is not the date's.
		{"Friday, November 14, 2019", time.Time{}, "2019-11-14", "Friday, November 14, 2019", "2019-11-14 was a Thursday, not a Friday"},
		// The seed: yesterday, Thursday the 15th, no month or year.
		{"بياناً مشتركاً أمس، الخميس 15 بعيد إنتهاء إجتماع", pub, "2019-11-15", "أمس، الخميس 15",
			"(yesterday, Thursday the 15th): 2019-11-15 was a Friday, not a Thursday; yesterday, counted from the publication date 2019-11-15, was Thursday 2019-11-14"},
		{"بياناً مشتركاً أمس، الخميس 15 بعيد إنتهاء إجتماع", time.Time{}, "", "أمس، الخميس 15", "no month or year"},
		{"أصدروا أمس، الخميس 14 بيانا", pub, "2019-11-14", "أمس، الخميس 14", ""},
		{"issued yesterday, Thursday 14 November 2019", time.Date(2019, 11, 16, 0, 0, 0, 0, time.UTC), "2019-11-14", "yesterday, Thursday 14 November 2019",
			"yesterday, counted from the publication date 2019-11-16, was Friday 2019-11-15"},
		{"met on 30 October", pub, "2019-10-30", "30 October", ""},
		{"met on 30 December", pub, "2018-12-30", "30 December", ""},
		{"in November 2019", time.Time{}, "", "November 2019", "no day"},
		// Not dates.
		{"أكثر من 40,000 من المقاتلين في ال2020.", pub, "", "", ""},
		{"You may 5 times", time.Time{}, "", "", ""},
		{"31 February 2019", time.Time{}, "", "31 February 2019", "not a date"},
	}
	for _, tt := range tests {
		f := FindDate(tt.in, tt.published)
		date := ""
		if !f.Date.IsZero() {
			date = f.Date.Format(time.DateOnly)
		}
		if date != tt.date || f.Written != tt.written || (tt.check == "") != (f.Check == "") || !strings.Contains(f.Check, tt.check) {
			t.Errorf("FindDate(%q) = %s «%s» check %q\nwant %s «%s» check %q", tt.in, date, f.Written, f.Check, tt.date, tt.written, tt.check)
		}
	}
}
