package summaries_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

// folder is a data folder on disk with the bundled statement and n
// generated ones, loaded into a state.
type folder struct {
	dir string
	fs  *countingFS
	st  *summaries.State
}

func newFolder(t *testing.T, n int) *folder {
	t.Helper()
	dir := t.TempDir()
	yaml, source := bundled(t)
	writeFile(t, dir, stmtFile, yaml)
	writeFile(t, dir, sourceFile, source)
	writeFS(t, dir, generate(n, typical))
	f := &folder{dir: dir, fs: newCountingFS(summaries.DirFS(dir))}
	st, problems, err := summaries.LoadState(context.Background(), f.fs, summaries.LoadOptions{})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	f.st = st
	f.fs.take()
	return f
}

// edit replaces old with new in a file of the folder.
func (f *folder) edit(t *testing.T, name, old, new string) {
	t.Helper()
	s := mustRead(t, f.dir, name)
	if !strings.Contains(s, old) {
		t.Fatalf("%s lacks %q", name, old)
	}
	writeFile(t, f.dir, name, strings.Replace(s, old, new, 1))
}

// reload reloads and keeps the new state when accepted.
func (f *folder) reload(t *testing.T, ch summaries.Changes) summaries.Update {
	t.Helper()
	u, err := f.st.Reload(context.Background(), ch)
	if err != nil {
		t.Fatal(err)
	}
	if u.Accepted == (len(u.Problems) > 0) {
		t.Fatalf("accepted %v with problems %v", u.Accepted, u.Problems)
	}
	if !u.Accepted && u.State != f.st {
		t.Fatal("a refused reload did not keep the previous state")
	}
	f.st = u.State
	return u
}

func gen(i int) (id, file, source string) {
	id = fmt.Sprintf("generated-statement-%05d", i)
	return id, "statements/" + id + ".yaml", "statements/" + id + ".ar.txt"
}

func changedIDs(u summaries.Update) []string {
	var ids []string
	for _, c := range u.Changed {
		ids = append(ids, c.ID)
	}
	return ids
}

// TestReloadReadsOnlyWhatChanged: one edited file is the only file read,
// the other statements are shared with the previous catalog, and the change
// carries the old and the new statement.
func TestReloadReadsOnlyWhatChanged(t *testing.T) {
	f := newFolder(t, 20)
	id, file, _ := gen(7)
	old := f.st.Catalog()
	f.edit(t, file, "en: Figure 1 of the statement", "en: The first figure of the statement")
	u := f.reload(t, summaries.Changes{Paths: []string{file}})
	if !u.Accepted || !slices.Equal(changedIDs(u), []string{id}) || u.Added != nil || u.Removed != nil {
		t.Fatalf("update: accepted %v, changed %v, added %v, removed %v", u.Accepted, changedIDs(u), u.Added, u.Removed)
	}
	if got := f.fs.take(); !slices.Equal(got, []string{file}) {
		t.Errorf("the reload read %v, want only %s", got, file)
	}
	c := u.Changed[0]
	if c.Old.Figures[0].Label.EN != "Figure 1 of the statement" || c.New.Figures[0].Label.EN != "The first figure of the statement" {
		t.Errorf("old %q, new %q", c.Old.Figures[0].Label.EN, c.New.Figures[0].Label.EN)
	}
	cat := u.State.Catalog()
	if cat.Len() != 21 || cat.Get(id) != c.New || old.Get(id) != c.Old {
		t.Error("the catalogs do not hold the old and new statements")
	}
	other, _, _ := gen(8)
	if cat.Get(other) != old.Get(other) {
		t.Error("an unchanged statement was not shared with the previous catalog")
	}
}

