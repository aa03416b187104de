package bottest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	dir := t.TempDir()
	copyStatement(t, dir, bundledYAML, bundledText)
	return dir
}

// AddFixture publishes the fixture statement in dir: a new statement.
func AddFixture(t testing.TB, dir string) {
	t.Helper()
	copyStatement(t, dir, FixtureID+".yaml", FixtureID+".en.txt")
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

func copyStatement(t testing.TB, dir string, names ...string) {
	t.Helper()
	for _, name := range names {
		b, err := fs.ReadFile(TestData(), "statements/"+name)
		if err == nil {
			err = os.WriteFile(filepath.Join(dir, name), b, 0o644)
		}
		if err != nil {
			t.Fatal(err)
		}
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
