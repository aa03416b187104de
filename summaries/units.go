package summaries

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries/arabic"
)

// Unit is what a figure counts or measures.
type Unit string

// The units a curated figure may use. Every unit has wording in the bot's
// catalogs (a test checks that), so adding one here means adding it there.
const (
	UnitKM2       Unit = "km2"       // square kilometres
	UnitPeople    Unit = "people"    // persons
	UnitFighters  Unit = "fighters"  // combatants
	UnitPersonnel Unit = "personnel" // security, police or military staff
	UnitUSD       Unit = "usd"       // US dollars
	UnitYears     Unit = "years"     // a duration in years
	UnitYear      Unit = "year"      // a calendar year, written without grouping
	UnitPercent   Unit = "percent"   // a percentage
	UnitCount     Unit = "count"     // a bare count; the label says of what
)

// Units lists every known unit.
var Units = []Unit{UnitKM2, UnitPeople, UnitFighters, UnitPersonnel, UnitUSD, UnitYears, UnitYear, UnitPercent, UnitCount}

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool { return slices.Contains(Units, u) }

// Qualifier says how exact a figure is. It is part of the fact:
// "more than 40,000" is not "40,000".
type Qualifier string

// The qualifiers a curated figure may carry.
const (
	Exact    Qualifier = "exact"
	About    Qualifier = "about"
	Nearly   Qualifier = "nearly"
	MoreThan Qualifier = "more than"
	AtLeast  Qualifier = "at least"
	UpTo     Qualifier = "up to"
	LessThan Qualifier = "less than"
)

// Qualifiers lists every known qualifier.
var Qualifiers = []Qualifier{Exact, About, Nearly, MoreThan, AtLeast, UpTo, LessThan}

// Valid reports whether q is a known qualifier.
func (q Qualifier) Valid() bool { return slices.Contains(Qualifiers, q) }

// qualifierWording is how sources write each qualifier just before a number,
// in folded form (see arabic.Normalize). "About" and "nearly" share Arabic
// wording: the Arabic text of a statement often writes حوالي where the English
// original says "nearly", so either qualifier accepts either wording.
var qualifierWording = map[Qualifier][]string{
	About:    {"حوالي", "نحو", "قرابه", "ما يقارب", "ما يقرب من", "تقريبا", "زهاء", "about", "approximately", "around", "roughly", "some", "nearly", "almost"},
	Nearly:   {"حوالي", "نحو", "قرابه", "ما يقارب", "ما يقرب من", "تقريبا", "زهاء", "nearly", "almost", "close to", "approximately", "about"},
	MoreThan: {"اكثر من", "ما يزيد علي", "ما يزيد عن", "يزيد علي", "يزيد عن", "ما يربو علي", "more than", "over", "in excess of", "upwards of"},
	AtLeast:  {"علي الاقل", "ما لا يقل عن", "لا يقل عن", "at least", "no fewer than", "no less than"},
	UpTo:     {"ما يصل الي", "يصل الي", "up to", "as many as"},
	LessThan: {"اقل من", "ما يقل عن", "less than", "fewer than", "under"},
}

// QualifierBefore returns the qualifier whose wording ends the text before a
// number (folded, ignoring currency signs and spaces), and that wording. It is
// the one reading of qualifiers: validation checks quotes with it and the
// import assistant drafts figures with it. Where two qualifiers share a
// wording ("nearly"), the one named by it wins.
func QualifierBefore(before string) (Qualifier, string) {
	t := arabic.Normalize(before)
	t = strings.TrimRight(t, " $€£")
	best, bestWord := Exact, ""
	for _, q := range Qualifiers {
		for _, w := range qualifierWording[q] {
			longer := len(w) > len(bestWord) || len(w) == len(bestWord) && string(q) == w
			if longer && strings.HasSuffix(t, w) && wordBoundaryBefore(t, len(t)-len(w)) {
				best, bestWord = q, w
			}
		}
	}
	return best, bestWord
}

// wordBoundaryBefore reports whether a word starts at i, allowing one Arabic
// proclitic letter (و، ف، ب، ل) glued to it: "وأكثر من", "لأكثر من".
func wordBoundaryBefore(t string, i int) bool {
	if i == 0 || t[i-1] == ' ' {
		return true
	}
	r, w := utf8.DecodeLastRuneInString(t[:i])
	if r != 'و' && r != 'ف' && r != 'ب' && r != 'ل' {
		return false
	}
	return i == w || t[i-w-1] == ' '
}

// accepts reports whether a figure qualified q may be quoted with wording
// that reads as found.
func (q Qualifier) accepts(found Qualifier) bool {
	if q == found {
		return true
	}
	near := func(x Qualifier) bool { return x == About || x == Nearly }
	return near(q) && near(found)
}
