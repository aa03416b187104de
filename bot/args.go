package bot

import (
	"strings"

	"github.com/briefbot/briefbot/summaries"
)

// completeArgs reads, for every command alike, the parameters of typed
// text that parseArgs leaves to the words it could not place: a deep
// link's payload takes them (/start <payload>); a figure is the last word
// of the statement's words when it names a figure of the statement the
// others name ("/figure washington-2019 peak-territory", "/figure
// peak-territory" for the latest statement), or when the other words name
// a statement and all of them do not ("/figure washington-2019 zzz" asks
// washington-2019 for a figure it lacks).
func (b *Bot) completeArgs(req *Request, c *Command, o *Options) {
	for _, p := range c.Params {
		if o.Has(p.Name) || p.OptionOnly {
			continue
		}
		switch p.Kind {
		case ParamLink:
			if len(o.Unplaced) > 0 {
				o.Set(p.Name, Value{Text: strings.Join(o.Unplaced, " ")})
				o.Unplaced = nil
			}
		case ParamFigure:
			b.splitFigure(req, c, p.Name, o)
		}
	}
}

// splitFigure moves a figure's id from the end of the statement's words
// of o into the figure parameter name, when it names one.
func (b *Bot) splitFigure(req *Request, c *Command, name string, o *Options) {
	var st *Param
	for i := range c.Params {
		if c.Params[i].Kind == ParamStatement {
			st = &c.Params[i]
		}
	}
	cat := b.catalogOf(req)
	if st == nil || cat == nil {
		return
	}
	words := strings.Fields(o.Text(st.Name))
	if len(words) == 0 {
		return
	}
	last, rest := words[len(words)-1], strings.Join(words[:len(words)-1], " ")
	s := cat.Find(rest).Statement
	switch {
	case s == nil:
		return
	case findFigure(s, last) == nil && (len(words) == 1 || cat.Find(o.Text(st.Name)).Statement != nil):
		return // the words name a statement, and no figure of it
	}
	o.Set(st.Name, Value{Text: rest})
	o.Set(name, Value{Text: last})
}

// findFigure returns the figure of st that name means: its id, or the
// start of one id only; nil when none or several.
func findFigure(st *summaries.Statement, name string) *summaries.Figure {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return nil
	}
	var found *summaries.Figure
	for i := range st.Figures {
		if f := &st.Figures[i]; f.ID == name {
			return f
		}
	}
	for i := range st.Figures {
		if f := &st.Figures[i]; strings.HasPrefix(f.ID, name) {
			if found != nil {
				return nil // ambiguous
			}
			found = f
		}
	}
	return found
}
