package summaries_test

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"testing/fstest"
)

// writeFS writes the files of fsys under dir.
func writeFS(t testing.TB, dir string, fsys fstest.MapFS) {
	t.Helper()
	for name, f := range fsys {
		writeFile(t, dir, name, string(f.Data))
	}
}

// writeFile writes one file under dir, making its folders.
func writeFile(t testing.TB, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// countingFS records which files are opened, to show what a reload reads.
type countingFS struct {
	fsys   fs.FS
	mu     sync.Mutex
	opened map[string]int
}

func newCountingFS(fsys fs.FS) *countingFS { return &countingFS{fsys: fsys, opened: map[string]int{}} }

func (c *countingFS) Open(name string) (fs.File, error) {
	c.mu.Lock()
	c.opened[name]++
	c.mu.Unlock()
	return c.fsys.Open(name)
}

func (c *countingFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(c.fsys, name) }
func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.fsys, name) }

// take returns the files opened since the last take.
func (c *countingFS) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	names := slices.Sorted(maps.Keys(c.opened))
	clear(c.opened)
	return names
}
