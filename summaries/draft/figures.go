package draft

import (
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// Candidate is a figure the importer found: a number the text writes, with
// what the words around it say of it. The curator keeps the key ones.
type Candidate struct {
	// ID is a suggested figure id, unique within the draft.
	ID string
	// Value is the number; for a vague amount, the order of magnitude its
	// words name (1e4 for "tens of thousands"), which no quote states.
	Value     float64
	Unit      summaries.Unit
	Qualifier summaries.Qualifier
	// Quote is the shortest clause of the text that holds the number, its
	// qualifier and its scale word: the text's bytes, never normalised.
	Quote string
	// Start and End locate Quote in the text.
	Start, End int
	// Written is the number as written, scale word included: "110,000",
	// "٧٫٧ مليون", "خمس".
	Written string
	// Vague marks an amount with no value ("عشرات آلاف", "tens of
	// thousands"): the draft writes it commented out, since no value states it.
	Vague bool
	// Notes are what the curator should check: a range, a unit guessed.
	Notes []string
}

// ExtractFigures finds every candidate figure in text: each number written in
// digits, with a scale word or in words (arabic.Numbers reads them), and each
// vague amount. Numbers that are parts of dates, times, identifiers ("G20",
// "COVID-19", "5G") or links are not figures; nor is a lone spelled "one".
// It takes time linear in the text's length, whatever the text.
func ExtractFigures(text string) []Candidate {
	var dates []span // in order, apart
	for _, m := range dateMentions(text) {
		if m.month > 0 || m.hasWeekday {
			dates = append(dates, span{m.start, m.end})
		}
	}
	di := 0 // dates before dates[di] end before the number at hand
	inDate := func(i int) bool {
		for di < len(dates) && dates[di].end <= i {
			di++
		}
		return di < len(dates) && dates[di].start <= i
	}
	var out []Candidate
	for _, cl := range clauses(text) {
		c := text[cl.start:cl.end]
		if strings.IndexFunc(c, unicode.IsLetter) < 0 {
			continue // a list marker, a table cell: no words to say what it counts
		}
		ns := arabic.Numbers(c)
		unitEnd := 0 // where the last figure's unit words end: "في المئة" is no number
		for i, n := range ns {
			if n.Start < unitEnd || n.Value > maxValue || inDate(cl.start+n.Start) || notAFigure(c, n) {
				continue
			}
			cand, end := figureAt(c, ns, i)
			unitEnd = end
			if cand.Unit == summaries.UnitCount && isSpelledOne(c[n.Start:n.End], n.Value) {
				continue
			}
			cand.Start, cand.End = cl.start+cand.Start, cl.start+cand.End
			out = append(out, cand)
		}
		ni := 0
		for _, v := range arabic.VagueNumbers(c) {
			for ni < len(ns) && ns[ni].End <= v.Start {
				ni++
			}
			if ni < len(ns) && ns[ni].Start < v.End {
				continue // "ثلاثة آلاف" is a number
			}
			win := quoteWindow(c, v.Start, v.End)
			u := unitOf(tail(c[win.start:v.Start]), head(c[v.End:win.end]))
			cand := Candidate{
				Value: v.Scale, Unit: u.unit, Qualifier: summaries.Exact, Written: c[v.Start:v.End], Vague: true,
				Notes: append([]string{vagueNote(c[v.Start:v.End], v.Scale)}, u.notes...),
			}
			cand.setQuote(c, win.start, win.end)
			cand.Start, cand.End = cl.start+cand.Start, cl.start+cand.End
			out = append(out, cand)
		}
	}
	return out
}

// Bounds on how much text around a number is read: a run-on text with no
// punctuation must not make every number read all of it.
const (
	// maxQuoteBytes is the longest clause quoted whole; a longer one is cut
	// to the words around the number.
	maxQuoteBytes = 600
	// contextBytes is how far before a number its qualifier, and after it
	// its unit, is looked for.
	contextBytes = 120
)

// quoteWindow is the part of clause c a quote of [start, end) may span: all
// of c, or for a long clause the words around it.
func quoteWindow(c string, start, end int) span {
	if len(c) <= maxQuoteBytes {
		return span{0, len(c)}
	}
	lo := max(0, start-maxQuoteBytes/3)
	if lo > 0 {
		lo = start - len(tail(c[lo:start]))
	}
	hi := min(len(c), end+maxQuoteBytes/3)
	if hi < len(c) {
		hi = end + len(head(c[end:hi]))
	}
	return span{lo, hi}
}

// tail is the end of s, at most contextBytes long, starting at a word.
func tail(s string) string {
	if len(s) <= contextBytes {
		return s
	}
	t := s[len(s)-contextBytes:]
	if i := strings.IndexByte(t, ' '); i >= 0 {
		return t[i+1:]
	}
	return ""
}

// head is the start of s, at most contextBytes long, ending at a word.
func head(s string) string {
	if len(s) <= contextBytes {
		return s
	}
	h := s[:contextBytes]
	if i := strings.LastIndexByte(h, ' '); i >= 0 {
		return h[:i]
	}
	return ""
}

// figureAt makes the candidate for number i of clause c, its range relative
// to c, and says where its unit's words end in c.
func figureAt(c string, ns []arabic.Number, i int) (Candidate, int) {
	n := ns[i]
	win := quoteWindow(c, n.Start, n.End)
	before, after := tail(c[win.start:n.Start]), head(c[n.End:win.end])
	q, _ := summaries.QualifierBefore(before)
	u := unitOf(before, after)
	if u.unit == summaries.UnitCount && isCalendarYear(c[n.Start:n.End], n.Value) {
		u = unitReading{unit: summaries.UnitYear}
	}
	cand := Candidate{Value: n.Value, Unit: u.unit, Qualifier: q, Written: c[n.Start:n.End], Notes: u.notes}
	if lo, hi, ok := rangeAround(c, ns, i); ok {
		if u.unit == summaries.UnitCount && hi != i { // "between 10 and 20 people": the unit follows the high end
			if hu := unitOf(tail(c[:ns[hi].Start]), head(c[ns[hi].End:win.end])); hu.unit != summaries.UnitCount {
				cand.Unit, cand.Notes = hu.unit, hu.notes
			}
		}
		cand.Notes = append(cand.Notes, "one end of the range «"+c[ns[lo].Start:ns[hi].End]+"»")
	}
	// The quote runs from the clause start, unless an earlier number of the
	// same value would be the one a reader (and validation) takes it for;
	// failing that, from the number before it.
	start := win.start
	for j := i - 1; j >= 0 && ns[j].Start >= win.start; j-- {
		if sameValue(ns[j].Value, n.Value) {
			start = ns[j].End
			break
		}
	}
	cand.setQuote(c, start, win.end)
	if _, msg := summaries.QuoteProblem(arabic.CollapseSpace(cand.Quote), cand.Value, cand.Qualifier); msg != "" && i > 0 && ns[i-1].End > start {
		cand.setQuote(c, ns[i-1].End, win.end)
	}
	if _, msg := summaries.QuoteProblem(arabic.CollapseSpace(cand.Quote), cand.Value, cand.Qualifier); msg != "" {
		cand.Notes = append(cand.Notes, "validation will say: "+msg)
	}
	if win.start > 0 || win.end < len(c) {
		cand.Notes = append(cand.Notes, "the clause is long: the quote holds only the words around the number")
	}
	return cand, n.End + u.end
}

// setQuote quotes c[start:end], spaces trimmed.
func (cand *Candidate) setQuote(c string, start, end int) {
	sp, _ := trimSpan(c, start, end)
	cand.Quote, cand.Start, cand.End = c[sp.start:sp.end], sp.start, sp.end
}

// maxValue is more than any figure a statement states (a world's GDP is
// 1e14 dollars): a longer run of digits is an identifier, or noise.
const maxValue = 1e15

// linkBytes is how far around a number a link is looked for.
const linkBytes = 64

// notAFigure reports the numbers that count nothing: parts of identifiers
// ("G20" is skipped by arabic.Numbers; "COVID-19", "F-16", "5G", "2nd"),
// times ("10:30") and links.
func notAFigure(c string, n arabic.Number) bool {
	after := c[n.End:]
	if r, _ := utf8.DecodeRuneInString(after); r < utf8.RuneSelf && unicode.IsLetter(r) {
		return true
	}
	before := c[:n.Start]
	if strings.HasSuffix(before, "-") {
		if r, _ := utf8.DecodeLastRuneInString(before[:len(before)-1]); r < utf8.RuneSelf && unicode.IsLetter(r) {
			return true
		}
	}
	if strings.HasPrefix(after, ":") && len(after) > 1 && after[1] >= '0' && after[1] <= '9' {
		return true
	}
	if strings.HasSuffix(before, ":") && len(before) > 1 && before[len(before)-2] >= '0' && before[len(before)-2] <= '9' {
		return true
	}
	// The word around the number, within a few bytes: a link or an address.
	b, a := before[max(0, len(before)-linkBytes):], after[:min(len(after), linkBytes)]
	if i := strings.LastIndexFunc(b, unicode.IsSpace); i >= 0 {
		b = b[i+1:]
	}
	if i := strings.IndexFunc(a, unicode.IsSpace); i >= 0 {
		a = a[:i]
	}
	tok := b + "#" + a
	return strings.Contains(tok, "://") || strings.Contains(tok, "www.") || strings.Contains(tok, "@")
}

// isCalendarYear reports a number written as a bare four-digit year, 1800
// to 2100: "2020", "ال2020", "٢٠١٩".
func isCalendarYear(written string, v float64) bool {
	if v < 1800 || v > 2100 || v != math.Trunc(v) {
		return false
	}
	n := 0
	for _, r := range written {
		if !unicode.IsDigit(r) {
			return false
		}
		n++
	}
	return n == 4
}

// isSpelledOne reports a spelled "one" ("one of the", "واحد من"), which is
// rarely a figure.
func isSpelledOne(written string, v float64) bool {
	return v == 1 && strings.IndexFunc(written, unicode.IsDigit) < 0
}

// rangeAround finds the range number i belongs to: "10-20", "10 to 20",
// "from 10 to 20", "between 10 and 20", "بين 10 و20", "من 10 إلى 20". It
// returns the indexes of its low and high ends.
func rangeAround(c string, ns []arabic.Number, i int) (lo, hi int, ok bool) {
	if i+1 < len(ns) && isRangeGap(c, ns[i], ns[i+1]) {
		return i, i + 1, true
	}
	if i > 0 && isRangeGap(c, ns[i-1], ns[i]) {
		return i - 1, i, true
	}
	return 0, 0, false
}

// isRangeGap reports whether the words between a and b make them a range.
func isRangeGap(c string, a, b arabic.Number) bool {
	if b.Start-a.End > 16 {
		return false
	}
	gap := strings.TrimSpace(arabic.Normalize(c[a.End:b.Start]))
	switch gap {
	case "-", "–", "—", "to", "الي", "حتي":
		return true
	case "and", "و":
		before := strings.Fields(arabic.Normalize(tail(c[:a.Start])))
		if len(before) == 0 {
			return false
		}
		last := before[len(before)-1]
		return last == "between" || last == "بين" || last == "وبين"
	}
	return false
}

func sameValue(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// vagueNote tells the curator why a vague amount is left out.
func vagueNote(written string, scale float64) string {
	note := "no exact value: «" + written + "»"
	if g := vagueGloss(scale); !strings.EqualFold(g, written) {
		note += " (" + g + ")"
	}
	return note
}

// vagueGloss says in English what order of magnitude a vague amount names.
func vagueGloss(scale float64) string {
	switch scale {
	case 10:
		return "tens"
	case 100:
		return "hundreds"
	case 1e3:
		return "thousands"
	case 1e4:
		return "tens of thousands"
	case 1e5:
		return "hundreds of thousands"
	case 1e6:
		return "millions"
	case 1e7:
		return "tens of millions"
	case 1e8:
		return "hundreds of millions"
	case 1e9:
		return "billions"
	}
	return "an amount with no value"
}
