package schedule

import (
	"time"

	"github.com/briefbot/briefbot/summaries"
)

// Subscription is a chat's daily briefing.
type Subscription struct {
	Chat string
	// Parent is the key of the server the chat belongs to, if any
	// ("discord-guild:789"): its settings apply where the chat has none,
	// also when a briefing is composed long after the /subscribe.
	Parent string
	// Thread is the topic of the chat the briefing is posted in (a
	// Telegram forum topic), "" for the chat itself.
	Thread       string
	Hour, Minute int
	Zone         string         // a zone LoadZone reads: an IANA name or a fixed offset ("UTC+03:00")
	Lang         summaries.Lang // "" = the chat's language when the briefing is sent
	EveryDay     bool           // post even when no statement is new
	// Instant asks for each newly published statement as soon as it
	// appears (/subscribe instant), besides the daily briefing.
	Instant bool
	NextDue time.Time // the next briefing's instant (UTC)
}

// Due is one briefing to enqueue: the subscription as read, the local date
// it is due for, and the time after it.
type Due struct {
	Sub  Subscription
	Date string
	Next time.Time
}

// Outcome says what enqueueing a due briefing did.
type Outcome int

// Enqueue outcomes.
const (
	Enqueued   Outcome = iota // a new outbox row
	Duplicate                 // the row for that day existed: nothing new written
	NothingNew                // no statement the chat has not had, and it did not ask for a daily post
	Changed                   // the subscription changed or ended meanwhile: nothing written
)

// Item is one row of the outbox: a daily briefing or a notice.
type Item struct {
	ID int64
	// Key is unique: chat + "|" + local date for a briefing, see
	// CorrectionKey, InstantKey and AdminKey for notices.
	Key        string
	Kind       Kind // "" is a briefing (rows written before kinds existed)
	Chat       string
	Parent     string // the chat's server, as the subscription recorded it
	Thread     string // the topic it is posted in, as the subscription recorded it
	Date       string // a briefing's local date (YYYY-MM-DD); "" for notices
	DueAt      time.Time
	Statements []string       // statement ids, newest first: what a briefing or instant post carries
	Lang       summaries.Lang // "" = the chat's language when sent
	EveryDay   bool
	Payload    Payload // what a correction or admin notice says
	Attempts   int     // sends started, this one included
}

// Carries is the one rule for what a briefing carries: of candidates
// (the catalog's statements, newest first), those the chat has not had
// yet, newest first, at most max. The scheduler's enqueue and the /briefing
// preview both use it.
func Carries(candidates []string, had func(id string) bool, max int) []string {
	var out []string
	for _, id := range candidates {
		if len(out) == max {
			break
		}
		if !had(id) {
			out = append(out, id)
		}
	}
	return out
}
