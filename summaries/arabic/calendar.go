package arabic

import (
	"time"
	"unicode"
	"unicode/utf8"
)

// monthNames maps folded month names (see Normalize) to their month. Arabic
// writes the Gregorian months three ways: the Levantine and Iraqi names
// (كانون الثاني … كانون الأول), the Egyptian and Gulf transliterations
// (يناير … ديسمبر) and the Maghrebi ones (جانفي، فيفري، أفريل …); pages often
// give two at once ("تشرين الثاني/نوفمبر").
var monthNames = func() map[string]time.Month {
	m := map[string]time.Month{}
	add := func(month time.Month, names ...string) {
		for _, n := range names {
			m[Normalize(n)] = month
		}
	}
	add(time.January, "كانون الثاني", "كانون ثاني", "يناير", "جانفي", "january", "jan")
	add(time.February, "شباط", "فبراير", "فيفري", "february", "feb")
	add(time.March, "آذار", "مارس", "march", "mar")
	add(time.April, "نيسان", "أبريل", "إبريل", "أفريل", "april", "apr")
	add(time.May, "أيار", "مايو", "ماي", "may")
	add(time.June, "حزيران", "يونيو", "يونية", "جوان", "june", "jun")
	add(time.July, "تموز", "يوليو", "يولية", "جويلية", "july", "jul")
	add(time.August, "آب", "أغسطس", "اغسطس", "أوت", "august", "aug")
	add(time.September, "أيلول", "سبتمبر", "september", "sep", "sept")
	add(time.October, "تشرين الأول", "تشرين أول", "أكتوبر", "october", "oct")
	add(time.November, "تشرين الثاني", "تشرين ثاني", "نوفمبر", "november", "nov")
	add(time.December, "كانون الأول", "كانون أول", "ديسمبر", "december", "dec")
	return m
}()

// weekdayNames maps folded weekday names to their day. The Arabic names
// carry the article (الخميس); bare خميس or أحد mean other things.
var weekdayNames = func() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	add := func(d time.Weekday, names ...string) {
		for _, n := range names {
			m[Normalize(n)] = d
		}
	}
	add(time.Sunday, "الأحد", "sunday")
	add(time.Monday, "الاثنين", "الإثنين", "monday")
	add(time.Tuesday, "الثلاثاء", "tuesday")
	add(time.Wednesday, "الأربعاء", "wednesday")
	add(time.Thursday, "الخميس", "thursday")
	add(time.Friday, "الجمعة", "friday")
	add(time.Saturday, "السبت", "saturday")
	return m
}()

// MonthAt reads a month name starting at byte i of s, one word or two
// ("تشرين الثاني"), and returns the month and the end of the name. English
// names must start with a capital letter ("May", "Nov."), so that the verb
// "may" is not read as a month; a dot after an English abbreviation is part
// of the name.
func MonthAt(s string, i int) (time.Month, int, bool) {
	end := skipWord(s, i)
	if end == i {
		return 0, 0, false
	}
	var buf, buf2 foldBuf
	first, ok := foldInto(&buf, s[i:end])
	if !ok {
		return 0, 0, false
	}
	// Two-word names first: "تشرين الثاني" must not stop at "تشرين".
	if j := skipSpaces(s, end); j > end && twoWordMonthHeads[string(first)] {
		if end2 := skipWord(s, j); end2 > j {
			if second, ok := foldInto(&buf2, s[j:end2]); ok {
				if m, ok := monthNames[string(first)+" "+string(second)]; ok {
					return m, end2, true
				}
			}
		}
	}
	m, ok := monthNames[string(first)]
	if !ok {
		return 0, 0, false
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); r < utf8.RuneSelf {
		if !unicode.IsUpper(r) {
			return 0, 0, false
		}
		if end < len(s) && s[end] == '.' && end-i <= 4 {
			end++ // "Nov."
		}
	}
	return m, end, true
}

// twoWordMonthHeads are the first words of the two-word month names.
var twoWordMonthHeads = map[string]bool{Normalize("كانون"): true, Normalize("تشرين"): true}

// WeekdayAt reads a weekday name starting at byte i of s, allowing a
// proclitic (وال، بال: "والخميس") on the Arabic names, and returns the day and
// the end of the name. English names must start with a capital letter.
func WeekdayAt(s string, i int) (time.Weekday, int, bool) {
	end := skipWord(s, i)
	if end == i {
		return 0, 0, false
	}
	var buf foldBuf
	f, ok := foldInto(&buf, s[i:end])
	if !ok {
		return 0, 0, false
	}
	day, ok := lookupForms(weekdayNames, f)
	if !ok {
		return 0, 0, false
	}
	if r, _ := utf8.DecodeRuneInString(s[i:]); r < utf8.RuneSelf && !unicode.IsUpper(r) {
		return 0, 0, false
	}
	return day, end, true
}
