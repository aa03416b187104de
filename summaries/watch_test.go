package summaries_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

// watched is a data folder on disk with a watcher reporting into updates.
type watched struct {
	*folder
	w       *summaries.Watcher
	updates chan summaries.Update
}

func newWatched(t *testing.T, n int) *watched {
	t.Helper()
	f := newFolder(t, n)
	updates := make(chan summaries.Update, 64)
	w := summaries.NewWatcher(f.dir, f.st, summaries.WatchOptions{
		Debounce: 100 * time.Millisecond,
		Report:   func(u summaries.Update) { updates <- u },
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return &watched{folder: f, w: w, updates: updates}
}

// next waits for the next reported reload.
func (w *watched) next(t *testing.T) summaries.Update {
	t.Helper()
	select {
	case u := <-w.updates:
		return u
	case <-time.After(10 * time.Second):
		t.Fatal("no reload was reported")
		return summaries.Update{}
	}
}

// until waits for an accepted reload for which ok holds; a refusal fails.
func (w *watched) until(t *testing.T, ok func(summaries.Update) bool) summaries.Update {
	t.Helper()
	for {
		u := w.next(t)
		if !u.Accepted {
			t.Fatalf("a reload was refused: %v", u.Problems)
		}
		if ok(u) {
			return u
		}
	}
}

// quiet checks that no further reload is reported for a while.
func (w *watched) quiet(t *testing.T) {
	t.Helper()
	select {
	case u := <-w.updates:
		t.Errorf("an extra reload was reported: %+v", u)
	case <-time.After(400 * time.Millisecond):
	}
}

func (w *watched) path(name string) string { return filepath.Join(w.dir, filepath.FromSlash(name)) }

// TestWatcherAtomicSave: an editor that writes a temporary file and renames
// it over the statement publishes it in one reload.
func TestWatcherAtomicSave(t *testing.T) {
	w := newWatched(t, 3)
	id, file, _ := gen(1)
	content := strings.Replace(mustRead(t, w.dir, file), "en: Figure 1 of the statement", "en: Saved figure", 1)
	tmp := w.path(file + ".tmp4913")
	os.WriteFile(tmp, []byte(content), 0o644)
	os.Rename(tmp, w.path(file))
	u := w.next(t)
	if !u.Accepted || !slices.Equal(changedIDs(u), []string{id}) || u.Changed[0].New.Figures[0].Label.EN != "Saved figure" {
		t.Fatalf("update: accepted %v, changed %v, problems %v", u.Accepted, changedIDs(u), u.Problems)
	}
	w.quiet(t)
}

// TestWatcherHalfWrittenFile: a file caught half written is reported with
// its line and the old state kept; the same problems again are marked
// repeated; the finished file is taken.
func TestWatcherHalfWrittenFile(t *testing.T) {
	w := newWatched(t, 3)
	id, file, _ := gen(2)
	full := strings.Replace(mustRead(t, w.dir, file), "en: Figure 1 of the statement", "en: Finished figure", 1)
	half := full[:strings.Index(full, "key_points:")+len("key_points:\n  - ar: [")]
	writeFile(t, w.dir, file, half)
	u := w.next(t)
	if u.Accepted || len(u.Problems) == 0 || u.Problems[0].File != file || u.Problems[0].Line == 0 || u.Repeated {
		t.Fatalf("a half-written file: accepted %v, problems %v, repeated %v", u.Accepted, u.Problems, u.Repeated)
	}
	writeFile(t, w.dir, file, half) // the editor saves the same again
	if u := w.next(t); u.Accepted || !u.Repeated {
		t.Errorf("the same problems again: accepted %v, repeated %v", u.Accepted, u.Repeated)
	}
	writeFile(t, w.dir, file, full)
	u = w.next(t)
	if !u.Accepted || !slices.Equal(changedIDs(u), []string{id}) || u.Changed[0].Old.Figures[0].Label.EN != "Figure 1 of the statement" {
		t.Fatalf("the finished file: accepted %v, changed %v, problems %v", u.Accepted, changedIDs(u), u.Problems)
	}
}

// TestWatcherVimSave: vim renames the file to a backup, probes the folder
// with a file named 4913, writes the new file and removes the backup, with
// its swap file beside; none of it is refused.
func TestWatcherVimSave(t *testing.T) {
	w := newWatched(t, 3)
	id, file, _ := gen(0)
	content := strings.Replace(mustRead(t, w.dir, file), "en: Figure 1 of the statement", "en: Vim figure", 1)
	swp := w.path("statements/." + filepath.Base(file) + ".swp")
	os.WriteFile(swp, []byte("b0VIM 9.0"), 0o644)
	os.WriteFile(w.path("statements/4913"), nil, 0o644)
	os.Remove(w.path("statements/4913"))
	os.Rename(w.path(file), w.path(file+"~"))
	os.WriteFile(w.path(file), []byte(content), 0o644)
	os.Remove(w.path(file + "~"))
	os.Remove(swp)
	w.until(t, func(u summaries.Update) bool {
		return slices.Contains(changedIDs(u), id) && u.State.Catalog().Get(id).Figures[0].Label.EN == "Vim figure"
	})
}

// TestWatcherNewFolders: a folder made in place and filled, and a folder
// moved in whole, are watched and loaded; their removal is seen too.
func TestWatcherNewFolders(t *testing.T) {
	w := newWatched(t, 2)
	yaml, source := bundled(t)
	mk := func(id string) string {
		s := strings.Replace(yaml, "id: coalition-ministers-2019-11", "id: "+id, 1)
		return strings.Replace(s, "aliases: [coalition-2019, d-isis-2019, washington-2019, التحالف-2019, واشنطن-2019]", "aliases: ["+id+"-alias]", 1)
	}
	os.Mkdir(w.path("statements/2020"), 0o755)
	writeFile(t, w.dir, "statements/2020/coalition-ministers-2019-11.ar.txt", source)
	writeFile(t, w.dir, "statements/2020/a.yaml", mk("made-in-place"))
	w.until(t, func(u summaries.Update) bool { return u.State.Catalog().Get("made-in-place") != nil })

	elsewhere := t.TempDir()
	writeFile(t, elsewhere, "coalition-ministers-2019-11.ar.txt", source)
	writeFile(t, elsewhere, "b.yaml", mk("moved-in"))
	if err := os.Rename(elsewhere, w.path("statements/2021")); err != nil {
		t.Fatal(err)
	}
	w.until(t, func(u summaries.Update) bool { return slices.Contains(u.Added, "moved-in") })

	// A file in the folder moved in is watched as well.
	writeFile(t, w.dir, "statements/2021/b.yaml", strings.Replace(mk("moved-in"), "en: Washington", "en: Washington, D.C.", 1))
	w.until(t, func(u summaries.Update) bool { return slices.Contains(changedIDs(u), "moved-in") })

	os.RemoveAll(w.path("statements/2020"))
	w.until(t, func(u summaries.Update) bool { return slices.Contains(u.Removed, "made-in-place") })
}

// TestWatcherSourceEdit: saving a source text re-checks its statement.
func TestWatcherSourceEdit(t *testing.T) {
	w := newWatched(t, 2)
	id, _, source := gen(1)
	writeFile(t, w.dir, source, strings.Replace(mustRead(t, w.dir, source), "بيان مشترك رقم", "بيان رقم", 1))
	w.until(t, func(u summaries.Update) bool { return slices.Contains(changedIDs(u), id) })
}

// TestWatcherRescan: a rescan is reported at once, changed or not.
func TestWatcherRescan(t *testing.T) {
	w := newWatched(t, 1)
	w.w.Rescan()
	if u := w.next(t); !u.Accepted || u.Changed != nil {
		t.Errorf("a rescan of an unchanged folder: %+v", u)
	}
}
