package bot

import (
	"strings"
	"unicode"

	"github.com/briefbot/briefbot/summaries"
)

// maxEcho bounds how much of a user's argument is quoted back.
const maxEcho = 40

// findStatement resolves the statement a request names (the latest when it
// names none). When it cannot, it returns the localised answer instead:
// nothing loaded, several matches, or no match with close suggestions.
func (b *Bot) findStatement(req *Request) (*summaries.Statement, *Reply) {
	cat := b.catalogOf(req)
	f := b.fmt(req)
	if cat == nil || cat.Len() == 0 {
		return nil, b.errorReply(req.Lang, f.t("error_no_statements"))
	}
	name := req.Options.Text("statement")
	m := cat.Find(name)
	if m.Statement != nil {
		return m.Statement, nil
	}
	q := Clean(name, maxEcho)
	reply := &Reply{Lang: req.Lang, Error: true}
	switch {
	case len(m.Ambiguous) > 0:
		reply.Blocks = append(reply.Blocks, Paragraph{Text: f.t("lookup_ambiguous", "Query", q)})
		reply.Blocks = append(reply.Blocks, statementList(f, m.Ambiguous))
	case len(m.Suggestions) > 0:
		reply.Blocks = append(reply.Blocks, Paragraph{Text: f.t("lookup_unknown", "Query", q)})
		reply.Blocks = append(reply.Blocks, Note{Text: f.t("lookup_did_you_mean")})
		reply.Blocks = append(reply.Blocks, statementList(f, m.Suggestions))
	default:
		reply.Blocks = append(reply.Blocks, Paragraph{Text: f.t("lookup_unknown", "Query", q)})
	}
	reply.Blocks = append(reply.Blocks, Note{Text: f.t("hint_list")})
	return nil, reply
}

// statementList lists statements with their ids and the aliases written
// in the reply's language, in /list and in the suggestions of a near miss.
func statementList(f formatter, sts []*summaries.Statement) StatementList {
	var l StatementList
	for _, st := range sts {
		it := StatementItem{ID: st.ID, Date: f.Date(st.Date), Title: st.Title.In(f.lang)}
		for _, a := range st.Aliases {
			if isArabicScript(a) == (f.lang == summaries.AR) {
				it.Aliases = append(it.Aliases, a)
			}
		}
		l.Items = append(l.Items, it)
	}
	return l
}

// isArabicScript reports whether s holds an Arabic letter.
func isArabicScript(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Arabic, r) && unicode.IsLetter(r) })
}

// statementView answers a command that shows one view of the statement
// the request names: the cached reply build makes, or why there is none.
func (b *Bot) statementView(req *Request, view string, build func(*Request, *summaries.Statement) *Reply) *Reply {
	st, errReply := b.findStatement(req)
	if errReply != nil {
		return errReply
	}
	return b.cached(req, st, view, func() *Reply { return build(req, st) })
}
