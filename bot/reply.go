package bot

import (
	"github.com/briefbot/briefbot/summaries"
)

// Reply is what a handler answers: semantic blocks that each adapter renders
// in its platform's own form.
type Reply struct {
	Lang    summaries.Lang
	Blocks  []Block
	Buttons []Button
	// Error marks an answer to a request that could not be served (unknown
	// statement, bad argument); `briefbot ask` exits non-zero on it.
	Error bool
	// Private asks the adapter to show the reply only to the requester.
	Private bool
	// Silent asks platforms that may leave a request unanswered to send
	// nothing (a flooding user's further commands). A platform that must
	// answer every request (a Discord interaction) acknowledges it without
	// a message.
	Silent bool
	// Results answer a lookup (KindLookup), best first; NextOffset is where
	// the next page starts, 0 when there is none.
	Results    []Result
	NextOffset int
	// Title and Footer summarise the reply for platforms with a card form
	// (Discord embeds); plain renderers may ignore them.
	Title  string
	Footer string
	// Key identifies a reply that is always the same for the same request
	// (a statement's summary or figures in one language); adapters may cache
	// its rendering under it. Empty for replies that vary.
	Key string
}

// Result is one match offered while a user types: a statement, a single
// figure or a time zone.
type Result struct {
	ID          string // stable and unique: "s:<statement>", "f:<statement>:<figure>", "z:<zone>"
	Value       string // what choosing it fills in (a statement id, a zone name)
	Title       string // one line: a statement title, a figure's amount and label, a zone
	Description string // one line of context: the date, the statement's title
	// Reply is what choosing it inserts into the conversation (inline
	// mode); nil where choosing only fills in a value.
	Reply *Reply
}

// Block is one semantic part of a reply. The set of blocks is closed: the
// adapters' renderers switch over the types below.
type Block interface{ block() }

// Heading is the title line of a reply.
type Heading struct{ Text string }

// Paragraph is running text.
type Paragraph struct{ Text string }

// Note is a short secondary line (hints, counts), rendered quietly.
type Note struct{ Text string }

// Facts are labelled one-line facts: date, place, issued by, source.
type Facts struct{ Items []Fact }

// Fact is one labelled value.
type Fact struct{ Label, Value string }

// Bullets is a list of points.
type Bullets struct {
	Title string
	Items []string
}

// Figures is the list of a statement's key figures.
type Figures struct{ Items []FigureItem }

// FigureItem is one rendered figure: Amount carries the qualifier, value and
// unit ("more than $20 billion"), Label says what it counts, Quote is the
// source sentence it comes from, exactly as the source has it, in
// QuoteLang. Translation, when there is one in the reply's language, is the
// curators' (never the source's words), shown under TranslationLabel.
type FigureItem struct {
	ID               string
	Amount           string
	Label            string
	QuoteLabel       string
	Quote            string
	QuoteLang        summaries.Lang
	TranslationLabel string
	Translation      string
}

// Citation is a line ready to paste into an article, under its label. It
// is written so that it needs no direction mark, and renderers put none
// in it.
type Citation struct{ Label, Text string }

// StatementList lists statements, one per line.
type StatementList struct{ Items []StatementItem }

// StatementItem is one listed statement: its id, and its aliases written
// in the reply's language (التحالف-2019 in Arabic), which people may type
// instead.
type StatementItem struct {
	ID, Date, Title string
	Aliases         []string
}

// Commands lists commands with what they do.
type Commands struct{ Items []CommandItem }

// CommandItem is one listed command.
type CommandItem struct{ Usage, Description string }

// Matches are search results, best first: statements and single figures,
// each with the snippet of its text that matched.
type Matches struct{ Items []Match }

// Match is one search result. Snippet is curated text with the byte ranges
// that matched in Marks, in order and not overlapping; renderers bold them
// where they can. A Source snippet is the source's own words (a figure's
// quote, or a window of the source text) in the source's language
// SourceLang: its bytes are shown as they are, nothing inserted inside;
// a Quote is the whole curated quote.
type Match struct {
	Number     string // its place in the list, which its button shows
	Title      string // the statement's title, or the figure's amount and label
	Context    string // the date, and for a figure its statement's title
	Label      string // what the snippet is, for the source's words ("Source text (Arabic)")
	Snippet    string
	Marks      []Mark
	Quote      bool
	Source     bool
	SourceLang summaries.Lang
	Open       string // the command that opens it: "/summary <id>"
}

// Mark is the byte range [Start, End) of a snippet that matched.
type Mark struct{ Start, End int }

func (Heading) block()       {}
func (Paragraph) block()     {}
func (Note) block()          {}
func (Facts) block()         {}
func (Bullets) block()       {}
func (Figures) block()       {}
func (StatementList) block() {}
func (Commands) block()      {}
func (Citation) block()      {}
func (Matches) block()       {}

// Button is an action offered under a reply: pressing it runs Command with
// Args in Lang. Buttons of one Row stand together (platforms split a row
// wider than they allow).
type Button struct {
	Label   string
	Command string
	Args    string
	Lang    summaries.Lang
	Row     int
	// Owner is who may change the message by pressing (OwnerTag of the
	// user who asked for it); "" lets anyone in the chat (a private chat).
	// The core sets it where others may press (see Bot.Handle).
	Owner string
	// Apart marks a pointer that opens its view for whoever presses,
	// leaving the message as it is (a briefing's "more").
	Apart bool
}
