package bot

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
	"github.com/briefbot/briefbot/summaries/search"
)

// Digits is how numbers are written in Arabic replies.
type Digits string

// Digit styles. Western digits are the default; Arabic-Indic is a per-chat choice.
const (
	WesternDigits     Digits = "western"
	ArabicIndicDigits Digits = "arabic"
)

// formatter writes numbers, figures and dates in one reply's language.
type formatter struct {
	msgs   *Messages
	lang   summaries.Lang
	digits Digits
}

// t is a shorthand for a message in the formatter's language.
func (f formatter) t(id string, data ...any) string { return f.msgs.T(f.lang, id, data...) }

// n is a shorthand for a plural message; the count is shown with the
// chat's digits as .N.
func (f formatter) n(id string, count int, data ...any) string {
	return f.msgs.N(f.lang, id, count, append(data, "N", f.digitsOf(strconv.Itoa(count)))...)
}

// digitsOf rewrites the ASCII digits of s in the chat's digit style.
func (f formatter) digitsOf(s string) string {
	if f.lang == summaries.AR && f.digits == ArabicIndicDigits {
		return arabic.ArabicIndicDigits(s)
	}
	return s
}

// Amount renders a figure's qualifier, value and unit: "about 110,000 km²",
// "more than $20 billion", "أكثر من 20 مليار دولار".
func (f formatter) Amount(fig summaries.Figure) string {
	var num string
	if fig.Unit == summaries.UnitYear {
		num = strconv.FormatFloat(fig.Value, 'f', -1, 64) // a calendar year: 2020, never 2,020
	} else if mant, scaleID := scaled(fig.Value); scaleID != "" {
		num = f.msgs.N(f.lang, scaleID, pluralCount(mant), "N", groupDigits(mant))
	} else {
		num = groupDigits(fig.Value)
	}
	withUnit := f.msgs.N(f.lang, "unit_"+string(fig.Unit), pluralCount(fig.Value), "N", num)
	q := strings.ReplaceAll(string(fig.Qualifier), " ", "_")
	return f.digitsOf(f.t("qualifier_"+q, "Amount", withUnit))
}

// Amounts returns the bot's own wording of a figure's amount, in either
// language with Western digits, for the search index to hold: an editor
// then finds a figure by the words the bot displays ("more than $20
// billion", "أكثر من 20 مليار دولار").
func Amounts(msgs *Messages) search.Amounts {
	return func(fig summaries.Figure, lang summaries.Lang) string {
		return formatter{msgs: msgs, lang: lang, digits: WesternDigits}.Amount(fig)
	}
}

// scaled expresses v in millions or billions when that is exact to one or
// two decimals ("7.7 million"); smaller values are written in full.
func scaled(v float64) (float64, string) {
	for _, s := range []struct {
		size float64
		id   string
	}{{1e12, "scale_trillion"}, {1e9, "scale_billion"}, {1e6, "scale_million"}} {
		if v < s.size {
			continue
		}
		m := v / s.size
		if r := math.Round(m*100) / 100; math.Abs(r-m) < 1e-9 {
			return r, s.id
		}
		return 0, ""
	}
	return 0, ""
}

// pluralCount is the count go-i18n chooses a plural form by: the value itself
// for whole numbers (so Arabic agrees with the number's last part), its
// decimal text otherwise ("7.7" takes the "other" form).
func pluralCount(v float64) any {
	if v == math.Trunc(v) && math.Abs(v) < 1e18 {
		return int64(v)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// groupDigits writes v with "," between thousands and at most two decimals.
func groupDigits(v float64) string {
	s := strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// Date renders a calendar date: "14 November 2019", "14 نوفمبر 2019".
func (f formatter) Date(d time.Time) string {
	return f.digitsOf(f.t("date", "Day", d.Day(), "Month", f.t("month_"+strconv.Itoa(int(d.Month()))), "Year", d.Year()))
}
