package summaries

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"path"
	"reflect"
	"slices"
	"strings"
)

// State is one loaded version of a data folder: for every statement file
// and source text its stamp, content hash and checked result, and the
// catalog they make. A State never changes; Reload returns a new one that
// shares what did not change, so a reload costs what changed, not the
// folder's size.
type State struct {
	fsys     fs.FS
	cacheDir string
	files    map[string]*statementFile // by path
	sources  map[string]*sourceText    // by path: every source a statement names
	cat      *Catalog
	problems []Problem
	parsed   int // statement files the build that made this state parsed
}

// statementFile is one statement file as last read and checked.
type statementFile struct {
	stamp    stamp
	hash     digest
	srcPath  string // the source text it names, resolved ("" when none)
	srcHash  digest // sourceText.hash of the source it was checked against
	entry    *entry // the checked statement; nil when the file has problems
	problems []Problem
}

// LoadOptions tune LoadState.
type LoadOptions struct {
	// CacheDir, when set, is a folder for a cache of checked statements
	// keyed by the content hashes of their file and source text (see
	// cache.go), so that a restart parses only what changed.
	CacheDir string
	// Logger is told when the cache cannot be written. Nil discards.
	Logger *slog.Logger
}

// LoadState reads and checks every statement file (*.yaml or *.yml, at any
// depth, hidden files and folders left out) in fsys with its source text.
// The state's catalog holds the statements that passed; the problems are
// every problem found, sorted by file and line. The error is only for
// failing to read fsys at all: one malformed file never hides the others.
func LoadState(ctx context.Context, fsys fs.FS, opts LoadOptions) (*State, []Problem, error) {
	empty := &State{fsys: fsys, cacheDir: opts.CacheDir, files: map[string]*statementFile{}, sources: map[string]*sourceText{}}
	b := newBuild(ctx, empty)
	if opts.CacheDir != "" { // decoded while the files are listed, read and hashed
		b.cacheReady = make(chan struct{})
		go func() { b.cache = readCache(opts.CacheDir); close(b.cacheReady) }()
	}
	err := listStatements(fsys, ".", func(p string, _ fs.DirEntry) { b.toRead[p] = true })
	if err != nil {
		return nil, nil, fmt.Errorf("listing statement files: %w", err)
	}
	if err := b.run(); err != nil {
		return nil, nil, err
	}
	st := b.state()
	if opts.CacheDir != "" && b.parsed > 0 {
		if err := st.saveCache(); err != nil && opts.Logger != nil {
			opts.Logger.Warn("cannot write the statement cache; the next start parses these files again", "err", err)
		}
	}
	return st, st.problems, nil
}

// Catalog returns the catalog of the state's valid statements.
func (s *State) Catalog() *Catalog { return s.cat }

// Problems returns the problems of the state's files (only a state from
// LoadState can have any: a reload with problems is refused).
func (s *State) Problems() []Problem { return s.problems }

// Changes says what a reload looks at.
type Changes struct {
	// Paths are the slash-separated paths, relative to the folder, that
	// changed (from a file watcher): statement files, source texts or
	// folders. Other paths are ignored.
	Paths []string
	// Rescan compares every file's size and modification time with the
	// state's, and hashes those that differ, instead of trusting Paths.
	Rescan bool
}

// Update is the outcome of a reload.
type Update struct {
	// State is the state to serve from now on: the new one when Accepted,
	// the previous one when the reload was refused.
	State    *State
	Accepted bool
	Added    []string // ids of statements new in the catalog
	Removed  []string // ids of statements no longer in it
	Changed  []Change // statements in both whose content changed
	// Problems say why a reload was refused; empty when it was accepted.
	Problems []Problem
	// Repeated is set by a Watcher when a refusal has the same problems as
	// the refusal it reported before, so a caller need not notify again.
	Repeated bool
}

// Change is one statement a reload changed, for a caller that diffs figures
// (correction notices) or re-indexes it.
type Change struct {
	ID       string
	Old, New *Statement
}

