package arabic

import (
	"testing"
	"time"
)

func TestMonthAt(t *testing.T) {
	tests := []struct {
		in   string
		want time.Month
		end  string // what is left after the name
	}{
		{"تشرين الثاني 2019", time.November, " 2019"},
		{"تشرين الأول", time.October, ""},
		{"كانون الثاني", time.January, ""},
		{"كانون الاول 2020", time.December, " 2020"},
		{"شباط", time.February, ""},
		{"آذار", time.March, ""},
		{"نيسان", time.April, ""},
		{"أيار", time.May, ""},
		{"حزيران", time.June, ""},
		{"تموز", time.July, ""},
		{"آب", time.August, ""},
		{"أيلول", time.September, ""},
		{"يناير", time.January, ""},
		{"نوفمبر/تشرين الثاني", time.November, "/تشرين الثاني"},
		{"ديسمبر", time.December, ""},
		{"جانفي", time.January, ""},
		{"November 14", time.November, " 14"},
		{"Nov. 14", time.November, " 14"},
		{"Sept 3", time.September, " 3"},
		{"NOVEMBER", time.November, ""},
	}
	for _, tt := range tests {
		m, end, ok := MonthAt(tt.in, 0)
		if !ok || m != tt.want || tt.in[end:] != tt.end {
			t.Errorf("MonthAt(%q) = %v, %q, %v; want %v, %q", tt.in, m, tt.in[min(end, len(tt.in)):], ok, tt.want, tt.end)
		}
	}
	for _, in := range []string{"may", "تشرين", "كانون", "march on", "", "١٥", "مايوه"} {
		if m, _, ok := MonthAt(in, 0); ok {
			t.Errorf("MonthAt(%q) = %v, want none", in, m)
		}
	}
}

func TestWeekdayAt(t *testing.T) {
	tests := map[string]time.Weekday{
		"الخميس":   time.Thursday,
		"والخميس":  time.Thursday,
		"الجمعة":   time.Friday,
		"الجمعه":   time.Friday,
		"الإثنين":  time.Monday,
		"الاثنين":  time.Monday,
		"Thursday": time.Thursday,
	}
	for in, want := range tests {
		if d, end, ok := WeekdayAt(in, 0); !ok || d != want || end != len(in) {
			t.Errorf("WeekdayAt(%q) = %v, %d, %v; want %v", in, d, end, ok, want)
		}
	}
	for _, in := range []string{"خميس", "thursday", "أحد", "Thursdays"} {
		if d, _, ok := WeekdayAt(in, 0); ok {
			t.Errorf("WeekdayAt(%q) = %v, want none", in, d)
		}
	}
}
