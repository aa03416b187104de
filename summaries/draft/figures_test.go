package draft

import (
	"fmt"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/summaries"
)

// fig is an expected candidate: value, unit, qualifier and quote.
type fig struct {
	value float64
	unit  summaries.Unit
	qual  summaries.Qualifier
	quote string
}

func (f fig) String() string { return fmt.Sprintf("%v %s %s «%s»", f.value, f.unit, f.qual, f.quote) }

func exactFigures(text string) []fig {
	var out []fig
	for _, c := range ExtractFigures(text) {
		if !c.Vague {
			out = append(out, fig{c.Value, c.Unit, c.Qualifier, c.Quote})
		}
	}
	return out
}

func TestExtractFigures(t *testing.T) {
	const (
		km2       = summaries.UnitKM2
		people    = summaries.UnitPeople
		fighters  = summaries.UnitFighters
		personnel = summaries.UnitPersonnel
		usd       = summaries.UnitUSD
		years     = summaries.UnitYears
		year      = summaries.UnitYear
		percent   = summaries.UnitPercent
		count     = summaries.UnitCount
		exact     = summaries.Exact
		about     = summaries.About
		nearly    = summaries.Nearly
		more      = summaries.MoreThan
		atLeast   = summaries.AtLeast
		upTo      = summaries.UpTo
		less      = summaries.LessThan
	)
	tests := []struct {
		in   string
		want []fig
	}{
		// Digit forms; the comma inside 110,000 is no clause break.
		{"سيطرت داعش علي حوالي 110,000 كيلومتر مربع من الأراضي ، بما في ذلك المدن",
			[]fig{{110000, km2, about, "سيطرت داعش علي حوالي 110,000 كيلومتر مربع من الأراضي"}}},
		{"حررت الحملة حوالي 7,700,000 شخص.", []fig{{7.7e6, people, about, "حررت الحملة حوالي 7,700,000 شخص."}}},
		{"جمع أكثر من $20,000,000,000 في المساعدات", []fig{{20e9, usd, more, "جمع أكثر من $20,000,000,000 في المساعدات"}}},
		{"سيطر على نحو ١١٠٬٠٠٠ كم مربع.", []fig{{110000, km2, about, "سيطر على نحو ١١٠٬٠٠٠ كم مربع."}}},
		{"حررت قرابة ٧٫٧ مليون شخص", []fig{{7.7e6, people, about, "حررت قرابة ٧٫٧ مليون شخص"}}},
		// Scale words.
		{"liberated approximately 7.7 million people.", []fig{{7.7e6, people, about, "liberated approximately 7.7 million people."}}},
		{"raised over $20 billion in aid", []fig{{20e9, usd, more, "raised over $20 billion in aid"}}},
		{"خصصت 20 مليار دولار للإعمار", []fig{{20e9, usd, exact, "خصصت 20 مليار دولار للإعمار"}}},
		// Number words.
		{"علي مدي خمس سنوات من المشاركة ، حرر التحالف", []fig{{5, years, exact, "علي مدي خمس سنوات من المشاركة"}}},
		{"After five years of engagement, the Coalition won.", []fig{{5, years, exact, "After five years of engagement"}}},
		// Years, percentages, ranges.
		{"لاستضافه الاجتماع المقبل في ال2020.", []fig{{2020, year, exact, "لاستضافه الاجتماع المقبل في ال2020."}}},
		{"the next meeting in 2020.", []fig{{2020, year, exact, "the next meeting in 2020."}}},
		{"ارتفع العدد 25% هذا العام", []fig{{25, percent, exact, "ارتفع العدد 25% هذا العام"}}},
		{"ارتفع بنسبة ٣٠٪", []fig{{30, percent, exact, "ارتفع بنسبة ٣٠٪"}}},
		{"نما بنحو 12 بالمئة", []fig{{12, percent, about, "نما بنحو 12 بالمئة"}}},
		{"نما 7 في المائة", []fig{{7, percent, exact, "نما 7 في المائة"}}},
		{"grew 4 percent", []fig{{4, percent, exact, "grew 4 percent"}}},
		{"between 10 and 20 people", []fig{{10, people, exact, "between 10 and 20 people"}, {20, people, exact, "between 10 and 20 people"}}},
		{"ما بين 3 و5 سنوات", []fig{{3, years, exact, "ما بين 3 و5 سنوات"}, {5, years, exact, "ما بين 3 و5 سنوات"}}},
		{"from 2014 to 2017", []fig{{2014, year, exact, "from 2014 to 2017"}, {2017, year, exact, "from 2014 to 2017"}}},
		{"12-15 fighters", []fig{{12, fighters, exact, "12-15 fighters"}, {15, fighters, exact, "12-15 fighters"}}},
		// Qualifiers, both languages.
		{"واجتذبت أكثر من 40,000 من المقاتلين الإرهابيين الأجانب.", []fig{{40000, fighters, more, "واجتذبت أكثر من 40,000 من المقاتلين الإرهابيين الأجانب."}}},
		{"ما يزيد عن 300 مقاتل", []fig{{300, fighters, more, "ما يزيد عن 300 مقاتل"}}},
		{"أقل من 50 شخصا", []fig{{50, people, less, "أقل من 50 شخصا"}}},
		{"nearly 110,000 square kilometers", []fig{{110000, km2, nearly, "nearly 110,000 square kilometers"}}},
		{"about 300 troops", []fig{{300, personnel, about, "about 300 troops"}}},
		{"at least 25 civilians", []fig{{25, people, atLeast, "at least 25 civilians"}}},
		{"up to 3,000 refugees", []fig{{3000, people, upTo, "up to 3,000 refugees"}}},
		{"more than 220,000 security and police personnel", []fig{{220000, personnel, more, "more than 220,000 security and police personnel"}}},
		{"وقاموا بتدريب أكثر من 220,000 من افراد الأمن والشرطة", []fig{{220000, personnel, more, "وقاموا بتدريب أكثر من 220,000 من افراد الأمن والشرطة"}}},
		{"وأكثر من 100 من أعضاء التحالف ضحوا", []fig{{100, people, more, "وأكثر من 100 من أعضاء التحالف ضحوا"}}},
		{"بما في ذلك لأكثر من 1,500,000 مشرد.", []fig{{1.5e6, people, more, "بما في ذلك لأكثر من 1,500,000 مشرد."}}},
		// Clause choice: the shortest clause that holds the qualifier too.
		{"In 2019, more than 5,000 fighters; about 20 towns.", []fig{
			{2019, year, exact, "In 2019"}, {5000, fighters, more, "more than 5,000 fighters"}, {20, count, about, "about 20 towns."}}},
		{"وقد جاءت بتضحيات هائله: فقد مات 100 شخص.", []fig{{100, people, exact, "فقد مات 100 شخص."}}},
		{"Mr. Smith said 40 people died.", []fig{{40, people, exact, "Mr. Smith said 40 people died."}}},
		// An earlier number of the same value moves the quote's start.
		{"5 people came and more than 5 people left", []fig{{5, people, exact, "5 people came and more than 5 people left"}, {5, people, more, "people came and more than 5 people left"}}},
		// Not figures: dates, times, identifiers, links, a spelled "one".
		{"met on 14 November 2019 at 10:30 in the G20 format.", nil},
		{"اجتمعوا يوم الخميس 14 تشرين الثاني 2019.", nil},
		{"COVID-19 and F-16 jets and 5G networks.", nil},
		{"See https://example.org/2019/11 for more.", nil},
		{"one of the ministers said so.", nil},
		{"1.\n2.\n", nil},
		{"رقم الحساب 123456789012345678901234 فقط.", nil},
	}
	for _, tt := range tests {
		got := exactFigures(tt.in)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("ExtractFigures(%q):\n got  %v\n want %v", tt.in, got, tt.want)
		}
	}
}

