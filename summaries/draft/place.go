package draft

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// PlaceFinding is the place a text names as where the statement was made.
type PlaceFinding struct {
	// Place holds the name in both languages when the city is a known one;
	// otherwise only in the text's language, the other left to the curator.
	Place summaries.Text
	// Written is the name as the text writes it; "" when none was found.
	Written string
}

// cityName is one spelling of a city, as folded words.
type cityName struct {
	words []string
	city  *city
}

// cityIndex maps the first folded word of every spelling to its spellings.
var cityIndex = func() map[string][]cityName {
	m := map[string][]cityName{}
	add := func(name string, c *city) {
		ws := strings.Fields(arabic.Normalize(name))
		m[ws[0]] = append(m[ws[0]], cityName{ws, c})
	}
	for i := range cities {
		c := &cities[i]
		add(c.en, c)
		for _, n := range c.ar {
			add(n, c)
		}
		for _, n := range c.alt {
			add(n, c)
		}
	}
	return m
}()

var (
	capitalWords = foldedSet("العاصمة", "بالعاصمة", "مدينة", "بمدينة", "capital", "city")
	inWords      = foldedSet("في", "in", "at", "from", "من")
	meetingWords = foldedSet("اجتماع", "اجتماعهم", "اجتماعه", "اجتماعها", "الاجتماع", "اجتمع", "اجتمعوا", "عقد", "عقدت", "عقده",
		"المنعقد", "انعقد", "انعقاد", "قمة", "القمة", "مؤتمر", "المؤتمر", "لقاء", "صدر", "أصدر", "أصدروا",
		"met", "meet", "meeting", "meetings", "held", "summit", "conference", "gathered", "convened", "talks", "issued")
)

// FindPlace finds where a text says the statement was made: a known city in
// a dateline ("WASHINGTON —"), after "the capital" (في العاصمة الأمريكية
// واشنطن), or after "in" near a word for a meeting ("met in Brussels"). A
// mere mention of a city is not its place. Failing a known city, the word
// after "العاصمة"/"the capital" is taken in the text's language alone.
func FindPlace(text string) PlaceFinding {
	ws := wordsOf(text)
	best, bestScore := PlaceFinding{}, 1
	for k := range ws {
		name, n, prefix, ok := cityAt(text, ws, k)
		if !ok {
			continue
		}
		if score := placeScore(text, ws, k, k+n, strings.HasPrefix(prefix, "ب")); score > bestScore {
			best = PlaceFinding{Place: summaries.Text{AR: name.city.ar[0], EN: name.city.en}, Written: text[ws[k].start:ws[k+n-1].end]}
			bestScore = score
		}
	}
	if best.Written != "" {
		return best
	}
	return unknownCapital(text, ws)
}

// cityAt matches a known city's spelling at word k, allowing a proclitic on
// its first word ("بواشنطن"), and returns it with its length in words and
// the proclitic.
func cityAt(text string, ws []word, k int) (name cityName, n int, prefix string, ok bool) {
	for f := range arabic.Forms(ws[k].fold) {
		for _, name := range cityIndex[f] {
			n := len(name.words)
			if k+n > len(ws) {
				continue
			}
			if !slices.Equal(foldsOf(ws[k+1:k+n]), name.words[1:]) {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(text[ws[k].start:]); r < utf8.RuneSelf && !unicode.IsUpper(r) {
				continue // "paris" in a URL, "nice" as a word
			}
			return name, n, strings.TrimSuffix(ws[k].fold, f), true
		}
	}
	return cityName{}, 0, "", false
}

func foldsOf(ws []word) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.fold
	}
	return out
}

// placeScore rates how surely a city at words [k, end) is the statement's
// place: 3 for a dateline or "the capital X", 2 for "in X" (or "بX") near a
// meeting word, 1 for a mention.
func placeScore(text string, ws []word, k, end int, gluedIn bool) int {
	if atLineStart(text, ws[k].start) {
		rest := strings.TrimLeft(text[ws[end-1].end:], " ")
		if strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, "-") || strings.HasPrefix(rest, "—") ||
			strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "،") {
			return 3
		}
	}
	for back := 1; back <= 2 && k-back >= 0; back++ {
		if capitalWords[ws[k-back].fold] {
			return 3 // "في العاصمة الأمريكية واشنطن", "the capital Baghdad"
		}
	}
	if (k > 0 && inWords[ws[k-1].fold]) || gluedIn {
		for back := 1; back <= 12 && k-back >= 0; back++ {
			if meetingWords[ws[k-back].fold] {
				return 2
			}
		}
	}
	return 1
}

// atLineStart reports whether only spaces stand between i and a line start.
func atLineStart(text string, i int) bool {
	for i > 0 {
		switch text[i-1] {
		case '\n':
			return true
		case ' ', '\t':
			i--
		default:
			return false
		}
	}
	return true
}

// unknownCapital takes the name after "العاصمة"/"the capital" when the city
// is not a known one: "في العاصمة الأوزبكية طشقند" gives طشقند.
func unknownCapital(text string, ws []word) PlaceFinding {
	for k, w := range ws {
		if !capitalWords[w.fold] || k+1 >= len(ws) {
			continue
		}
		j := k + 1
		if strings.HasSuffix(ws[j].fold, "يه") && j+1 < len(ws) { // an adjective: الأوزبكية
			j++
		}
		if ws[j].digits || nextWord(text, ws, ws[j-1].end) != j {
			continue
		}
		name := text[ws[j].start:ws[j].end]
		if name[0] < utf8.RuneSelf {
			if r, _ := utf8.DecodeRuneInString(name); !unicode.IsUpper(r) {
				continue
			}
			return PlaceFinding{Place: summaries.Text{EN: name}, Written: name}
		}
		return PlaceFinding{Place: summaries.Text{AR: name}, Written: name}
	}
	return PlaceFinding{}
}