// Reload re-reads what changed since s and returns the outcome. Only the
// changed statement files, the changed source texts and the statements
// that name those are read and checked again; the rest is shared with s.
// A reload with any problem, or one that would leave no statement at all,
// is refused: Update.State is then s itself. The error is for failing to
// read the folder at all, and also leaves s in place.
func (s *State) Reload(ctx context.Context, ch Changes) (Update, error) {
	b := newBuild(ctx, s)
	var err error
	if ch.Rescan {
		err = b.rescan()
	} else {
		err = b.paths(ch.Paths)
	}
	if err == nil {
		err = b.run()
	}
	if err != nil {
		return Update{State: s}, err
	}
	next := b.state()
	if len(next.problems) > 0 {
		return Update{State: s, Problems: next.problems}, nil
	}
	if next.cat.Len() == 0 {
		return Update{State: s, Problems: []Problem{{File: ".", Field: "statements",
			Msg: fmt.Sprintf("no statements found in the data folder; refusing to replace the %d being served", s.cat.Len())}}}, nil
	}
	u := Update{State: next, Accepted: true}
	u.diff(s, next, b.touched())
	return u, nil
}

// diff lists the statements that touched files added, removed or changed.
func (u *Update) diff(prev, next *State, paths []string) {
	ids := map[string]bool{}
	for _, p := range paths {
		for _, f := range []*statementFile{prev.files[p], next.files[p]} {
			if f != nil && f.entry != nil {
				ids[f.entry.st.ID] = true
			}
		}
	}
	for _, id := range slices.Sorted(maps.Keys(ids)) {
		old, cur := prev.cat.byID(id), next.cat.byID(id)
		switch {
		case old == nil && cur != nil:
			u.Added = append(u.Added, id)
		case old != nil && cur == nil:
			u.Removed = append(u.Removed, id)
		case old != nil && old != cur && !reflect.DeepEqual(old, cur):
			u.Changed = append(u.Changed, Change{ID: id, Old: old, New: cur})
		}
	}
}

// paths turns changed paths into the files to read again.
func (b *build) paths(changed []string) error {
	for _, p := range changed {
		p = path.Clean(strings.TrimPrefix(p, "./"))
		if !fs.ValidPath(p) || hidden(p) {
			continue
		}
		info, err := fs.Stat(b.fsys, p)
		switch {
		case err == nil && info.IsDir():
			seen := map[string]bool{}
			err := listStatements(b.fsys, p, func(q string, _ fs.DirEntry) { b.toRead[q], seen[q] = true, true })
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("listing %s: %w", p, err)
			}
			b.removeUnder(p, func(q string) bool { return !seen[q] })
			b.sourcesUnder(p)
		case err == nil:
			if IsStatementFile(p) {
				b.toRead[p] = true
			}
			if _, ok := b.sources[p]; ok {
				b.srcChanged[p] = true
			}
		case errors.Is(err, fs.ErrNotExist):
			b.removeUnder(p, func(string) bool { return true })
			b.sourcesUnder(p)
		default: // unreadable: read it, so that the problem is reported
			if IsStatementFile(p) {
				b.toRead[p] = true
			}
			b.sourcesUnder(p)
		}
	}
	return nil
}

// removeUnder drops the known statement files at or under p for which gone
// says so.
func (b *build) removeUnder(p string, gone func(string) bool) {
	for q := range b.files {
		if under(q, p) && gone(q) {
			b.removed[q] = true
		}
	}
}

// sourcesUnder marks the known source texts at or under p to be read again.
func (b *build) sourcesUnder(p string) {
	for q := range b.sources {
		if under(q, p) {
			b.srcChanged[q] = true
		}
	}
}

func under(q, p string) bool {
	return q == p || p == "." || strings.HasPrefix(q, p+"/")
}

// rescan compares every file with its stamp: new, changed and removed
// statement files, and changed source texts.
func (b *build) rescan() error {
	seen := map[string]bool{}
	err := listStatements(b.fsys, ".", func(p string, d fs.DirEntry) {
		seen[p] = true
		f, ok := b.files[p]
		if !ok {
			b.toRead[p] = true
			return
		}
		if info, err := d.Info(); err != nil || stampOf(info) != f.stamp {
			b.toRead[p] = true
		}
	})
	if err != nil {
		return fmt.Errorf("listing statement files: %w", err)
	}
	b.removeUnder(".", func(p string) bool { return !seen[p] })
	for p, src := range b.sources {
		info, err := fs.Stat(b.fsys, p)
		if err != nil || stampOf(info) != src.stamp || src.problem != "" {
			b.srcChanged[p] = true
		}
	}
	return nil
}
