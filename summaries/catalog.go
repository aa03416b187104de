package summaries

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/briefbot/briefbot/summaries/arabic"
)

// Catalog is an immutable set of checked statements, newest first.
type Catalog struct {
	stmts   []*Statement
	entries []*entry          // the same statements, in the same order
	keys    map[string]*entry // folded id and aliases
}

// entry is a checked statement with what the catalog needs of it, computed
// once per statement (and kept by a reload while its files do not change).
type entry struct {
	st     *Statement
	names  []string // folded id, then folded aliases
	titles [2]string
	lines  []int // the line of the id, then of each alias; 0 when unknown
}

func newEntry(st *Statement, lines []int) *entry {
	e := &entry{st: st, names: make([]string, 0, 1+len(st.Aliases)), lines: lines,
		titles: [2]string{lookupKey(st.Title.AR), lookupKey(st.Title.EN)}}
	e.names = append(e.names, lookupKey(st.ID))
	for _, a := range st.Aliases {
		e.names = append(e.names, lookupKey(a))
	}
	return e
}

// line returns the line of the i-th name (0: the id).
func (e *entry) line(i int) int {
	if i < len(e.lines) {
		return e.lines[i]
	}
	return 0
}

// newCatalog indexes statements by id and alias. A statement whose id or
// alias is already taken is left out and reported at the line of the name
// that clashes, naming where it was first used, so that a name never means
// two statements. The first in entries' order keeps the name.
func newCatalog(entries []*entry) (*Catalog, []Problem) {
	c := &Catalog{keys: make(map[string]*entry, len(entries)*3)}
	var problems []Problem
	for _, e := range entries {
		clash := false
		for i, k := range e.names {
			var msg string
			if other, ok := c.keys[k]; ok {
				msg = fmt.Sprintf("is already used by statement %q (%s)", other.st.ID, other.where(k))
			} else if slices.Contains(e.names[:i], k) {
				msg = "is listed twice"
			} else {
				continue
			}
			name, field := e.st.ID, "id"
			if i > 0 {
				name, field = e.st.Aliases[i-1], fmt.Sprintf("aliases[%d]", i-1)
			}
			problems = append(problems, Problem{File: e.st.File, Line: e.line(i), Field: field, Msg: fmt.Sprintf("%q %s", name, msg)})
			clash = true
		}
		if clash {
			continue
		}
		for _, k := range e.names {
			c.keys[k] = e
		}
		c.entries = append(c.entries, e)
	}
	slices.SortStableFunc(c.entries, func(a, b *entry) int {
		if d := b.st.Date.Compare(a.st.Date); d != 0 {
			return d
		}
		return strings.Compare(a.st.ID, b.st.ID)
	})
	c.stmts = make([]*Statement, len(c.entries))
	for i, e := range c.entries {
		c.stmts[i] = e.st
	}
	return c, problems
}

// where names the file and line at which e uses the folded name k.
func (e *entry) where(k string) string {
	if i := slices.Index(e.names, k); i >= 0 && e.line(i) > 0 {
		return fmt.Sprintf("%s:%d", e.st.File, e.line(i))
	}
	return e.st.File
}

// NewCatalog builds a catalog from statements that are already checked.
// Duplicate names are reported as problems and their statements left out.
func NewCatalog(stmts []*Statement) (*Catalog, []Problem) {
	entries := make([]*entry, len(stmts))
	for i, st := range stmts {
		entries[i] = newEntry(st, nil)
	}
	return newCatalog(entries)
}

func lookupKey(name string) string { return arabic.Normalize(name) }

// All returns the statements, newest first. The slice must not be modified.
func (c *Catalog) All() []*Statement { return c.stmts }

// IDs returns the statements' ids, newest first (a briefing's candidates).
// A nil catalog has none.
func (c *Catalog) IDs() []string {
	if c == nil {
		return nil
	}
	ids := make([]string, len(c.stmts))
	for i, st := range c.stmts {
		ids[i] = st.ID
	}
	return ids
}

// Len returns the number of statements.
func (c *Catalog) Len() int { return len(c.stmts) }

// Latest returns the newest statement, or nil for an empty catalog.
func (c *Catalog) Latest() *Statement {
	if len(c.stmts) == 0 {
		return nil
	}
	return c.stmts[0]
}

// Get returns the statement with exactly this id or alias, or nil.
func (c *Catalog) Get(name string) *Statement {
	if e := c.keys[lookupKey(name)]; e != nil {
		return e.st
	}
	return nil
}

