package draft

import (
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries/arabic"
)

// dateMention is a date as a text writes it, whole or in part: "الخميس 14
// تشرين الثاني/نوفمبر 2019", "November 14, 2019", "2019-11-14", "أمس، الخميس
// 15" (yesterday, Thursday the 15th: no month, no year).
type dateMention struct {
	start, end int // the words as written, a relative word before them included
	day, year  int // 0 when not written
	month      time.Month
	weekday    time.Weekday
	hasWeekday bool
	rel        int    // days before the publication a relative word says: 1 for أمس
	relWord    string // the relative word as written, "" when none
}

func (m dateMention) complete() bool { return m.day > 0 && m.month > 0 && m.year > 0 }

// relativeWords are the folded words that date a text by its publication.
var relativeWords = map[string]int{"امس": 1, "البارحه": 1, "yesterday": 1, "اليوم": 0, "today": 0}

// dateMentions returns every date written in s, in order.
func dateMentions(s string) []dateMention {
	ws := wordsOf(s)
	var out []dateMention
	for k := 0; k < len(ws); {
		m, next, ok := mentionAt(s, ws, k)
		if !ok {
			k++
			continue
		}
		relativeBefore(s, ws, k, &m)
		out = append(out, m)
		k = next
	}
	return out
}

// mentionAt reads a date starting at word k and returns it with the index of
// the first word after it.
func mentionAt(s string, ws []word, k int) (dateMention, int, bool) {
	if m, next, ok := numericDateAt(s, ws, k); ok {
		return m, next, true
	}
	m := dateMention{start: ws[k].start, end: ws[k].start}
	i := k
	if d, end, ok := arabic.WeekdayAt(s, ws[k].start); ok {
		m.weekday, m.hasWeekday, m.end = d, true, end
		if i = nextWord(s, ws, end); i < 0 {
			return m, k + 1, false
		}
		if ws[i].fold == "ال" && i+1 < len(ws) && ws[i+1].digits && ws[i+1].start == ws[i].end {
			i++ // "الخميس الـ15"
		}
	}
	if day, ok := digitsValue(ws[i]); ok && day >= 1 && day <= 31 && len(ws[i].fold) <= 2 {
		m.day, m.end = day, ws[i].end
		if i+1 < len(ws) && ws[i+1].start == ws[i].end && ordinalSuffix[ws[i+1].fold] {
			i++
			m.end = ws[i].end // "14th"
		}
		j := nextWord(s, ws, m.end)
		if j >= 0 && (ws[j].fold == "من" || ws[j].fold == "of") {
			j = nextWord(s, ws, ws[j].end)
		}
		if j >= 0 {
			if month, end, ok := monthAt(s, ws, j); ok {
				m.month, m.end = month, end
				m.year, m.end = yearAfter(s, ws, m.end)
				return m, wordAt(ws, m.end), true
			}
		}
		if m.hasWeekday {
			return m, wordAt(ws, m.end), true // "الخميس 15": no month
		}
		return m, k + 1, false
	}
	if month, end, ok := monthAt(s, ws, i); ok {
		m.month, m.end = month, end
		if j := nextWord(s, ws, end); j >= 0 {
			if day, ok := digitsValue(ws[j]); ok && day >= 1 && day <= 31 && len(ws[j].fold) <= 2 {
				m.day, m.end = day, ws[j].end
				if j+1 < len(ws) && ws[j+1].start == ws[j].end && ordinalSuffix[ws[j+1].fold] {
					m.end = ws[j+1].end
				}
			}
		}
		m.year, m.end = yearAfter(s, ws, m.end)
		if m.day == 0 && m.year == 0 {
			return m, k + 1, false // a month name alone ("May") is no date
		}
		return m, wordAt(ws, m.end), true
	}
	return m, k + 1, false
}

var ordinalSuffix = map[string]bool{"st": true, "nd": true, "rd": true, "th": true}

