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
	stmts []*Statement
	keys  map[string]*Statement // folded id and aliases
	// folded id, aliases and titles of each statement, by its place in
	// stmts, so a lookup does not fold the whole catalog again
	names  [][]string
	titles [][]string
}

// newCatalog indexes statements by id and alias. A statement whose id or
// alias is already taken is left out and reported, so that a name never
// means two statements.
func newCatalog(stmts []*Statement) (*Catalog, []Problem) {
	c := &Catalog{keys: make(map[string]*Statement, len(stmts)*3)}
	var problems []Problem
	for _, st := range stmts {
		names := append([]string{st.ID}, st.Aliases...)
		clash := false
		seen := map[string]bool{}
		for i, name := range names {
			k := lookupKey(name)
			field := "id"
			if i > 0 {
				field = fmt.Sprintf("aliases[%d]", i-1)
			}
			if other, ok := c.keys[k]; ok {
				problems = append(problems, Problem{File: st.File, Line: 1, Field: field,
					Msg: fmt.Sprintf("%q is already used by statement %q (%s)", name, other.ID, other.File)})
				clash = true
			} else if seen[k] {
				problems = append(problems, Problem{File: st.File, Line: 1, Field: field,
					Msg: fmt.Sprintf("%q is listed twice", name)})
				clash = true
			}
			seen[k] = true
		}
		if clash {
			continue
		}
		for k := range seen {
			c.keys[k] = st
		}
		c.stmts = append(c.stmts, st)
	}
	slices.SortStableFunc(c.stmts, func(a, b *Statement) int {
		if d := b.Date.Compare(a.Date); d != 0 {
			return d
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, st := range c.stmts {
		names := []string{lookupKey(st.ID)}
		for _, a := range st.Aliases {
			names = append(names, lookupKey(a))
		}
		c.names = append(c.names, names)
		c.titles = append(c.titles, []string{lookupKey(st.Title.AR), lookupKey(st.Title.EN)})
	}
	return c, problems
}

// NewCatalog builds a catalog from statements that are already checked.
// Duplicate names are reported as problems and their statements left out.
func NewCatalog(stmts []*Statement) (*Catalog, []Problem) { return newCatalog(stmts) }

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
func (c *Catalog) Get(name string) *Statement { return c.keys[lookupKey(name)] }

// Match is the result of looking a statement up by what a user typed.
type Match struct {
	Statement   *Statement   // the one statement meant, if any
	Ambiguous   []*Statement // several statements share the prefix typed
	Suggestions []*Statement // close names when nothing matched
}

// maxCandidates bounds the statements listed in an ambiguous or unknown answer.
const maxCandidates = 5

// Find looks up a statement by id, alias or an unambiguous prefix of either.
// Arabic spelling variants fold together (see arabic.Normalize).
func (c *Catalog) Find(query string) Match {
	q := lookupKey(strings.Trim(query, " \"'«»“”"))
	if q == "" {
		return Match{Statement: c.Latest()}
	}
	if st, ok := c.keys[q]; ok {
		return Match{Statement: st}
	}
	var prefixed []*Statement
	for i, st := range c.stmts {
		if hasPrefix(c.names[i], q) {
			prefixed = append(prefixed, st)
		}
	}
	switch len(prefixed) {
	case 1:
		return Match{Statement: prefixed[0]}
	case 0:
		return Match{Suggestions: c.suggest(q)}
	}
	return Match{Ambiguous: prefixed[:min(len(prefixed), maxCandidates)]}
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
	for i, st := range c.stmts {
		best := limit + 1
		for _, name := range c.names[i] {
			best = min(best, distance(q, name))
		}
		for _, t := range c.titles[i] {
			if len(q) >= 3 && strings.Contains(t, q) {
				best = min(best, 1)
			}
		}
		if best <= limit {
			out = append(out, scored{st, best})
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
