package schedule

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
)

// Kind is what an outbox item is: the composer renders each kind its own
// way, and the key of each kind says what makes it unique.
type Kind string

// Outbox item kinds.
const (
	KindBriefing   Kind = "briefing"   // a daily briefing: once per chat and local date
	KindCorrection Kind = "correction" // a figure a chat received changed: once per change and chat
	KindInstant    Kind = "instant"    // a new statement for an instant subscriber: once per statement and chat
	KindAdmin      Kind = "admin"      // a refused reload, for an admin chat: once per problem set and chat
)

// Payload is what a notice carries besides its chat, stored with its outbox
// row: it is composed at send time from what it said when written, so a
// restart, a later edit or a removed statement changes nothing of it.
type Payload struct {
	Correction *Correction `json:"correction,omitempty"`
	Refusal    *Refusal    `json:"refusal,omitempty"`
}

// Correction is what changed in one statement that chats had received.
type Correction struct {
	Statement string         `json:"statement"`
	Title     summaries.Text `json:"title"`
	// SourceLang is the language of the source the quotes come from.
	SourceLang summaries.Lang `json:"source_lang"`
	Figures    []FigureChange `json:"figures"`
}

// NewCorrection is the correction a reload that turned old into cur makes,
// and false when it corrects no figure (see Corrections).
func NewCorrection(old, cur *summaries.Statement) (Correction, bool) {
	figs := Corrections(old, cur)
	if len(figs) == 0 {
		return Correction{}, false
	}
	return Correction{Statement: cur.ID, Title: cur.Title, SourceLang: cur.Source.Lang, Figures: figs}, true
}

// FigureChange is one figure whose value, qualifier or unit changed, or
// that was removed.
type FigureChange struct {
	ID    string         `json:"id"`
	Label summaries.Text `json:"label"`
	Old   Amount         `json:"old"`
	New   *Amount        `json:"new,omitempty"` // nil: the figure was removed
	// Quote is the source's sentence for the new amount ("" when removed).
	Quote string `json:"quote,omitempty"`
	// Note is the curators' correction: note on the figure.
	Note string `json:"note,omitempty"`
}

// Amount is what a figure states: value, unit and qualifier.
type Amount struct {
	Value     float64             `json:"value"`
	Unit      summaries.Unit      `json:"unit"`
	Qualifier summaries.Qualifier `json:"qualifier"`
}

// Figure returns the amount as a figure, for rendering.
func (a Amount) Figure() summaries.Figure {
	return summaries.Figure{Value: a.Value, Unit: a.Unit, Qualifier: a.Qualifier}
}

func amountOf(f summaries.Figure) Amount {
	return Amount{Value: f.Value, Unit: f.Unit, Qualifier: f.Qualifier}
}

// Corrections is the one rule for what a reload corrects in a statement:
// each figure of old, by id, whose value, qualifier or unit differs in cur,
// or that cur no longer has, in old's order. A figure new in cur corrects
// nothing; nor does a change of its label, quote or note alone.
func Corrections(old, cur *summaries.Statement) []FigureChange {
	if old == nil || cur == nil {
		return nil
	}
	var out []FigureChange
	for _, of := range old.Figures {
		i := slices.IndexFunc(cur.Figures, func(f summaries.Figure) bool { return f.ID == of.ID })
		if i < 0 {
			out = append(out, FigureChange{ID: of.ID, Label: of.Label, Old: amountOf(of), Note: of.Correction})
			continue
		}
		nf := cur.Figures[i]
		if amountOf(nf) == amountOf(of) {
			continue
		}
		now := amountOf(nf)
		out = append(out, FigureChange{ID: nf.ID, Label: nf.Label, Old: amountOf(of), New: &now, Quote: nf.Quote, Note: nf.Correction})
	}
	return out
}

// Reload is what one accepted reload tells chats; the store writes it in
// one transaction.
type Reload struct {
	// At is when the reload was served: the notices are due then, and it
	// tells this reload's corrections from an earlier identical change (a
	// value changed, changed back, then changed again is three notices).
	At          time.Time
	Corrections []Correction
	// Published are the statements new in the catalog, in the order to post them.
	Published []string
	// Serve and Unserve update, in the same transaction, the record of the
	// figures chats were last told of (see Served): the statements whose
	// record is new or differs, and those no longer in the catalog.
	Serve   []Served
	Unserve []string
	// Reconciled marks what a start tells rather than a reload: it makes
	// no admin notice still waiting moot.
	Reconciled bool
}

