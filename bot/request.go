// Package bot is briefbot's platform-neutral core: the Request a chat update
// becomes, the Reply a handler returns (semantic blocks, no markup), the Mux
// that routes commands, the middleware around it and the bilingual messages.
// It imports no platform library; adapters under bot/ turn updates into
// Requests and render Replies.
package bot

import (
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
	"github.com/briefbot/briefbot/summaries/search"
)

// ChatKind says what kind of conversation a request comes from.
type ChatKind int

// Chat kinds. Group covers Telegram groups and supergroups and Discord
// server channels; Channel is a broadcast channel.
const (
	Private ChatKind = iota
	Group
	Channel
)

// Chat identifies the conversation a request came from.
type Chat struct {
	// Key is unique across platforms ("telegram:-100123", "discord:456").
	Key  string
	Kind ChatKind
	// Parent is the key of the server or workspace the chat belongs to, if
	// any ("discord-guild:789"); its settings apply where the chat has none.
	Parent string
	// Channel is, for a chat that is a thread of its own (a Discord
	// thread), the key of the channel it is in: the channel's settings
	// apply where the thread has none, before the server's. "" otherwise.
	Channel string
	// Thread is the topic within the chat that the request came from, in
	// the platform's own form (a Telegram forum topic's message_thread_id),
	// "" for none: the answer and a subscription made there go to it. The
	// chat's settings apply in all its topics.
	Thread string
}

// User identifies who sent a request.
type User struct {
	// Key is unique across platforms; it keys the per-user rate limit.
	Key string
	// Lang is the user's platform language tag ("ar", "en-GB"), if known.
	Lang string
}

// RequestKind says what a request asks for.
type RequestKind int

// Request kinds. Every kind goes through the same Mux and middleware
// (recovery, logging, language, per-user limits).
const (
	// KindCommand runs Command (typed, tapped, or a button's action).
	KindCommand RequestKind = iota
	// KindLookup offers matches while the user types: Telegram inline
	// mode (Command empty) or Discord autocomplete (Command and
	// Lookup.Param name what is being typed). Args is the text typed.
	KindLookup
	// KindExpired is a press on a button whose action the adapter no
	// longer knows (it outlived its token): the answer says so.
	KindExpired
	// KindText is a message without a command; Args is its text. Only
	// private chats get an answer: in a group, text is people talking to
	// each other.
	KindText
)

// Lookup says what a KindLookup request completes and which page of
// matches it wants.
type Lookup struct {
	Param  string // the parameter being typed; "" for inline mode
	Offset int    // the first match wanted
	Limit  int    // matches wanted at most (0: the handler's default)
}

// Request is one command from a chat, already parsed by an adapter.
type Request struct {
	Kind    RequestKind
	Command string // lower case, without "/" or "@botname"
	Args    string // the text after the command, trimmed
	// Options are the arguments as typed values. Platforms with typed
	// options (Discord) fill them; for typed text the core parses Args
	// against the command's declaration.
	Options Options
	Lookup  Lookup
	Chat    Chat
	User    User
	// Lang is an explicit language for this reply (a --lang flag, a Discord
	// option, a language button). Empty means "decide from settings". After
	// the language middleware it is the reply's language, and LangBy says
	// what decided it.
	Lang   summaries.Lang
	LangBy LangSource
	// Private asks for an answer only the sender sees, where possible.
	Private bool
	// IsAdmin reports whether the sender may change the chat's settings.
	// Nil means the adapter cannot tell, and only private chats allow changes.
	IsAdmin func(ctx context.Context) (bool, error)
	// IsParentAdmin reports whether the sender may change the settings of
	// the chat's parent (Discord: Manage Server). Nil means nobody may.
	IsParentAdmin func(ctx context.Context) (bool, error)

	// Caps are what the platform can do (private replies, ...); commands
	// that need more are left out of /help and refused.
	Caps []Capability
	// Platform names the adapter the request came from (PlatformTelegram,
	// ...), for metrics; the core decides nothing by it.
	Platform string

	// Admitted says the per-user limit let this request in when it arrived
	// (Bot.Admit), so the middleware does not count it a second time.
	Admitted bool

	// Set by the language middleware from settings, for handlers.
	Settings ChatSettings

	// served is the catalog and index this request is answered from,
	// taken once when it arrives (see Bot.served).
	served *search.Served
}

// Can reports whether the request's platform has capability c.
func (r *Request) Can(c Capability) bool { return c == "" || slices.Contains(r.Caps, c) }

// Arg returns the arguments of the request as separate words.
func (r *Request) Arg() []string { return strings.Fields(r.Args) }

// ParseCommand splits a message text such as "/figures@BriefBot coalition"
// into the command name, the bot it was addressed to and the arguments. ok is
// false when text is not a command. The command name is lower-cased.
// Directional formatting characters are dropped first: a command copied
// from a reply and pasted back ("\u2066/summary x\u2069", "\u200f/figures")
// is the command it shows.
func ParseCommand(text string) (name, addressedTo, args string, ok bool) {
	text = strings.TrimLeftFunc(arabic.StripBidi(text), unicode.IsSpace)
	if !strings.HasPrefix(text, "/") {
		return "", "", "", false
	}
	head, rest, _ := strings.Cut(text[1:], " ")
	if i := strings.IndexFunc(head, unicode.IsSpace); i >= 0 { // a newline or tab after the command
		head, rest = head[:i], head[i:]+" "+rest
	}
	head, addressedTo, _ = strings.Cut(head, "@")
	if head == "" || len(head) > 64 || !isCommandName(head) {
		return "", "", "", false
	}
	return strings.ToLower(head), addressedTo, strings.TrimSpace(rest), true
}

func isCommandName(s string) bool {
	for _, r := range s {
		if !(r == '_' || r == '-' || r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			return false
		}
	}
	return true
}

// Clean prepares user text for echoing in a reply: control and bidi
// formatting characters are removed and the result is cut to max runes.
func Clean(s string, max int) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if n == max {
			b.WriteRune('…')
			break
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}
