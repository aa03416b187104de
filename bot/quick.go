package bot

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
	"github.com/briefbot/briefbot/summaries/search"
)

// quickMatch is a statement or one of its figures that matches a lookup.
type quickMatch struct {
	st  *summaries.Statement
	fig *summaries.Figure // nil for the statement itself
}

// Lookup defaults: inline mode shows 50 results a page (Telegram's
// maximum), autocomplete 25 choices (Discord's).
const (
	defaultLookupLimit = 50
	maxLookupLimit     = 50
)

// lookup answers a KindLookup request: the matches for what the user is
// typing. Completing a parameter offers values (statements, time zones);
// inline mode (no command) offers statements and single figures, each with
// the reply it inserts, a page at a time.
func (b *Bot) lookup(ctx context.Context, req *Request) *Reply {
	r := &Reply{Lang: req.Lang}
	limit := req.Lookup.Limit
	if limit <= 0 || limit > maxLookupLimit {
		limit = defaultLookupLimit
	}
	kind := ParamStatement
	if c := b.command(req.Command); c != nil {
		for _, p := range c.Params {
			if p.Name == req.Lookup.Param {
				kind = p.Kind
			}
		}
	}
	f := b.fmt(req)
	switch {
	case kind == ParamFigure:
		r.Results = b.figureResults(req)
	case kind == ParamZone:
		r.Results = zoneMatches(req.Args)
	case req.Command != "": // completing a statement: statements only
		ms, _ := b.quickMatches(ctx, req, true, 0, limit)
		for _, m := range ms {
			r.Results = append(r.Results, Result{ID: "s:" + m.st.ID, Value: m.st.ID, Title: m.st.Title.In(f.lang), Description: f.Date(m.st.Date)})
		}
	default:
		ms, next := b.quickMatches(ctx, req, false, max(0, req.Lookup.Offset), limit)
		for _, m := range ms {
			r.Results = append(r.Results, b.quickResult(req, m))
		}
		r.NextOffset = next
	}
	return r
}

// quickMatches finds the statements and figures matching what req's user
// is typing, a page of limit after offset, and where the next page starts
// (0 when there is none). It is a search of the index req was given, its
// last word completed as a prefix. With statementsOnly, a figure that
// matches stands for its statement (completing a statement: "7.7" names
// the statement of 7.7 million people). An empty query, one that cannot be
// searched yet (a single letter), or a catalog whose index is still being
// built list the latest statements.
func (b *Bot) quickMatches(ctx context.Context, req *Request, statementsOnly bool, offset, limit int) ([]quickMatch, int) {
	served := b.served(req)
	cat := served.Catalog
	if cat == nil {
		return nil, 0
	}
	q, err := search.ParseQuery(req.Args)
	if served.Index == nil || err != nil && !errors.Is(err, search.ErrTooLong) {
		return latest(cat, offset, limit)
	}
	q.Lang, q.Limit, q.Offset, q.Prefix = req.Lang, limit, offset, true
	if statementsOnly { // one page of the best hits, figures folded into their statements
		q.Limit, q.Offset = search.MaxLimit, 0
	}
	res, err := runSearch(ctx, served.Index, q)
	var qe *search.QueryError
	switch {
	case errors.As(err, &qe) && qe.Kind != search.KindTimeout: // only common words so far
		return latest(cat, offset, limit)
	case err != nil:
		b.log.Warn("lookup search failed", "err", err)
		return nil, 0
	}
	var out []quickMatch
	seen := map[string]bool{}
	for _, h := range res.Hits {
		st := cat.Get(h.StatementID)
		if st == nil || st.ID != h.StatementID {
			b.log.Error("search hit not in the request's catalog", "statement", h.StatementID)
			continue
		}
		m := quickMatch{st: st}
		switch {
		case statementsOnly:
			if seen[st.ID] || len(out) == limit {
				continue
			}
			seen[st.ID] = true
		case h.FigureID != "":
			i := slices.IndexFunc(st.Figures, func(f summaries.Figure) bool { return f.ID == h.FigureID })
			if i < 0 {
				continue
			}
			m.fig = &st.Figures[i]
		}
		out = append(out, m)
	}
	next := 0
	if end := offset + len(res.Hits); !statementsOnly && end < res.Total && end <= search.MaxOffset {
		next = end
	}
	return out, next
}

// latest is a page of the catalog's statements, newest first, and where
// the next page starts.
func latest(cat *summaries.Catalog, offset, limit int) ([]quickMatch, int) {
	all := cat.All()
	off := min(offset, len(all))
	end := min(off+limit, len(all))
	var out []quickMatch
	for _, st := range all[off:end] {
		out = append(out, quickMatch{st: st})
	}
	if end < len(all) {
		return out, end
	}
	return out, 0
}

// quickResult is an inline result: its lines and the reply it inserts,
// the statement's summary or the single figure with its source sentence
// and citation (the reply /figure gives). Its buttons open apart: the
// message is inserted in a chat where the bot may not even be.
func (b *Bot) quickResult(req *Request, m quickMatch) Result {
	f := b.fmt(req)
	lang := f.lang
	vreq := &Request{Lang: lang, Settings: ChatSettings{Lang: lang, Digits: req.Settings.Digits}, served: b.served(req)}
	if m.fig == nil {
		return Result{ID: "s:" + m.st.ID, Value: m.st.ID, Title: m.st.Title.In(lang), Description: f.Date(m.st.Date),
			Reply: apart(b.cached(vreq, m.st, "summary", func() *Reply { return b.SummaryReply(vreq, m.st) }))}
	}
	fig := *m.fig
	return Result{ID: "f:" + m.st.ID + ":" + fig.ID, Value: m.st.ID,
		Title: f.Amount(fig) + " — " + fig.Label.In(lang), Description: m.st.Title.In(lang),
		Reply: apart(b.cached(vreq, m.st, "figure "+fig.ID, func() *Reply { return b.FigureReply(vreq, m.st, fig) }))}
}

// apart returns r with its buttons opening apart (a copy: r may be shared).
func apart(r *Reply) *Reply {
	cp := *r
	cp.Buttons = slices.Clone(r.Buttons)
	for i := range cp.Buttons {
		cp.Buttons[i].Apart = true
	}
	return &cp
}

// figureResults are the figures of the statement a request names that
// match what is being typed: completing a /figure's figure.
func (b *Bot) figureResults(req *Request) []Result {
	cat := b.catalogOf(req)
	if cat == nil {
		return nil
	}
	st := cat.Find(req.Options.Text("statement")).Statement
	if st == nil {
		return nil
	}
	f := b.fmt(req)
	words := strings.Fields(arabic.Normalize(Clean(req.Args, b.maxArgLen)))
	var out []Result
	for _, fig := range st.FiguresHeadlineFirst() { // a statement's few figures, folded as they are offered
		if !matchesAll(figureText(fig), words) {
			continue
		}
		out = append(out, Result{ID: "f:" + st.ID + ":" + fig.ID, Value: fig.ID, Title: f.Amount(fig) + " — " + fig.Label.In(f.lang)})
	}
	return out
}

// figureText is what completing a figure matches a figure against: its
// id, labels and value, folded.
func figureText(fig summaries.Figure) string {
	return arabic.Normalize(fig.ID + " " + fig.Label.AR + " " + fig.Label.EN + " " + strconv.FormatFloat(fig.Value, 'f', -1, 64) + " " + groupDigits(fig.Value))
}

func matchesAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}
