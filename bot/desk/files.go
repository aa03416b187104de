package desk

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/briefbot/briefbot/summaries"
)

// Size bounds of what the desk reads back from the data folder: the
// loader's own bounds (a statement file 2 MB, a source text 4 MB).
const (
	maxStatementFile = 2_000_000
	maxSourceFile    = 4_000_000
)

// errBadPath is a file name that would leave the data folder, or name a
// hidden or a statement file where a source text is meant.
var errBadPath = errors.New("not a file name inside BRIEFBOT_DATA")

// statementPath checks the path of a statement file inside the data folder.
func statementPath(p string) (string, error) {
	if !fs.ValidPath(p) || p == "." || hiddenPath(p) || !summaries.IsStatementFile(p) {
		return "", fmt.Errorf("%q: %w", p, errBadPath)
	}
	return p, nil
}

// sourcePath resolves the source file a statement file names, beside it,
// and checks that it stays inside the data folder.
func sourcePath(statement, file string) (string, error) {
	if file == "" || strings.ContainsAny(file, "\\\x00") {
		return "", fmt.Errorf("%q: %w", file, errBadPath)
	}
	p := path.Join(path.Dir(statement), file)
	if !validSourcePath(p) {
		return "", fmt.Errorf("%q: %w", file, errBadPath)
	}
	return p, nil
}

// validSourcePath reports whether p may hold a source text: inside the
// data folder, not hidden, not a statement file.
func validSourcePath(p string) bool {
	return fs.ValidPath(p) && p != "." && !hiddenPath(p) && !summaries.IsStatementFile(p)
}

// hiddenPath reports whether an element of p starts with "." (which the
// loader never reads) — and which the desk's own temporary files use.
func hiddenPath(p string) bool {
	for _, el := range strings.Split(p, "/") {
		if strings.HasPrefix(el, ".") {
			return true
		}
	}
	return false
}

// readData reads a file of the data folder through an os.Root, so that no
// path, symbolic links included, can leave it; a file over limit is refused.
func (d *Desk) readData(p string, limit int64) ([]byte, error) {
	root, err := os.OpenRoot(d.cfg.DataDir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	f, err := root.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	switch {
	case err != nil:
		return nil, err
	case !info.Mode().IsRegular():
		return nil, fmt.Errorf("%s is not a regular file", p)
	case info.Size() > limit:
		return nil, fmt.Errorf("%s is %d bytes, at most %d", p, info.Size(), limit)
	}
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// writeData replaces a file of the data folder atomically: a temporary
// file beside it (hidden, so live reload never reads it half written),
// synced, then renamed over it.
func (d *Desk) writeData(p string, data []byte) (err error) {
	root, err := os.OpenRoot(d.cfg.DataDir)
	if err != nil {
		return err
	}
	defer root.Close()
	tmp := path.Join(path.Dir(p), "."+path.Base(p)+"."+newToken()[:12]+".tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	defer func() {
		if err != nil {
			root.Remove(tmp)
		}
	}()
	if _, err = f.Write(data); err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	if err = root.Rename(tmp, p); err != nil {
		return fmt.Errorf("publishing %s: %w", p, err)
	}
	return nil
}

// existsData reports whether a path exists in the data folder.
func (d *Desk) existsData(p string) (bool, error) {
	root, err := os.OpenRoot(d.cfg.DataDir)
	if err != nil {
		return false, err
	}
	defer root.Close()
	_, err = root.Lstat(p)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// fileHash identifies a published statement's content: its file and its
// source text.
func fileHash(statement, source []byte) string {
	h := sha256.New()
	h.Write(statement)
	h.Write([]byte{0})
	h.Write(source)
	return hex.EncodeToString(h.Sum(nil))[:20]
}
