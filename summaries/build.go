package summaries

import (
	"context"
	"crypto/sha256"
	"errors"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// build makes the next State from a previous one and the files to read.
type build struct {
	ctx        context.Context
	fsys       fs.FS
	prev       *State
	files      map[string]*statementFile // the next state's, starting as prev's
	sources    map[string]*sourceText    // sources known to be current
	toRead     map[string]bool           // statement files to read and check
	removed    map[string]bool           // statement files gone
	srcChanged map[string]bool           // source texts to read again

	cache      map[string]*cacheRecord // checked statements from a previous run, by path
	cacheReady chan struct{}           // closed once cache is read; nil: no cache
	parsed     int                     // statement files parsed and checked

	orphans bool // a statement stopped naming a source, which may now be named by none

	mu      sync.Mutex
	reading map[string]*sourceSlot // sources read during this build
	buffers buffers
}

// sourceSlot reads one source text once, however many statements name it.
type sourceSlot struct {
	once sync.Once
	src  *sourceText
}

func newBuild(ctx context.Context, prev *State) *build {
	return &build{
		ctx: ctx, fsys: prev.fsys, prev: prev,
		files: maps.Clone(prev.files), sources: maps.Clone(prev.sources),
		toRead: map[string]bool{}, removed: map[string]bool{}, srcChanged: map[string]bool{},
		reading: map[string]*sourceSlot{},
	}
}

// run reads the changed sources, then every statement file to read or
// whose source changed, in parallel.
func (b *build) run() error {
	for p := range b.removed {
		delete(b.files, p)
		delete(b.toRead, p)
		b.orphans = true
	}
	replaced := false // a source's content changed: its statements are checked again
	for p := range b.srcChanged {
		old := b.sources[p]
		if src := readSource(b.fsys, p, &b.buffers); old == nil || src.hash != old.hash || src.stamp != old.stamp {
			b.sources[p] = src
			replaced = replaced || old == nil || src.hash != old.hash
		}
	}
	for p, f := range b.files {
		if !replaced {
			break
		}
		if src, ok := b.sources[f.srcPath]; f.srcPath != "" && (!ok || src.hash != f.srcHash) {
			b.toRead[p] = true
		}
	}
	paths := slices.Sorted(maps.Keys(b.toRead))
	results := make([]*statementFile, len(paths))
	workers := min(runtime.GOMAXPROCS(0), len(paths))
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range next {
				results[i] = b.read(paths[i])
			}
		})
	}
	var err error
	for i := range paths {
		if err = b.ctx.Err(); err != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err != nil {
		return err
	}
	for i, p := range paths {
		if old := b.files[p]; old != nil && (results[i] == nil || old.srcPath != results[i].srcPath) {
			b.orphans = true
		}
		if results[i] == nil {
			delete(b.files, p) // gone since it was listed
			b.removed[p] = true
			continue
		}
		b.files[p] = results[i]
	}
	for p, src := range b.reading {
		b.sources[p] = src.src
	}
	return nil
}

// read reads and checks one statement file, reusing the previous result or
// the cache when neither the file nor its source changed. It returns nil
// for a file that no longer exists.
func (b *build) read(p string) *statementFile {
	data, st, err := readBounded(b.fsys, p, maxStatementBytes, &b.buffers)
	var se *sizeError
	switch {
	case errors.As(err, &se):
		return &statementFile{stamp: st, problems: []Problem{{File: p, Line: 1, Field: "file", Msg: "the file " + se.Error()}}}
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return &statementFile{stamp: st, problems: []Problem{{File: p, Line: 1, Field: "file", Msg: err.Error()}}}
	}
	defer b.buffers.put(data) // the decoded statement holds copies of its strings
	hash := digest(sha256.Sum256(data))
	if old := b.files[p]; old != nil && old.hash == hash && b.current(old.srcPath, old.srcHash) {
		kept := *old
		kept.stamp = st
		return &kept
	}
	if b.cacheReady != nil {
		<-b.cacheReady
	}
	if rec := b.cache[p]; rec != nil && rec.Hash == hash && b.current(rec.SrcPath, rec.SrcHash) {
		return &statementFile{stamp: st, hash: hash, srcPath: rec.SrcPath, srcHash: rec.SrcHash,
			entry: rec.entry(p, b.lookup(rec.SrcPath).text)}
	}
	b.mu.Lock()
	b.parsed++
	b.mu.Unlock()
	f := &fileCheck{file: p, data: data}
	out := &statementFile{stamp: st, hash: hash}
	raw := f.decode()
	if raw != nil {
		var stmt *Statement
		stmt, out.srcPath = f.check(raw, b.lookup)
		if out.srcPath != "" {
			out.srcHash = b.lookup(out.srcPath).hash
		}
		if len(f.problems) == 0 {
			out.entry = newEntry(stmt, raw.lines())
		}
	}
	out.problems = f.problems
	return out
}

// current reports whether the source at srcPath still has hash ("" names
// no source, which is always current).
func (b *build) current(srcPath string, hash digest) bool {
	return srcPath == "" || b.lookup(srcPath).hash == hash
}

// lookup returns the current source text at p, reading it once per build
// when the previous state does not have it.
func (b *build) lookup(p string) *sourceText {
	if src, ok := b.sources[p]; ok {
		return src
	}
	b.mu.Lock()
	slot, ok := b.reading[p]
	if !ok {
		slot = &sourceSlot{}
		b.reading[p] = slot
	}
	b.mu.Unlock()
	slot.once.Do(func() { slot.src = readSource(b.fsys, p, &b.buffers) })
	return slot.src
}

// state assembles the next State: the catalog of the valid statements in
// path order (the first file keeps a clashing name) and every problem.
func (b *build) state() *State {
	s := &State{fsys: b.fsys, cacheDir: b.prev.cacheDir, files: b.files, sources: b.sources, parsed: b.parsed}
	if b.orphans { // keep only the sources some statement names
		s.sources = map[string]*sourceText{}
		for _, f := range b.files {
			if f.srcPath != "" {
				s.sources[f.srcPath] = b.sources[f.srcPath]
			}
		}
	}
	paths := slices.Sorted(maps.Keys(b.files))
	entries := make([]*entry, 0, len(paths))
	for _, p := range paths {
		f := b.files[p]
		s.problems = append(s.problems, f.problems...)
		if f.entry != nil {
			entries = append(entries, f.entry)
		}
	}
	var dup []Problem
	s.cat, dup = newCatalog(entries)
	s.problems = append(s.problems, dup...)
	sortProblems(s.problems)
	return s
}

// touched lists the statement files this build read or removed.
func (b *build) touched() []string {
	return slices.Concat(slices.Collect(maps.Keys(b.toRead)), slices.Collect(maps.Keys(b.removed)))
}

func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
}

// lines returns the lines of the id and of each alias.
func (raw *rawStatement) lines() []int {
	out := make([]int, 0, 1+len(raw.Aliases))
	out = append(out, raw.ID.Line)
	for _, a := range raw.Aliases {
		out = append(out, a.Line)
	}
	return out
}
