package summaries

import (
	"context"
	"fmt"
	"io/fs"
)

// Problem is one thing wrong with a curated file, printed as
// "file:line: field: what is wrong" ("file: field: ..." when no line applies).
type Problem struct {
	File  string
	Line  int
	Field string
	Msg   string
}

func (p Problem) String() string {
	if p.Line <= 0 {
		return fmt.Sprintf("%s: %s: %s", p.File, p.Field, p.Msg)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Msg)
}

// Load reads every statement file in fsys with its source text and checks
// them all (see LoadState, which it calls without a cache). It returns a
// catalog of the statements that passed and every problem found, sorted by
// file and line. The error is only for failing to read fsys at all.
func Load(fsys fs.FS) (*Catalog, []Problem, error) {
	st, problems, err := LoadState(context.Background(), fsys, LoadOptions{})
	if err != nil {
		return nil, nil, err
	}
	return st.Catalog(), problems, nil
}
