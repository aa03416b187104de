package desk

import (
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing/fstest"
)

// overlay is the data folder as it would be after a publish: base with
// some files replaced or added. Validating a candidate over it checks it
// exactly as the live reload will, names clashing with other statements
// included, without writing anything.
type overlay struct {
	base  fs.FS
	files fstest.MapFS // the candidate files, by path
}

var (
	_ fs.ReadDirFS = overlay{}
	_ fs.StatFS    = overlay{}
)

func newOverlay(base fs.FS, files map[string][]byte) overlay {
	o := overlay{base: base, files: fstest.MapFS{}}
	for p, data := range files {
		o.files[p] = &fstest.MapFile{Data: data, Mode: 0o644}
	}
	return o
}

// Open opens a candidate file, or the base's.
func (o overlay) Open(name string) (fs.File, error) {
	if _, ok := o.files[name]; ok {
		return o.files.Open(name)
	}
	return o.base.Open(name)
}

// Stat describes a candidate file, or the base's.
func (o overlay) Stat(name string) (fs.FileInfo, error) {
	if _, ok := o.files[name]; ok {
		return o.files.Stat(name)
	}
	return fs.Stat(o.base, name)
}

// ReadDir lists the base's folder with the candidate files in it.
func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.base, name)
	if err != nil && !(errors.Is(err, fs.ErrNotExist) && o.holds(name)) {
		return nil, err
	}
	added, _ := fs.ReadDir(o.files, name)
	for _, a := range added {
		i := slices.IndexFunc(entries, func(e fs.DirEntry) bool { return e.Name() == a.Name() })
		switch {
		case i < 0:
			entries = append(entries, a)
		case !entries[i].IsDir():
			entries[i] = a
		}
	}
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

// holds reports whether a candidate file is at or under dir.
func (o overlay) holds(dir string) bool {
	for p := range o.files {
		if dir == "." || strings.HasPrefix(p, dir+"/") || path.Dir(p) == dir {
			return true
		}
	}
	return false
}