// Served is what the outbox last told chats of one statement's figures:
// the record a correction is worked out against. It is kept in the
// database beside the outbox and written with each reload's notices, so
// that edits made while the bot was stopped, or a crash between serving a
// reload and writing its notices, are still told on the next start.
type Served struct {
	Statement  string         `json:"-"`
	Title      summaries.Text `json:"title"`
	SourceLang summaries.Lang `json:"source_lang"`
	Figures    []ServedFigure `json:"figures"`
	Hash       string         `json:"-"` // of what Corrections compares: ids and amounts
}

// ServedFigure is one figure as a correction reads it.
type ServedFigure struct {
	ID     string         `json:"id"`
	Label  summaries.Text `json:"label"`
	Amount Amount         `json:"amount"`
	Note   string         `json:"note,omitempty"`
}

// ServedOf is the record of st as it is served now.
func ServedOf(st *summaries.Statement) Served {
	s := Served{Statement: st.ID, Title: st.Title, SourceLang: st.Source.Lang}
	parts := make([]string, 0, len(st.Figures))
	for _, f := range st.Figures {
		a := amountOf(f)
		s.Figures = append(s.Figures, ServedFigure{ID: f.ID, Label: f.Label, Amount: a, Note: f.Correction})
		parts = append(parts, f.ID, strconv.FormatFloat(a.Value, 'g', -1, 64), string(a.Unit), string(a.Qualifier))
	}
	s.Hash = digest(parts...)
	return s
}

// Old rebuilds the statement the record describes, as far as Corrections
// reads it: the "before" of a correction.
func (s Served) Old() *summaries.Statement {
	st := &summaries.Statement{ID: s.Statement, Title: s.Title, Source: summaries.Source{Lang: s.SourceLang}}
	for _, f := range s.Figures {
		st.Figures = append(st.Figures, summaries.Figure{ID: f.ID, Label: f.Label, Value: f.Amount.Value, Unit: f.Amount.Unit,
			Qualifier: f.Amount.Qualifier, Correction: f.Note})
	}
	return st
}

// ReloadOutcome counts the rows EnqueueReload wrote.
type ReloadOutcome struct {
	Corrections int // correction notices, one per chat and corrected statement
	Posts       int // instant posts, one per instant subscriber and new statement
	Cancelled   int // admin notices still waiting that the reload made moot
}

// CorrectionKey is the outbox key of a correction for chat: unique per
// change (its content and the reload's instant), statement and chat.
func CorrectionKey(chat string, c Correction, at time.Time) string {
	body, _ := json.Marshal(c.Figures)
	return string(KindCorrection) + "|" + chat + "|" + c.Statement + "|" + digest(strconv.FormatInt(at.UnixMilli(), 10), string(body))
}

// InstantKey is the outbox key of the instant post of a statement to chat:
// a statement is posted to a chat once, ever.
func InstantKey(chat, statement string) string {
	return string(KindInstant) + "|" + chat + "|" + statement
}

// Bounds of the problems an admin notice lists: a message must stay
// readable in a chat; the log has them all.
const (
	MaxNoticeProblems   = 10
	MaxNoticeProblemLen = 300 // characters
)

// Refusal is a refused reload as the admin chats are told of it.
type Refusal struct {
	// Set identifies the whole problem set (a hash of every problem): the
	// same set is told once, also across restarts.
	Set string `json:"set"`
	// Problems are the first MaxNoticeProblems problems as file:line: field:
	// message, each cut to MaxNoticeProblemLen characters.
	Problems []string `json:"problems"`
	Total    int      `json:"total"` // how many problems there were
}

// NewRefusal shortens problems (as file:line: field: message) into what an
// admin notice carries.
func NewRefusal(problems []string) Refusal {
	r := Refusal{Set: digest(problems...), Total: len(problems)}
	for _, p := range problems[:min(len(problems), MaxNoticeProblems)] {
		r.Problems = append(r.Problems, clip(p, MaxNoticeProblemLen))
	}
	return r
}

// AdminKey is the outbox key of the notice of a refusal to an admin chat.
func AdminKey(chat string, r Refusal) string { return string(KindAdmin) + "|" + chat + "|" + r.Set }

// digest is a short hash of parts, newline-joined.
func digest(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{'\n'})
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// clip cuts s to at most n characters, marking the cut with "…".
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
