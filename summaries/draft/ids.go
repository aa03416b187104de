package draft

import (
	"fmt"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/briefbot/briefbot/summaries"
)

// SuggestID suggests a statement id from what the importer found: the place
// and the month ("washington-2019-11"), or the first words of an English
// title. With no date, a short hash of the text keeps two drafts apart.
func SuggestID(place summaries.Text, date time.Time, title string, lang summaries.Lang, text string) string {
	head := slug(place.EN, 3)
	if head == "" && lang == summaries.EN {
		head = slug(significant(title), 4)
	}
	if head == "" {
		head = "statement"
	}
	if !date.IsZero() {
		return head + "-" + date.Format("2006-01")
	}
	h := fnv.New32a()
	h.Write([]byte(text))
	return fmt.Sprintf("%s-%08x", head, h.Sum32())
}

// significant drops the small words of an English title.
func significant(title string) string {
	var keep []string
	for _, w := range strings.Fields(title) {
		switch strings.ToLower(strings.Trim(w, ",.:;")) {
		case "a", "an", "the", "of", "on", "in", "by", "for", "and", "to", "at", "with":
			continue
		}
		keep = append(keep, w)
	}
	return strings.Join(keep, " ")
}

// slug lower-cases the ASCII letters and digits of s (accents dropped:
// "Communiqué" → "communique"), joins its first maxWords words with "-" and
// drops everything else.
func slug(s string, maxWords int) string {
	var words []string
	for _, f := range strings.FieldsFunc(strings.ToLower(norm.NFD.String(s)), func(r rune) bool {
		if unicode.Is(unicode.Mn, r) {
			return false // kept inside the word, then dropped below
		}
		return (r < 'a' || r > 'z') && (r < '0' || r > '9')
	}) {
		f = strings.Map(func(r rune) rune {
			if r >= utf8.RuneSelf {
				return -1
			}
			return r
		}, f)
		words = append(words, f)
		if len(words) == maxWords {
			break
		}
	}
	out := strings.Join(words, "-")
	if len(out) > 40 {
		out = strings.TrimRight(out[:40], "-")
	}
	return out
}

// unitPrefix starts a figure id with what the figure counts.
var unitPrefix = map[summaries.Unit]string{
	summaries.UnitKM2: "area", summaries.UnitPeople: "people", summaries.UnitFighters: "fighters",
	summaries.UnitPersonnel: "personnel", summaries.UnitUSD: "usd", summaries.UnitYears: "years",
	summaries.UnitYear: "year", summaries.UnitPercent: "percent", summaries.UnitCount: "count",
}

// assignIDs gives every candidate an id from its unit and value
// ("area-110k", "usd-20b", "year-2020"), unique within the draft.
func assignIDs(cs []Candidate) {
	seen := map[string]int{}
	for i := range cs {
		c := &cs[i]
		id := unitPrefix[c.Unit] + "-" + shortValue(c.Value)
		if c.Vague {
			id = unitPrefix[c.Unit] + "-" + slug(vagueGloss(c.Value), 4) // "count-tens-of-thousands"
		}
		seen[id]++
		if n := seen[id]; n > 1 {
			id += "-" + strconv.Itoa(n)
		}
		c.ID = id
	}
}

// shortValue writes a value for an id: 110000 → "110k", 7.7e6 → "7-7m",
// 2e10 → "20b", 2020 → "2020".
func shortValue(v float64) string {
	for _, s := range []struct {
		scale  float64
		suffix string
	}{{1e12, "t"}, {1e9, "b"}, {1e6, "m"}, {1e3, "k"}} {
		if v < 1e4 || v < s.scale {
			continue
		}
		if x := v / s.scale; x*10 == math.Trunc(x*10) {
			return strings.ReplaceAll(strconv.FormatFloat(x, 'f', -1, 64), ".", "-") + s.suffix
		}
	}
	return strings.ReplaceAll(strconv.FormatFloat(v, 'f', -1, 64), ".", "-")
}
