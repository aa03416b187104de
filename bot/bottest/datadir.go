package bottest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// The statements of TestData, by file name.
const (
	BundledID   = "coalition-ministers-2019-11" // also the statement the binary ships
	FixtureID   = "coalition-fixture-2018"
	bundledYAML = BundledID + ".yaml"
	bundledText = BundledID + ".ar.txt"
)

// DataDir writes the bundled statement and its source text into a new
// temporary folder, for tests that serve a BRIEFBOT_DATA folder and edit
// it as a curator would.
func DataDir(t testing.TB) string {
	t.Helper()
	return DataDirFrom(t, Only(bundledYAML, bundledText))
}

// DataDirFrom copies the files of fsys (nil: none) into a new temporary
// folder, a BRIEFBOT_DATA for the test, and returns its path.
func DataDirFrom(t testing.TB, fsys fs.FS) string {
	t.Helper()
	dir := t.TempDir()
	if fsys != nil {
		if err := os.CopyFS(dir, fsys); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Only is the named files of TestData, at the top of the folder.
func Only(names ...string) fs.FS {
	m := fstest.MapFS{}
	for _, n := range names {
		if b, err := fs.ReadFile(TestData(), "statements/"+n); err == nil {
			m[n] = &fstest.MapFile{Data: b, Mode: 0o644}
		}
	}
	return m
}

// FixtureOnly is the fixture statement and its source alone.
func FixtureOnly() fs.FS { return Only(FixtureID+".yaml", FixtureID+".en.txt") }

// Statements is the bundled statement and the fixture, with their
// sources, at the top of the folder.
func Statements() fs.FS {
	sub, _ := fs.Sub(TestData(), "statements")
	return sub
}

// AddFixture publishes the fixture statement in dir: a new statement.
func AddFixture(t testing.TB, dir string) {
	t.Helper()
	if err := os.CopyFS(dir, FixtureOnly()); err != nil {
		t.Fatal(err)
	}
}

// CorrectFigure corrects the bundled statement in dir as a curator would:
// its peak territory was misread, "about 110,000 km²" is "about 111,000
// km²" in the source text, the quote and the value, with a correction note.
// It returns the note.
func CorrectFigure(t testing.TB, dir string) string {
	t.Helper()
	const note = "The transcript misread the source: it says 111,000."
	edit(t, filepath.Join(dir, bundledText), "حوالي 110,000 كيلومتر", "حوالي 111,000 كيلومتر")
	edit(t, filepath.Join(dir, bundledYAML), "value: 110000", "value: 111000",
		"علي حوالي 110,000 كيلومتر", "علي حوالي 111,000 كيلومتر",
		"nearly 110,000 square", "nearly 111,000 square",
		"    label:\n      ar: الأراضي التي", "    correction: \""+note+"\"\n    label:\n      ar: الأراضي التي")
	return note
}

// BreakStatement writes a second statement file that cannot be read.
func BreakStatement(t testing.TB, dir string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "broken.yaml"), []byte("id: broken\ntitle: : :\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// edit replaces each old with its new (pairs) in file, once each; a pair
// that does not match fails the test.
func edit(t testing.TB, file string, pairs ...string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("%s has no %q", file, pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
