package bot

import (
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// QuickResult is one match for a quick lookup typed on a phone (Telegram
// inline mode, Discord autocomplete): a statement or a single figure, with
// the reply to insert when it is chosen.
type QuickResult struct {
	ID          string // stable and unique: "s:<statement>" or "f:<statement>:<figure>"
	StatementID string
	FigureID    string // empty for a statement
	Title       string // one line: the statement title, or the figure's amount and label
	Description string // one line of context: the date, or the statement title

	st  *summaries.Statement
	fig *summaries.Figure
}

// maxQuick bounds the matches a quick lookup considers.
const maxQuick = 200

// Quick finds statements and figures matching query, in lang with digits.
// Until a full-text index exists it matches every word of the query, after
// folding Arabic spelling variants, against titles, ids, aliases, figure
// labels and values ("110" finds 110,000 km²; "نازحين" finds the displaced).
// An empty query lists the latest statements. With statementsOnly, figures
// are left out (Discord autocomplete chooses a statement). The replies to
// insert are rendered on demand by QuickReply.
func (b *Bot) Quick(query string, lang summaries.Lang, digits Digits, statementsOnly bool) []QuickResult {
	cat := b.catalog.Catalog()
	if cat == nil {
		return nil
	}
	words := strings.Fields(arabic.Normalize(Clean(query, b.maxArgLen)))
	f := formatter{msgs: b.msgs, lang: lang, digits: digits}
	idx := b.cacheFor(cat).quickIndex()
	var out []QuickResult
	for si, st := range cat.All() {
		stText := idx[si].statement
		if matchesAll(stText, words) {
			out = append(out, QuickResult{
				ID: "s:" + st.ID, StatementID: st.ID,
				Title: st.Title.In(lang), Description: f.Date(st.Date), st: st,
			})
		}
		for i := range st.Figures {
			fig := &st.Figures[i]
			if len(words) == 0 || statementsOnly {
				continue // an empty query offers statements only
			}
			if !matchesAll(idx[si].figures[i], words) {
				continue
			}
			out = append(out, QuickResult{
				ID: "f:" + st.ID + ":" + fig.ID, StatementID: st.ID, FigureID: fig.ID,
				Title: f.Amount(*fig) + " — " + fig.Label.In(lang), Description: st.Title.In(lang),
				st: st, fig: fig,
			})
		}
		if len(out) >= maxQuick {
			break
		}
	}
	return out[:min(len(out), maxQuick)]
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

// QuickReply is the reply to insert for a quick result: the statement's
// summary, or the single figure with its source sentence.
func (b *Bot) QuickReply(r QuickResult, lang summaries.Lang, digits Digits) *Reply {
	req := &Request{Lang: lang, Settings: ChatSettings{Lang: lang, Digits: digits}}
	if r.fig == nil {
		return b.cached(req, r.st, "summary", func() *Reply { return b.SummaryReply(req, r.st) })
	}
	return b.figureReply(req, r.st, *r.fig)
}

// figureReply is a single figure with its source sentence and statement,
// for inserting into a conversation.
func (b *Bot) figureReply(req *Request, st *summaries.Statement, fig summaries.Figure) *Reply {
	f := b.fmt(req)
	lang := req.Lang
	r := &Reply{Lang: lang, Title: st.Title.In(lang), Footer: sourceFooter(f, st), Blocks: []Block{
		Figures{Items: []FigureItem{{
			ID: fig.ID, Amount: f.Amount(fig), Label: fig.Label.In(lang),
			QuoteLabel: f.t("quote_label", "Lang", f.t("lang_name_"+string(st.Source.Lang))), Quote: fig.Quote,
		}}},
		Note{Text: st.Title.In(lang) + " · " + f.Date(st.Date)},
	}}
	r.isolate()
	return r
}
