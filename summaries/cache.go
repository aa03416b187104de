package summaries

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// The statement cache lets a restart skip parsing and checking the files
// that did not change. It is one file in the cache folder, holding each
// valid statement with the SHA-256 hashes of its file's content and of its
// source text's content, and ending with the SHA-256 of all that (a cache
// damaged on disk is no cache). A record is used only when the file at that path
// has exactly that content, its source text exactly that content, and the
// cache was written by this very executable (its own hash is the version):
// a changed file, a changed source or a new build always parses again. The
// catalog's own checks (duplicate names) run on every load. A cache that is
// missing, unreadable or from another build is ignored and rewritten.

const cacheFileName = "statements.cache"

// maxCacheBytes bounds the cache file read: far past what 100,000
// statements take.
const maxCacheBytes = 2 << 30

// cacheRecord is one checked statement in the cache.
type cacheRecord struct {
	Path    string
	Hash    digest
	SrcPath string
	SrcHash digest
	Stmt    Statement // File and Source.Text are left out: they are the path and the source's content
	Names   []string
	Titles  [2]string
	Lines   []int
}

// entry rebuilds the catalog entry of a record found current.
func (r *cacheRecord) entry(p, sourceText string) *entry {
	st := r.Stmt
	st.File = p
	st.Source.Text = sourceText
	return &entry{st: &st, names: r.Names, titles: r.Titles, lines: r.Lines}
}

// codeVersion identifies the executable: a cache written by another build
// may hold statements checked by other rules. It is computed once; it is a
// fact about the running program, not state.
var codeVersion = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "briefbot statement cache 2 " + hex.EncodeToString(h.Sum(nil))
})

// readCache returns the records of the cache in dir by path; nothing when
// there is no usable cache. The file is read into one string, hashed on the
// way, and the records' strings are slices of it.
func readCache(dir string) map[string]*cacheRecord {
	version := codeVersion()
	if version == "" {
		return nil
	}
	f, err := os.Open(filepath.Join(dir, cacheFileName))
	if err != nil {
		return nil
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.Size() < sha256.Size || info.Size() > maxCacheBytes {
		return nil
	}
	var content strings.Builder
	content.Grow(int(info.Size()) - sha256.Size)
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(&content, h), io.LimitReader(f, info.Size()-sha256.Size)); err != nil {
		return nil
	}
	var sum [sha256.Size]byte
	if _, err := io.ReadFull(f, sum[:]); err != nil || string(h.Sum(nil)) != string(sum[:]) {
		return nil // damaged: a flipped bit must not become a figure
	}
	r := &cacheReader{s: content.String()}
	if r.str() != version {
		return nil
	}
	n := r.count()
	out := make(map[string]*cacheRecord, n)
	for range n {
		rec := r.record()
		out[rec.Path] = rec
	}
	if r.err != nil {
		return nil // a cache cut short is no cache
	}
	return out
}

// saveCache writes the state's valid statements to its cache folder (see
// LoadOptions.CacheDir), replacing the cache file in one rename. LoadState
// calls it when it parsed anything; a reload does not, since the next start
// parses only what changed since the cache was written, and writes it then.
func (s *State) saveCache() error {
	if s.cacheDir == "" {
		return nil
	}
	version := codeVersion()
	if version == "" {
		return fmt.Errorf("statement cache: cannot identify the executable")
	}
	if err := os.MkdirAll(s.cacheDir, 0o755); err != nil {
		return fmt.Errorf("statement cache: %w", err)
	}
	tmp, err := os.CreateTemp(s.cacheDir, cacheFileName+".*")
	if err != nil {
		return fmt.Errorf("statement cache: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	sum := sha256.New()         // of everything before it, at the end
	w := &cacheWriter{w: bufio.NewWriterSize(io.MultiWriter(tmp, sum), 1<<16)}
	paths := slices.Sorted(maps.Keys(s.files))
	valid := 0
	for _, p := range paths {
		if s.files[p].entry != nil {
			valid++
		}
	}
	w.str(version)
	w.uint(uint64(valid))
	for _, p := range paths {
		f := s.files[p]
		if f.entry == nil {
			continue
		}
		st := *f.entry.st
		st.File, st.Source.Text = "", ""
		w.record(&cacheRecord{Path: p, Hash: f.hash, SrcPath: f.srcPath, SrcHash: f.srcHash,
			Stmt: st, Names: f.entry.names, Titles: f.entry.titles, Lines: f.entry.lines})
	}
	if err := w.w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("statement cache: %w", err)
	}
	if _, err := tmp.Write(sum.Sum(nil)); err != nil {
		tmp.Close()
		return fmt.Errorf("statement cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("statement cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(s.cacheDir, cacheFileName)); err != nil {
		return fmt.Errorf("statement cache: %w", err)
	}
	return nil
}