func TestExtractFiguresVague(t *testing.T) {
	for in, want := range map[string]string{
		"فقد مات عشرات آلاف من الشركاء المحليين": "عشرات آلاف",
		"قتل عشرات الآلاف من المدنيين":           "عشرات الآلاف",
		"tens of thousands of local partners":    "tens of thousands",
	} {
		cs := ExtractFigures(in)
		if len(cs) != 1 || !cs[0].Vague || cs[0].Written != want || !strings.Contains(cs[0].Notes[0], "no exact value") {
			t.Errorf("ExtractFigures(%q) = %+v, want one vague %q", in, cs, want)
		}
	}
	cs := ExtractFigures("قتل عشرات الآلاف من المدنيين")
	if cs[0].Unit != summaries.UnitPeople || cs[0].Value != 1e4 {
		t.Errorf("vague unit %s, scale %v", cs[0].Unit, cs[0].Value)
	}
	if cs := ExtractFigures("قتل ثلاثة آلاف مقاتل"); len(cs) != 1 || cs[0].Vague || cs[0].Value != 3000 {
		t.Errorf("ثلاثة آلاف is a number, not a vague amount: %+v", cs)
	}
}

func TestExtractFiguresNotes(t *testing.T) {
	for in, want := range map[string]string{
		"5 towns were hit":         "no unit word found",
		"between 10 and 20 people": "one end of the range «10 and 20»",
		"raised €300 million":      "euros",
		"raised 300 million euros": "an amount in euros",
		"a 40 km road":             "kilometres",
	} {
		cs := ExtractFigures(in)
		if len(cs) == 0 || !strings.Contains(strings.Join(cs[0].Notes, "; "), want) {
			t.Errorf("ExtractFigures(%q) notes %+v, want %q", in, cs, want)
		}
	}
}

func TestClauses(t *testing.T) {
	in := "أ ب ، ج د. 110,000 و7.7 ؛ U.S. forces, Nov. 14; \"Quoted.\" Then: this\nnext line…"
	var got []string
	for _, sp := range clauses(in) {
		got = append(got, in[sp.start:sp.end])
	}
	want := []string{"أ ب", "ج د.", "110,000 و7.7", "U.S. forces", "Nov. 14", "\"Quoted.\"", "Then", "this", "next line…"}
	if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", want) {
		t.Errorf("clauses =\n %q\nwant\n %q", got, want)
	}
}