// monthAt reads a month name at word i, with a second name for the same
// month after a slash or in brackets ("تشرين الثاني/نوفمبر").
func monthAt(s string, ws []word, i int) (time.Month, int, bool) {
	month, end, ok := arabic.MonthAt(s, ws[i].start)
	if !ok {
		return 0, 0, false
	}
	j := end
	for j < len(s) && (s[j] == ' ' || s[j] == '/' || s[j] == '(') {
		j++
	}
	if m2, end2, ok := arabic.MonthAt(s, j); j > end && ok && m2 == month {
		end = end2
		if end < len(s) && s[end] == ')' {
			end++
		}
	}
	return month, end, true
}

// yearAfter reads a year (four digits, 1800 to 2200) after byte i, with an
// era mark glued or after it (2019م, 2019 AD), and returns it with the new end.
func yearAfter(s string, ws []word, i int) (int, int) {
	j := nextWord(s, ws, i)
	if j < 0 || len(ws[j].fold) != 4 {
		return 0, i
	}
	y, ok := digitsValue(ws[j])
	if !ok || y < 1800 || y > 2200 {
		return 0, i
	}
	end := ws[j].end
	if j+1 < len(ws) && (ws[j+1].fold == "م" && ws[j+1].start <= end+1 || ws[j+1].fold == "ad" && ws[j+1].start == end+1) {
		end = ws[j+1].end
	}
	return y, end
}

// numericDateAt reads 2019-11-14, 14/11/2019, 14.11.2019 or 14-11-2019 at
// word k (day first, as Arabic and European pages write it).
func numericDateAt(s string, ws []word, k int) (dateMention, int, bool) {
	if k+2 >= len(ws) || !ws[k].digits || !ws[k+1].digits || !ws[k+2].digits {
		return dateMention{}, 0, false
	}
	sep1, sep2 := s[ws[k].end:ws[k+1].start], s[ws[k+1].end:ws[k+2].start]
	if sep1 != sep2 || (sep1 != "-" && sep1 != "/" && sep1 != ".") {
		return dateMention{}, 0, false
	}
	a, okA := digitsValue(ws[k])
	b, okB := digitsValue(ws[k+1])
	c, okC := digitsValue(ws[k+2])
	if !okA || !okB || !okC {
		return dateMention{}, 0, false
	}
	m := dateMention{start: ws[k].start, end: ws[k+2].end}
	switch {
	case len(ws[k].fold) == 4 && sep1 == "-":
		m.year, m.month, m.day = a, time.Month(b), c
	case len(ws[k+2].fold) == 4:
		m.day, m.month, m.year = a, time.Month(b), c
	default:
		return dateMention{}, 0, false
	}
	if !validDate(m.year, m.month, m.day) {
		return dateMention{}, 0, false
	}
	return m, k + 3, true
}

// nextWord returns the index of the word after byte i when only a little
// space or a comma separates them, else -1.
func nextWord(s string, ws []word, i int) int {
	j := wordAt(ws, i)
	if j >= len(ws) {
		return -1
	}
	gap := s[i:ws[j].start]
	if utf8.RuneCountInString(gap) > 3 {
		return -1
	}
	for _, r := range gap {
		if r != ' ' && r != '\u00a0' && r != ',' && r != '،' {
			return -1
		}
	}
	return j
}

// relativeBefore extends m over a relative word just before it ("أمس،
// الخميس 15", "yesterday, Thursday") and records what it says.
func relativeBefore(s string, ws []word, k int, m *dateMention) {
	for back := 1; back <= 2 && k-back >= 0; back++ {
		w := ws[k-back]
		if nextWord(s, ws, w.end) != k-back+1 {
			return
		}
		if days, ok := relativeWords[w.fold]; ok {
			m.rel, m.relWord, m.start = days, s[w.start:w.end], w.start
			if k-back-1 >= 0 && ws[k-back-1].fold == "اول" && days == 1 {
				m.rel, m.start = 2, ws[k-back-1].start // "أول أمس"
				m.relWord = s[m.start:w.end]
			}
			return
		}
	}
}

func validDate(y int, m time.Month, d int) bool {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}
