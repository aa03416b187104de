package bot

import (
	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
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
	// answer every request (a Discord interaction) shows the blocks to the
	// requester only.
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

	finished bool // isolated already: a shared, cached reply
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
// source sentence it comes from.
type FigureItem struct {
	ID         string
	Amount     string
	Label      string
	QuoteLabel string
	Quote      string
}

// StatementList lists statements, one per line.
type StatementList struct{ Items []StatementItem }

// StatementItem is one listed statement.
type StatementItem struct{ ID, Date, Title string }

// Commands lists commands with what they do.
type Commands struct{ Items []CommandItem }

// CommandItem is one listed command.
type CommandItem struct{ Usage, Description string }

// Matches are search results, best first: statements and single figures,
// each with the snippet of its text that matched.
type Matches struct{ Items []Match }

// Match is one search result. Snippet is curated text with the byte spans
// that matched in Marks, in order and not overlapping; renderers bold them
// where they can (see Match.Segments). A Quote snippet is a figure's source
// quote, byte for byte: nothing is ever inserted inside it.
type Match struct {
	Number  string // its place in the list, which its button shows
	Title   string // the statement's title, or the figure's amount and label
	Context string // the date, and for a figure its statement's title
	Label   string // what the snippet is, for a quote ("Source text (Arabic)")
	Snippet string
	Marks   []Span
	Quote   bool
	Open    string // the command that opens it: "/summary <id>"
}

// Span is the byte range [Start, End) of a text.
type Span struct{ Start, End int }

func (Heading) block()       {}
func (Paragraph) block()     {}
func (Note) block()          {}
func (Facts) block()         {}
func (Bullets) block()       {}
func (Figures) block()       {}
func (StatementList) block() {}
func (Commands) block()      {}
func (Matches) block()       {}

// Button is an action offered under a reply; pressing it runs Command with
// Args in Lang and replaces the message with the result.
type Button struct {
	Label   string
	Command string
	Args    string
	Lang    summaries.Lang
}

// isolate wraps the left-to-right runs of every text of an Arabic reply in
// Unicode isolates, so numbers, currency and Latin names keep their place in
// right-to-left lines. Renderers still start each Arabic line right-to-left
// (see LineStart).
func (r *Reply) isolate() {
	if r == nil || r.finished || r.Lang != summaries.AR {
		return
	}
	iso := arabic.IsolateLTR
	r.Title, r.Footer = iso(r.Title), iso(r.Footer)
	for i, b := range r.Blocks {
		switch b := b.(type) {
		case Heading:
			b.Text = iso(b.Text)
			r.Blocks[i] = b
		case Paragraph:
			b.Text = iso(b.Text)
			r.Blocks[i] = b
		case Note:
			b.Text = iso(b.Text)
			r.Blocks[i] = b
		case Facts:
			for j := range b.Items {
				b.Items[j].Label, b.Items[j].Value = iso(b.Items[j].Label), iso(b.Items[j].Value)
			}
		case Bullets:
			b.Title = iso(b.Title)
			for j := range b.Items {
				b.Items[j] = iso(b.Items[j])
			}
			r.Blocks[i] = b
		case Figures:
			for j := range b.Items {
				it := &b.Items[j]
				it.Amount, it.Label, it.QuoteLabel, it.Quote = iso(it.Amount), iso(it.Label), iso(it.QuoteLabel), iso(it.Quote)
			}
		case StatementList:
			for j := range b.Items {
				it := &b.Items[j]
				it.ID, it.Date, it.Title = iso(it.ID), iso(it.Date), iso(it.Title)
			}
		case Commands:
			for j := range b.Items {
				b.Items[j].Usage, b.Items[j].Description = iso(b.Items[j].Usage), iso(b.Items[j].Description)
			}
		case Matches:
			for j := range b.Items {
				it := &b.Items[j]
				it.Number, it.Title, it.Context = iso(it.Number), iso(it.Title), iso(it.Context)
				it.Label, it.Open = iso(it.Label), iso(it.Open)
				if !it.Quote { // a quote is only wrapped whole, by its renderer (Segments)
					it.Snippet, it.Marks = isolateMarked(it.Snippet, it.Marks)
				}
			}
		}
	}
	// Button labels stand alone on their button; they need no isolates.
}

// LineStart returns what a renderer must put at the start of a line of a
// reply in lang whose visible text is plain, so that the line displays in
// the reply's direction: an RLM for Arabic lines that would otherwise start
// left-to-right, nothing otherwise.
func LineStart(lang summaries.Lang, plain string) string {
	if lang != summaries.AR || plain == "" || arabic.StartsRTL(plain) {
		return ""
	}
	return string(arabic.RLM)
}
