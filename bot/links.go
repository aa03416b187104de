package bot

import (
	"strings"

	"github.com/briefbot/briefbot/summaries"
)

// A start payload is what a deep link into a private chat with the bot
// carries ("https://t.me/<bot>?start=<payload>" on Telegram) so that
// following it opens one view of one statement: "<view><lang>_<statement>"
// or, for one figure, "<view><lang>_<statement>_<figure>". It keeps to
// Telegram's bound: at most 64 characters of A-Z a-z 0-9 _ -, which ids
// are made of; ids too long to fit are cut to prefixes, which name a
// statement as long as no other shares them.

// MaxStartPayload is the longest payload a deep link may carry.
const MaxStartPayload = 64

// linkViews are the views a deep link opens, by command, with their codes.
var linkViews = map[string]string{"summary": "s", "figures": "f", "figure": "g"}

var linkLangs = map[summaries.Lang]string{summaries.AR: "a", summaries.EN: "e"}

// StartPayload returns the payload of a deep link that opens b's view for
// whoever follows it, and false when b's action is not one a link can
// carry (only the summary, the figures and one figure of a statement are).
func StartPayload(b Button) (string, bool) {
	view, ok := linkViews[b.Command]
	lang, langOK := linkLangs[b.Lang]
	ids := strings.Fields(b.Args)
	wantIDs := 1
	if b.Command == "figure" {
		wantIDs = 2
	}
	if !ok || !langOK || len(ids) != wantIDs {
		return "", false
	}
	for _, id := range ids {
		if !summaries.ValidID(id) {
			return "", false
		}
	}
	budget := MaxStartPayload - len(view) - len(lang) - len(ids)
	for total(ids) > budget { // cut the longest id by one until they fit
		longest := 0
		for i := range ids {
			if len(ids[i]) > len(ids[longest]) {
				longest = i
			}
		}
		ids[longest] = ids[longest][:len(ids[longest])-1]
	}
	return view + lang + "_" + strings.Join(ids, "_"), true
}

func total(ids []string) int {
	n := 0
	for _, id := range ids {
		n += len(id)
	}
	return n
}

// parseStartPayload reads a payload back into the action it opens; false
// for anything else (a payload from another bot, a damaged link).
func parseStartPayload(p string) (Button, bool) {
	head, rest, ok := strings.Cut(p, "_")
	if !ok || len(head) != 2 || len(p) > MaxStartPayload {
		return Button{}, false
	}
	var b Button
	for cmd, code := range linkViews {
		if head[:1] == code {
			b.Command = cmd
		}
	}
	for lang, code := range linkLangs {
		if head[1:] == code {
			b.Lang = lang
		}
	}
	ids := strings.Split(rest, "_")
	want := 1
	if b.Command == "figure" {
		want = 2
	}
	if b.Command == "" || b.Lang == "" || len(ids) != want {
		return Button{}, false
	}
	for _, id := range ids {
		if id == "" || strings.Trim(id, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return Button{}, false
		}
	}
	b.Args = strings.Join(ids, " ")
	return b, true
}
