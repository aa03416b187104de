package draft

import (
	"strings"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// Unit words, folded; Arabic words are looked up by all their forms
// (arabic.Forms), so "والمقاتلين" finds "مقاتلين".
var (
	usdWords      = foldedSet("دولار", "دولارا", "دولارات", "dollar", "dollars", "usd")
	currencyWords = foldedSet("يورو", "euro", "euros", "جنيه", "جنيها", "pound", "pounds", "sterling", "ريال", "ريالا",
		"riyal", "riyals", "rial", "rials", "درهم", "درهما", "dirham", "dirhams", "دينار", "دينارا", "dinar", "dinars",
		"ليرة", "lira", "يوان", "yuan", "ين", "yen", "روبل", "rouble", "roubles", "ruble", "rubles")
	percentWords = foldedSet("بالمئة", "بالمائة", "percent", "pct")
	hundredWords = foldedSet("المئة", "المائة")
	yearsWords   = foldedSet("سنة", "سنوات", "سنين", "عام", "أعوام", "عاما", "year", "years")
	peopleWords  = foldedSet("شخص", "أشخاص", "شخصا", "نسمة", "مواطن", "مواطنا", "مواطنين", "مدني", "مدنيا", "مدنيين",
		"نازح", "نازحا", "نازحين", "مشرد", "مشردا", "مشردين", "لاجئ", "لاجئا", "لاجئين", "طفل", "طفلا", "أطفال", "امرأة",
		"نساء", "رجل", "رجال", "قتيل", "قتيلا", "قتلى", "ضحية", "ضحايا", "جريح", "جرحى", "مصاب", "مصابين", "عضو", "عضوا",
		"أعضاء", "فرد", "أفراد", "سكان", "ساكن", "عامل", "عمال", "طالب", "طلاب", "مهاجر", "مهاجرين",
		"people", "persons", "person", "individuals", "civilians", "refugees", "displaced", "residents", "inhabitants",
		"children", "women", "men", "members", "deaths", "dead", "victims", "casualties", "wounded", "injured",
		"workers", "students", "citizens", "migrants", "detainees", "prisoners")
	fighterWords = foldedSet("مقاتل", "مقاتلا", "مقاتلين", "مقاتلون", "مسلح", "مسلحا", "مسلحين", "إرهابي", "إرهابيا",
		"إرهابيين", "عنصر", "عنصرا", "عناصر", "جهادي", "جهاديين",
		"fighters", "fighter", "militants", "combatants", "terrorists", "terrorist", "jihadists", "insurgents")
	personnelWords = foldedSet("جندي", "جنديا", "جنود", "عسكري", "عسكريا", "عسكريين", "شرطي", "شرطيا", "ضابط", "ضباط",
		"personnel", "troops", "soldiers", "officers", "police", "servicemen", "service")
	securityWords = foldedSet("الأمن", "الشرطة", "الجيش", "القوات", "الأمنية", "security", "police", "army", "military")
	squareWords   = foldedSet("square", "sq")
	kmWords       = foldedSet("كيلومتر", "كيلومترات", "كم", "km", "kilometers", "kilometres", "kilometer", "kilometre")
	squareAr      = foldedSet("مربع", "مربعا", "مربعة")
)

// maxUnitWords is how far after a number its unit word may be: English puts
// adjectives first ("40,000 foreign terrorist fighters").
const maxUnitWords = 4

// unitReading is what the words around a number say it counts.
type unitReading struct {
	unit  summaries.Unit
	notes []string
	// end is where the unit's words end in the text after the number, so
	// that "في المئة" or "كم2" is not read as another number.
	end int
}

// unitOf reads the unit of a number from the clause before it and after it
// (the scale word already read). With no word to say, it is count, with a
// note for the curator.
func unitOf(before, after string) unitReading {
	a := strings.TrimLeft(after, " \u00a0")
	skipped := len(after) - len(a)
	b := strings.TrimRight(before, " \u00a0")
	switch {
	case strings.HasPrefix(a, "%"):
		return unitReading{unit: summaries.UnitPercent, end: skipped + len("%")}
	case strings.HasPrefix(a, "٪"):
		return unitReading{unit: summaries.UnitPercent, end: skipped + len("٪")}
	case strings.HasSuffix(b, "$"):
		return unitReading{unit: summaries.UnitUSD}
	case strings.HasSuffix(b, "€"):
		return unitReading{unit: summaries.UnitCount, notes: []string{"an amount in euros: no unit for it; say so in the label"}}
	case strings.HasSuffix(b, "£"):
		return unitReading{unit: summaries.UnitCount, notes: []string{"an amount in pounds: no unit for it; say so in the label"}}
	}
	ws := wordsOf(a)
	if len(ws) > maxUnitWords {
		ws = ws[:maxUnitWords]
	}
	for i, w := range ws {
		if w.digits {
			ws = ws[:i]
			break
		}
	}
	is := func(i int, set map[string]bool) bool {
		if i >= len(ws) {
			return false
		}
		for f := range arabic.Forms(ws[i].fold) {
			if set[f] {
				return true
			}
		}
		return false
	}
	// upTo is a reading whose words end with word i.
	upTo := func(u summaries.Unit, i int, notes ...string) unitReading {
		return unitReading{unit: u, notes: notes, end: skipped + ws[i].end}
	}
	switch {
	case is(0, percentWords):
		return upTo(summaries.UnitPercent, 0)
	case len(ws) > 1 && (ws[0].fold == "في" && is(1, hundredWords) || ws[0].fold == "per" && ws[1].fold == "cent"):
		return upTo(summaries.UnitPercent, 1)
	case is(0, kmWords) && is(1, squareAr), is(0, squareWords) && is(1, kmWords):
		return upTo(summaries.UnitKM2, 1)
	case is(0, kmWords) && len(ws) > 1 && ws[1].fold == "2" && ws[1].start == ws[0].end:
		return upTo(summaries.UnitKM2, 1) // "كم2"
	case is(0, kmWords) && strings.HasPrefix(a[ws[0].end:], "²"):
		return unitReading{unit: summaries.UnitKM2, end: skipped + ws[0].end + len("²")}
	case len(ws) > 2 && ws[0].fold == "كيلو" && ws[1].fold == "متر" && is(2, squareAr):
		return upTo(summaries.UnitKM2, 2)
	case is(0, kmWords):
		return upTo(summaries.UnitCount, 0, "a length in kilometres: no unit for it; say so in the label")
	case is(0, yearsWords):
		return upTo(summaries.UnitYears, 0)
	}
	for i := range ws {
		switch {
		case is(i, usdWords):
			return upTo(summaries.UnitUSD, i)
		case is(i, currencyWords):
			return upTo(summaries.UnitCount, i, "an amount in "+a[ws[i].start:ws[i].end]+": no unit for it; say so in the label")
		case is(i, personnelWords), (is(i, peopleWords) && ws[i].fold != "members" && is(i+1, securityWords)):
			return upTo(summaries.UnitPersonnel, i) // "أفراد الأمن والشرطة", "security and police personnel"
		case is(i, fighterWords):
			return upTo(summaries.UnitFighters, i)
		case is(i, peopleWords):
			return upTo(summaries.UnitPeople, i)
		}
	}
	return unitReading{unit: summaries.UnitCount, notes: []string{"no unit word found, so count: check the unit"}}
}
