package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// quickMatch is a statement or one of its figures that matches a lookup.
type quickMatch struct {
	st  *summaries.Statement
	fig *summaries.Figure // nil for the statement itself
}

// maxQuick bounds the matches a quick lookup considers.
const maxQuick = 200

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
func (b *Bot) lookup(_ context.Context, req *Request) *Reply {
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
		for _, m := range b.quickMatches(req.Args, true) {
			r.Results = append(r.Results, Result{ID: "s:" + m.st.ID, Value: m.st.ID, Title: m.st.Title.In(f.lang), Description: f.Date(m.st.Date)})
		}
	default:
		all := b.quickMatches(req.Args, false)
		off := max(0, min(req.Lookup.Offset, len(all)))
		end := min(off+limit, len(all))
		for _, m := range all[off:end] {
			r.Results = append(r.Results, b.quickResult(req, m))
		}
		if end < len(all) {
			r.NextOffset = end
		}
		return r
	}
	r.Results = r.Results[:min(len(r.Results), limit)]
	return r
}

// quickMatches finds statements and figures matching query. Until a
// full-text index exists it matches every word of the query, after folding
// Arabic spelling variants, against titles, ids, aliases, figure labels and
// values ("110" finds 110,000 km²; "نازحين" finds the displaced). An empty
// query lists the latest statements; statementsOnly leaves figures out.
func (b *Bot) quickMatches(query string, statementsOnly bool) []quickMatch {
	cat := b.catalog.Catalog()
	if cat == nil {
		return nil
	}
	words := strings.Fields(arabic.Normalize(Clean(query, b.maxArgLen)))
	idx := b.cacheFor(cat).quickIndex()
	var out []quickMatch
	for si, st := range cat.All() {
		if matchesAll(idx[si].statement, words) {
			out = append(out, quickMatch{st: st})
		}
		for i := range st.Figures {
			if len(words) == 0 || statementsOnly {
				continue // an empty query offers statements only
			}
			if matchesAll(idx[si].figures[i], words) {
				out = append(out, quickMatch{st: st, fig: &st.Figures[i]})
			}
		}
		if len(out) >= maxQuick {
			break
		}
	}
	return out[:min(len(out), maxQuick)]
}

// quickResult is an inline result: its lines and the reply it inserts,
// the statement's summary or the single figure with its source sentence
// and citation (the reply /figure gives). Its buttons open apart: the
// message is inserted in a chat where the bot may not even be.
func (b *Bot) quickResult(req *Request, m quickMatch) Result {
	f := b.fmt(req)
	lang := f.lang
	vreq := &Request{Lang: lang, Settings: ChatSettings{Lang: lang, Digits: req.Settings.Digits}}
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
	cat := b.catalog.Catalog()
	if cat == nil {
		return nil
	}
	st := cat.Find(req.Options.Text("statement")).Statement
	if st == nil {
		return nil
	}
	f := b.fmt(req)
	words := strings.Fields(arabic.Normalize(Clean(req.Args, b.maxArgLen)))
	idx := b.cacheFor(cat).quickIndex()
	si := slices.Index(cat.All(), st)
	var out []Result
	for _, fig := range st.FiguresHeadlineFirst() {
		i := slices.IndexFunc(st.Figures, func(x summaries.Figure) bool { return x.ID == fig.ID })
		if si < 0 || i < 0 || !matchesAll(idx[si].figures[i], words) {
			continue
		}
		out = append(out, Result{ID: "f:" + st.ID + ":" + fig.ID, Value: fig.ID, Title: f.Amount(fig) + " — " + fig.Label.In(f.lang)})
	}
	return out
}

// quickText is what quick lookups match a statement and its figures
// against, folded once per catalog.
type quickText struct {
	statement string
	figures   []string
}

// quickIndex folds the catalog's texts for Quick, once per catalog.
func (c *replyCache) quickIndex() []quickText {
	c.quickOnce.Do(func() {
		for _, st := range c.cat.All() {
			qt := quickText{statement: arabic.Normalize(st.ID + " " + strings.Join(st.Aliases, " ") + " " + st.Title.AR + " " + st.Title.EN)}
			for _, fig := range st.Figures {
				v := strconv.FormatFloat(fig.Value, 'f', -1, 64)
				qt.figures = append(qt.figures, arabic.Normalize(fig.ID+" "+fig.Label.AR+" "+fig.Label.EN+" "+v+" "+groupDigits(fig.Value))+" "+qt.statement)
			}
			c.quick = append(c.quick, qt)
		}
	})
	return c.quick
}

func matchesAll(text string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(text, w) {
			return false
		}
	}
	return true
}