// TestReloadRechecksStatementsOfAChangedSource: a source text change
// re-checks the statement that quotes it, and a quote the new source lacks
// is refused at the quote's line in the statement file.
func TestReloadRechecksStatementsOfAChangedSource(t *testing.T) {
	f := newFolder(t, 5)
	id, file, source := gen(2)
	f.edit(t, source, "بيان مشترك رقم", "نص البيان المشترك رقم")
	u := f.reload(t, summaries.Changes{Paths: []string{source}})
	if !u.Accepted || !slices.Equal(changedIDs(u), []string{id}) || !strings.Contains(u.Changed[0].New.Source.Text, "نص البيان المشترك") {
		t.Fatalf("update %+v", u)
	}
	if got := f.fs.take(); !slices.Equal(got, []string{source, file}) {
		t.Errorf("the reload read %v, want the source and its statement", got)
	}
	yaml := mustRead(t, f.dir, file)
	f.edit(t, source, "من الأراضي", "من الارض")
	u = f.reload(t, summaries.Changes{Paths: []string{source}})
	if u.Accepted || len(u.Problems) != 1 {
		t.Fatalf("a source that no longer holds a quote was accepted: %v", u.Problems)
	}
	p := u.Problems[0]
	if p.File != file || p.Field != "figures[0].quote" || p.Line != lineIn(t, yaml, "quote: وفي ذروتها") {
		t.Errorf("problem %s", p)
	}
	// The next save fixes it.
	f.edit(t, source, "من الارض", "من الأراضي")
	if u := f.reload(t, summaries.Changes{Paths: []string{source}}); !u.Accepted {
		t.Errorf("the fixed source was refused: %v", u.Problems)
	}
}

// TestReloadAddsRemovesAndMoves: ids added, removed, and a statement moved
// to another file (a change of its File, not a removal).
func TestReloadAddsRemovesAndMoves(t *testing.T) {
	f := newFolder(t, 3)
	yaml, _ := bundled(t)
	added := strings.Replace(yaml, "id: coalition-ministers-2019-11", "id: coalition-ministers-2019-12", 1)
	added = strings.Replace(added, "aliases: [coalition-2019, d-isis-2019, washington-2019, التحالف-2019, واشنطن-2019]", "aliases: [december-2019]", 1)
	writeFile(t, f.dir, "statements/december.yaml", added)
	u := f.reload(t, summaries.Changes{Paths: []string{"statements/december.yaml"}})
	if !slices.Equal(u.Added, []string{"coalition-ministers-2019-12"}) || u.State.Catalog().Len() != 5 {
		t.Errorf("added %v, %d statements", u.Added, u.State.Catalog().Len())
	}
	id, file, _ := gen(1)
	os.Remove(filepath.Join(f.dir, file))
	u = f.reload(t, summaries.Changes{Paths: []string{file}})
	if !slices.Equal(u.Removed, []string{id}) || u.State.Catalog().Get(id) != nil {
		t.Errorf("removed %v", u.Removed)
	}
	os.Rename(filepath.Join(f.dir, "statements/december.yaml"), filepath.Join(f.dir, "statements/dec.yaml"))
	u = f.reload(t, summaries.Changes{Paths: []string{"statements/december.yaml", "statements/dec.yaml"}})
	if !slices.Equal(changedIDs(u), []string{"coalition-ministers-2019-12"}) || u.Added != nil || u.Removed != nil ||
		u.Changed[0].New.File != "statements/dec.yaml" {
		t.Errorf("move: changed %v added %v removed %v", changedIDs(u), u.Added, u.Removed)
	}
}

// TestReloadOfFolders: a folder that appears (moved in whole) or vanishes
// is one changed path.
func TestReloadOfFolders(t *testing.T) {
	f := newFolder(t, 2)
	elsewhere := t.TempDir()
	for name, file := range generate(4, typical) {
		if strings.Contains(name, "-00003") {
			name = strings.ReplaceAll(strings.TrimPrefix(name, "statements/"), "00003", "10003")
			writeFile(t, elsewhere, name, strings.ReplaceAll(string(file.Data), "00003", "10003"))
		}
	}
	os.Rename(elsewhere, filepath.Join(f.dir, "more"))
	u := f.reload(t, summaries.Changes{Paths: []string{"more"}})
	if !slices.Equal(u.Added, []string{"generated-statement-10003"}) {
		t.Fatalf("added %v (problems %v)", u.Added, u.Problems)
	}
	os.RemoveAll(filepath.Join(f.dir, "more"))
	u = f.reload(t, summaries.Changes{Paths: []string{"more"}})
	if !slices.Equal(u.Removed, []string{"generated-statement-10003"}) {
		t.Errorf("removed %v", u.Removed)
	}
}

