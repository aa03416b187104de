package desk

import (
	"context"
	"fmt"
	"path"
	"slices"

	"github.com/briefbot/briefbot/summaries"
)

// verdict is what validation says of a candidate statement.
type verdict struct {
	// Problems are the candidate's own, and those publishing it would
	// cause in other files (a name another statement uses).
	Problems []summaries.Problem
	// Elsewhere counts the problems other files have already: live reload
	// refuses the folder until they are fixed, whatever is published.
	Elsewhere int
	// Statement is the candidate as the catalog would serve it; nil when
	// it has problems.
	Statement *summaries.Statement
}

// check validates a candidate statement file and source text with the code
// of `briefbot validate` and live reload (summaries.Load), over the data
// folder as it would be once they are published; problems the folder had
// already (w.folder) are other files', not the candidate's.
func (d *Desk) check(ctx context.Context, w *working, yml, src []byte) (verdict, error) {
	base := summaries.DirFS(d.cfg.DataDir)
	files := map[string][]byte{w.Path: yml}
	if w.SourcePath != "" {
		files[w.SourcePath] = src
	}
	cat, after, err := d.loadFolder(ctx, newOverlay(base, files))
	if err != nil {
		return verdict{}, fmt.Errorf("validating %s: %w", w.ID, err)
	}
	before := w.folder.problems
	var v verdict
	for _, p := range after {
		switch {
		case p.File == w.Path || p.File == w.SourcePath || !slices.Contains(before, p):
			v.Problems = append(v.Problems, p)
		default:
			v.Elsewhere++
		}
	}
	if len(v.Problems) == 0 {
		if st := cat.Get(w.ID); st != nil && st.File == w.Path {
			v.Statement = st
		}
	}
	return v, nil
}

// problemLine is a problem worded as `briefbot validate $BRIEFBOT_DATA`
// prints it.
func (d *Desk) problemLine(p summaries.Problem) string {
	p.File = path.Join(d.cfg.DataDir, p.File)
	return p.String()
}
