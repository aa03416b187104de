package draft

import (
	"slices"
	"strings"

	"github.com/briefbot/briefbot/summaries/arabic"
)

// maxLeadInWords bounds a lead-in: "وفيما يلي نص البيان" is four words, "The
// following is the full text of the joint statement" nine.
const maxLeadInWords = 12

// cutLeadIn finds the first lead-in of page, a short clause ending in a colon
// that announces the text of the statement ("وفيما يلي نص البيان:", "The
// full text of the statement follows:"), and returns it with the text after
// it. A lead-in with no sentence after it is not one, nor is one with less
// than a quarter of the page after it.
func cutLeadIn(page string) (leadIn, rest string, ok bool) {
	tries := 0
	for off := 0; tries < maxLeadInTries; {
		c := strings.IndexByte(page[off:], ':')
		if c < 0 || len(page)-(off+c) < len(page)/4 {
			return "", "", false // a lead-in opens the text; a short "text follows" near the end brings an annex
		}
		c += off
		off = c + 1
		// The clause before the colon, from the line start or the last
		// sentence end, if it is short enough to be a lead-in at all.
		lo := max(0, c-maxLeadInBytes)
		start := lo + strings.LastIndexAny(page[lo:c], "\n.!?؟") + 1
		if start == lo && lo > 0 {
			continue
		}
		if !isLeadIn(strings.Fields(arabic.Normalize(page[start:c]))) {
			continue
		}
		tries++
		after := strings.TrimSpace(page[c+1:])
		if !hasSentence(after) {
			continue
		}
		return strings.TrimSpace(page[start : c+1]), after, true
	}
	return "", "", false
}

// Bounds that keep the search linear: a lead-in is a dozen words, and a page
// has one.
const (
	maxLeadInBytes = 300
	maxLeadInTries = 4
)

// leadInMarks are the folded words that, in a short clause before a colon,
// announce a text: نص (the text of), يلي (follows).
var (
	arTextWords   = []string{"نص", "نصه", "نصها", "النص", "بنص", "ونص"}
	arFollowWords = []string{"يلي", "ياتي", "تاليا", "التالي"}
	arStatement   = []string{"البيان", "بيان", "الكلمه", "الرساله", "الاعلان", "البلاغ", "الخطاب"}
	enTextWords   = []string{"text", "transcript"}
	enFollowWords = []string{"follows", "following", "below", "reads", "full"}
)

// isLeadIn reports whether the folded words of a clause announce a text:
// Arabic "نص" (text) in a short clause, or "يلي" (follows) with "البيان"
// (the statement); English "text" with "follows", "below", "full" or the like.
func isLeadIn(words []string) bool {
	if len(words) == 0 || len(words) > maxLeadInWords {
		return false
	}
	has := func(set []string) bool {
		return slices.ContainsFunc(words, func(w string) bool {
			return slices.Contains(set, strings.TrimRight(w, ",،"))
		})
	}
	switch {
	case has(arTextWords):
		return true
	case has(arFollowWords) && has(arStatement):
		return true
	case has(enTextWords) && (has(enFollowWords) || len(words) <= 2):
		return true
	}
	return false
}