// TestReloadRefusals: invalid data, a name clash and an emptied folder are
// refused, and the previous state stays.
func TestReloadRefusals(t *testing.T) {
	f := newFolder(t, 2)
	yaml, _ := bundled(t)
	writeFile(t, f.dir, "statements/copy.yaml", strings.Replace(yaml, "aliases: [coalition-2019,", "aliases: [other-2019,", 1))
	u := f.reload(t, summaries.Changes{Paths: []string{"statements/copy.yaml"}})
	want := fmt.Sprintf(`statements/copy.yaml:%d: id: "coalition-ministers-2019-11" is already used by statement "coalition-ministers-2019-11" (%s:%[1]d)`,
		lineIn(t, yaml, "id: coalition"), stmtFile)
	if u.Accepted || len(u.Problems) == 0 || u.Problems[0].String() != want {
		t.Errorf("clash: %v, want %s", u.Problems, want)
	}
	os.Remove(filepath.Join(f.dir, "statements/copy.yaml"))

	_, file, _ := gen(0)
	f.edit(t, file, "date: ", "date: [")
	u = f.reload(t, summaries.Changes{Paths: []string{file}})
	if u.Accepted || u.Problems[0].File != file || u.Problems[0].Line != 3 {
		t.Errorf("a syntax error: %v", u.Problems)
	}

	for _, name := range []string{stmtFile, file, "statements/generated-statement-00001.yaml"} {
		os.Remove(filepath.Join(f.dir, name))
	}
	u = f.reload(t, summaries.Changes{Rescan: true})
	if u.Accepted || len(u.Problems) != 1 || !strings.Contains(u.Problems[0].String(), "no statements found") {
		t.Errorf("an emptied folder: %v", u.Problems)
	}
	if f.st.Catalog().Len() != 3 {
		t.Errorf("the served state changed: %d statements", f.st.Catalog().Len())
	}
}

// TestRescan finds edits nobody reported, by size and modification time,
// and hashes before it calls a file changed.
func TestRescan(t *testing.T) {
	f := newFolder(t, 4)
	id1, file1, _ := gen(1)
	id3, _, source3 := gen(3)
	f.edit(t, file1, "en: Figure 2 of the statement", "en: The second figure")
	f.edit(t, source3, "بيان مشترك رقم", "بيان رقم")
	writeFile(t, f.dir, "statements/.draft.yaml", "not: a statement")        // hidden: an editor's or a draft
	writeFile(t, f.dir, "statements/old.yaml~", "id: [")                     // a backup
	writeFile(t, f.dir, ".git/statements.yaml", "id: [")                     // version control
	writeFile(t, f.dir, "notes.txt", "a curator's notes, not a source text") // named by no statement
	u := f.reload(t, summaries.Changes{Rescan: true})
	if !u.Accepted || !slices.Equal(changedIDs(u), []string{id1, id3}) {
		t.Fatalf("rescan: accepted %v, changed %v, problems %v", u.Accepted, changedIDs(u), u.Problems)
	}
	// Touched, same content: read again, nothing changed.
	later := time.Now().Add(time.Minute)
	os.Chtimes(filepath.Join(f.dir, stmtFile), later, later)
	f.fs.take()
	u = f.reload(t, summaries.Changes{Rescan: true})
	if !u.Accepted || u.Changed != nil || u.Added != nil || u.Removed != nil {
		t.Errorf("a touched file: %+v", u)
	}
	if got := f.fs.take(); !slices.Equal(got, []string{stmtFile}) {
		t.Errorf("the rescan read %v, want only the touched file", got)
	}
	// A comment is no change to the statement.
	f.edit(t, stmtFile, "id: coalition", "# a comment\nid: coalition")
	if u := f.reload(t, summaries.Changes{Rescan: true}); !u.Accepted || u.Changed != nil {
		t.Errorf("a comment: %+v", u)
	}
}

// TestReloadOfARenamedSource: a statement that names another source text is
// checked against it, and the old one no longer matters.
func TestReloadOfARenamedSource(t *testing.T) {
	f := newFolder(t, 3)
	id, file, source := gen(1)
	renamed := strings.Replace(source, ".ar.txt", ".text.ar.txt", 1)
	os.Rename(filepath.Join(f.dir, source), filepath.Join(f.dir, renamed))
	f.edit(t, file, "file: "+filepath.Base(source), "file: "+filepath.Base(renamed))
	u := f.reload(t, summaries.Changes{Paths: []string{file, source, renamed}})
	if !u.Accepted || !slices.Equal(changedIDs(u), []string{id}) || u.Changed[0].New.Source.File != filepath.Base(renamed) {
		t.Fatalf("update: accepted %v, changed %v, problems %v", u.Accepted, changedIDs(u), u.Problems)
	}
	f.fs.take()
	writeFile(t, f.dir, source, "a new file where the old source was")
	if u := f.reload(t, summaries.Changes{Paths: []string{source}}); !u.Accepted || u.Changed != nil || len(f.fs.take()) != 0 {
		t.Errorf("the old source still counts: %+v", u)
	}
}
