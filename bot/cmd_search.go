package bot

import (
	"context"
	"errors"
	"strconv"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/search"
)

// searchPage is how many matches one /search answer shows: each has a
// numbered button, and one row of five fits every platform (Discord's
// rows hold five).
const searchPage = 5

// search answers /search <words>.
func (b *Bot) search(ctx context.Context, req *Request) *Reply {
	return b.searchReply(ctx, req, req.Options.Text("query"))
}

// searchReply answers a search for text, in req's language, from the
// catalog and index req was given: a heading, the best matches (statements
// and single figures) with their snippets and a button each, and the
// total. Any handler that takes plain text as a search calls it.
func (b *Bot) searchReply(ctx context.Context, req *Request, text string) *Reply {
	f := b.fmt(req)
	served := b.served(req)
	if served.Catalog == nil || served.Catalog.Len() == 0 {
		return b.errorReply(req.Lang, f.t("error_no_statements"))
	}
	q, err := search.ParseQuery(text)
	cut := errors.Is(err, search.ErrTooLong) // cut, still usable
	if err != nil && !cut {
		return b.queryError(req, text, err)
	}
	if served.Index == nil {
		return b.errorReply(req.Lang, f.t("search_not_ready"))
	}
	q.Lang, q.Limit = req.Lang, searchPage
	res, err := runSearch(ctx, served.Index, q)
	if err != nil {
		return b.queryError(req, text, err)
	}
	echo := Clean(q.String(), maxEcho)
	r := &Reply{Lang: req.Lang, Title: f.t("search_title", "Query", echo)}
	r.Blocks = append(r.Blocks, Heading{Text: r.Title})
	if cut {
		r.Blocks = append(r.Blocks, Note{Text: f.t("search_cut", "Max", f.digitsOf(strconv.Itoa(search.MaxQueryRunes)))})
	}
	if res.Total == 0 {
		return b.nothingFound(f, r, echo, res.Suggestion)
	}
	var list Matches
	for _, h := range res.Hits {
		st := served.Catalog.Get(h.StatementID)
		if st == nil || st.ID != h.StatementID { // an index paired with another catalog: a bug
			b.log.Error("search hit not in the request's catalog", "statement", h.StatementID)
			continue
		}
		m, btn, ok := b.match(f, len(list.Items)+1, st, h)
		if !ok {
			continue
		}
		list.Items = append(list.Items, m)
		r.Buttons = addButton(r.Buttons, btn)
	}
	r.Blocks = append(r.Blocks, list)
	if res.Total > len(list.Items) {
		r.Blocks = append(r.Blocks, Note{Text: f.n("search_more", res.Total, "Shown", f.digitsOf(strconv.Itoa(len(list.Items))))})
	} else {
		r.Blocks = append(r.Blocks, Note{Text: f.n("search_total", res.Total)})
	}
	return r
}

// addButton adds btn, or, when a button already opens the same thing (two
// figures of one statement), adds btn's number to that button's label:
// platforms refuse two buttons with one action.
func addButton(buttons []Button, btn Button) []Button {
	for i, b := range buttons {
		if b.Command == btn.Command && b.Args == btn.Args && b.Lang == btn.Lang {
			buttons[i].Label += " · " + btn.Label
			return buttons
		}
	}
	return append(buttons, btn)
}

// runSearch searches ix for q within the index's own bound on a search.
func runSearch(ctx context.Context, ix *search.Index, q search.Query) (*search.Results, error) {
	ctx, cancel := context.WithTimeout(ctx, search.MaxSearchTime)
	defer cancel()
	return ix.Search(ctx, q)
}

// nothingFound finishes r for a search that matched nothing, offering the
// suggestion as a command to tap and a button.
func (b *Bot) nothingFound(f formatter, r *Reply, echo, suggestion string) *Reply {
	r.Error = true
	r.Blocks = append(r.Blocks, Paragraph{Text: f.t("search_nothing", "Query", echo)})
	if suggestion != "" {
		s := Clean(suggestion, maxEcho)
		r.Blocks = append(r.Blocks, Note{Text: f.t("search_did_you_mean", "Command", "/search "+s)})
		r.Buttons = append(r.Buttons, Button{Label: s, Command: "search", Args: s, Lang: f.lang})
	}
	return r
}

// match is one hit as a listed match, numbered n, with the button that
// opens it: a statement's summary, or the single figure.
func (b *Bot) match(f formatter, n int, st *summaries.Statement, h search.Hit) (Match, Button, bool) {
	lang := f.lang
	num := f.digitsOf(strconv.Itoa(n))
	m := Match{Number: num, Snippet: h.Snippet.Text, SourceLang: st.Source.Lang}
	for _, sp := range h.Snippet.Marks {
		m.Marks = append(m.Marks, Mark{Start: sp.Start, End: sp.End})
	}
	srcLang := f.t("lang_name_" + string(st.Source.Lang))
	switch h.Field {
	case "quote":
		m.Quote, m.Source, m.Label = true, true, f.t("quote_label", "Lang", srcLang)
	case "source":
		m.Source, m.Label = true, f.t("search_from_source", "Lang", srcLang)
	}
	btn := Button{Label: num, Lang: lang, Args: st.ID}
	if h.FigureID == "" {
		m.Title, m.Context = st.Title.In(lang), f.Date(st.Date)
		m.Open, btn.Command = "/summary "+st.ID, "summary"
		return m, btn, true
	}
	for _, fig := range st.Figures {
		if fig.ID == h.FigureID {
			m.Title, m.Context = f.Amount(fig)+" — "+fig.Label.In(lang), st.Title.In(lang)+" · "+f.Date(st.Date)
			btn.Args = st.ID + " " + fig.ID
			m.Open, btn.Command = "/figure "+btn.Args, "figure"
			return m, btn, true
		}
	}
	return Match{}, Button{}, false
}

// queryError answers a query that cannot be searched, in req's language.
func (b *Bot) queryError(req *Request, text string, err error) *Reply {
	f := b.fmt(req)
	var qe *search.QueryError
	if !errors.As(err, &qe) {
		if errors.Is(err, search.ErrClosed) { // swapped out under a slow request
			return b.errorReply(req.Lang, f.t("search_not_ready"))
		}
		b.log.Error("search failed", "err", err)
		return b.errorReply(req.Lang, f.t("error_internal"))
	}
	id := map[search.ErrorKind]string{
		search.KindEmpty:           "search_empty",
		search.KindPunctuationOnly: "search_punctuation",
		search.KindTooShort:        "search_too_short",
		search.KindExclusionsOnly:  "search_exclusions_only",
		search.KindCommonWordsOnly: "search_common_words",
		search.KindTimeout:         "search_timeout",
	}[qe.Kind]
	if id == "" {
		id = "search_empty"
	}
	return b.errorReply(req.Lang, f.t(id, "Query", Clean(text, maxEcho)))
}
