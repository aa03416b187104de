package summaries

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"
	"sync"
	"unicode/utf8"
)

// Size bounds of curated files, checked before a file is read whole: a
// statement file is a few KB and its source text some tens of KB, and a
// file far past that (a 76 MB paste) would cost gigabytes to parse.
const (
	maxStatementBytes = 2_000_000
	maxSourceBytes    = 4_000_000
)

// digest is a SHA-256 content hash.
type digest [sha256.Size]byte

// stamp is what a rescan compares before it hashes a file again.
type stamp struct {
	size  int64
	mtime int64 // UnixNano
}

func stampOf(info fs.FileInfo) stamp {
	return stamp{size: info.Size(), mtime: info.ModTime().UnixNano()}
}

// sizeError reports a file over its size bound.
type sizeError struct{ size, limit int64 }

func (e *sizeError) Error() string {
	return fmt.Sprintf("is %.1f MB, at most %.1f MB", float64(e.size)/1e6, float64(e.limit)/1e6)
}

// readBounded reads a regular file of at most limit bytes into a buffer
// from bs, which the caller puts back when done with the data. A larger
// file is refused from its size alone, before it is read.
func readBounded(fsys fs.FS, name string, limit int64, bs *buffers) ([]byte, stamp, error) {
	if d, ok := fsys.(*dirFS); ok {
		return d.readBounded(name, limit, bs)
	}
	return readFSBounded(fsys, name, limit, bs)
}

// readFSBounded is readBounded for any fs.FS.
func readFSBounded(fsys fs.FS, name string, limit int64, bs *buffers) ([]byte, stamp, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, stamp{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, stamp{}, err
	}
	st := stampOf(info)
	switch {
	case info.IsDir():
		return nil, st, fmt.Errorf("%s is a directory", name)
	case info.Size() > limit:
		return nil, st, &sizeError{info.Size(), limit}
	}
	// One read usually returns the whole file; a file that shrank since its
	// stat is read to its end.
	buf := bs.get(int(info.Size()) + 1)
	n, err := io.ReadAtLeast(f, buf, int(info.Size()))
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
	case err != nil:
		bs.put(buf)
		return nil, st, err
	}
	if int64(n) > info.Size() { // it grew while being read: the next event reads it again
		bs.put(buf)
		return nil, st, fmt.Errorf("%s changed while it was read", name)
	}
	return buf[:n], st, nil
}

// buffers recycles the read buffers of one load or reload: a load reads
// every file of the folder once, and most of them are only hashed.
type buffers struct{ pool sync.Pool }

func (bs *buffers) get(n int) []byte {
	if b, ok := bs.pool.Get().(*[]byte); ok && cap(*b) >= n {
		return (*b)[:n]
	}
	return make([]byte, n, max(n, 8<<10))
}

// put recycles b; a big buffer (a rare big file) is left to the collector.
func (bs *buffers) put(b []byte) {
	if b != nil && cap(b) <= 64<<10 {
		b = b[:0]
		bs.pool.Put(&b)
	}
}

// sourceText is one source text as read. hash identifies what a statement
// was checked against: the content, or the reason it could not be used.
type sourceText struct {
	stamp   stamp
	hash    digest
	text    string
	problem string // why the text cannot be used ("" when it can)
}

// readSource reads the source text at p.
func readSource(fsys fs.FS, p string, bs *buffers) *sourceText {
	data, st, err := readBounded(fsys, p, maxSourceBytes, bs)
	s := &sourceText{stamp: st}
	var se *sizeError
	switch {
	case errors.As(err, &se):
		s.problem = fmt.Sprintf("source text %s %v", p, se)
	case err != nil:
		s.problem = fmt.Sprintf("cannot read source text %s: %v", p, err)
	case !utf8.Valid(data):
		s.problem = fmt.Sprintf("source text %s is not UTF-8", p)
	default:
		s.text = strings.TrimPrefix(string(data), "\uFEFF")
	}
	if s.problem != "" {
		s.hash = sha256.Sum256([]byte("problem\x00" + s.problem))
	} else {
		s.hash = sha256.Sum256(data)
	}
	bs.put(data)
	return s
}

// IsStatementFile reports whether name is a curated statement file.
func IsStatementFile(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

// hidden reports whether a path has an element starting with ".": version
// control folders, editors' lock and swap files (".#s.yaml", ".s.yaml.swp").
// Such files are never statements.
func hidden(p string) bool {
	for _, el := range strings.Split(p, "/") {
		if len(el) > 1 && el[0] == '.' && el != ".." {
			return true
		}
	}
	return false
}

// listStatements walks dir in fsys for statement files, skipping hidden
// files and folders, and calls fn with each path and its entry.
func listStatements(fsys fs.FS, dir string, fn func(p string, d fs.DirEntry)) error {
	return fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p != dir && errors.Is(err, fs.ErrNotExist) {
				return nil // removed while we walk: the next event says so
			}
			return err
		}
		if p != dir && hidden(path.Base(p)) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() || d.Type()&fs.ModeSymlink != 0 {
			if IsStatementFile(p) {
				fn(p, d) // not a folder, pipe or device, which no statement is
			}
		}
		return nil
	})
}

// sourcePath resolves a source file named in a statement file.
func sourcePath(statementFile, source string) string {
	return path.Join(path.Dir(statementFile), source)
}