// byID returns the statement whose id is id, or nil.
func (c *Catalog) byID(id string) *Statement {
	if st := c.Get(id); st != nil && st.ID == id {
		return st
	}
	return nil
}

// Match is the result of looking a statement up by what a user typed.
type Match struct {
	Statement   *Statement   // the one statement meant, if any
	Ambiguous   []*Statement // several statements share the prefix typed
	Suggestions []*Statement // close names when nothing matched
}

// maxCandidates bounds the statements listed in an ambiguous or unknown answer.
const maxCandidates = 5

// Find looks up a statement by id, alias or an unambiguous prefix of either,
// typed with spaces for hyphens ("coalition 2019", "التحالف ٢٠١٩"), else by
// words of its title ("defeat isis"). Arabic spelling variants and digits
// fold together (see arabic.Normalize).
func (c *Catalog) Find(query string) Match {
	q := lookupKey(strings.Trim(query, " \"'«»“”"))
	if q == "" {
		return Match{Statement: c.Latest()}
	}
	h := strings.ReplaceAll(q, " ", "-") // names are written with hyphens
	if e, ok := c.keys[h]; ok {
		return Match{Statement: e.st}
	}
	var prefixed []*Statement
	for _, e := range c.entries {
		if hasPrefix(e.names, h) {
			prefixed = append(prefixed, e.st)
		}
	}
	if len(prefixed) == 0 {
		prefixed = c.byTitleWords(strings.Fields(q))
	}
	switch len(prefixed) {
	case 1:
		return Match{Statement: prefixed[0]}
	case 0:
		return Match{Suggestions: c.suggest(q)}
	}
	return Match{Ambiguous: prefixed[:min(len(prefixed), maxCandidates)]}
}

// byTitleWords lists the statements whose title or names hold every word
// (of two letters or more), one of them in a title: a year alone names no
// statement, and gets suggestions instead. A word with the Arabic article
// also matches without it: "القمة" is in "للقمة".
func (c *Catalog) byTitleWords(words []string) []*Statement {
	forms := make([]string, 0, len(words))
	for _, w := range words {
		if bare := strings.TrimPrefix(w, "ال"); len([]rune(bare)) >= 2 {
			forms = append(forms, bare)
		}
	}
	if len(forms) == 0 {
		return nil
	}
	var out []*Statement
	for _, e := range c.entries {
		inTitle, all := false, true
		for _, f := range forms {
			has := func(s string) bool { return strings.Contains(s, f) }
			if slices.ContainsFunc(e.titles[:], has) {
				inTitle = true
			} else if !slices.ContainsFunc(e.names, has) {
				all = false
				break
			}
		}
		if all && inTitle {
			out = append(out, e.st)
		}
	}
	return out
}

func hasPrefix(names []string, q string) bool {
	for _, n := range names {
		if strings.HasPrefix(n, q) {
			return true
		}
	}
	return false
}

// suggest ranks statements by how close their names or titles are to q.
func (c *Catalog) suggest(q string) []*Statement {
	type scored struct {
		st   *Statement
		dist int
	}
	var out []scored
	limit := max(2, len([]rune(q))/3)
	h := strings.ReplaceAll(q, " ", "-")
	for _, e := range c.entries {
		best := limit + 1
		for _, name := range e.names {
			best = min(best, distance(q, name))
			if len(q) >= 3 && strings.Contains(name, h) {
				best = min(best, 1) // "2019" is part of "coalition-2019"
			}
		}
		for _, t := range e.titles {
			if len(q) >= 3 && strings.Contains(t, q) {
				best = min(best, 1)
			}
		}
		if best <= limit {
			out = append(out, scored{e.st, best})
		}
	}
	slices.SortStableFunc(out, func(a, b scored) int { return cmp.Compare(a.dist, b.dist) })
	res := make([]*Statement, 0, min(len(out), maxCandidates))
	for _, s := range out[:min(len(out), maxCandidates)] {
		res = append(res, s.st)
	}
	return res
}

// distance is the Levenshtein distance between a and b in runes, computed
// against a prefix of b as long as a, so "washingtn" is close to
// "washington-2019".
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(rb) > len(ra)+2 {
		rb = rb[:len(ra)+2]
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	best := prev[len(rb)]
	for j := len(ra) - 2; j < len(rb); j++ { // allow the name to run on
		if j >= 0 {
			best = min(best, prev[j])
		}
	}
	return best
}
