package summaries_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

// TestDirFSReadsAsOSDirFS: the fast reader gives what os.DirFS gives.
func TestDirFSReadsAsOSDirFS(t *testing.T) {
	dir := t.TempDir()
	writeFS(t, dir, generate(20, full))
	yaml, source := bundled(t)
	writeFile(t, dir, stmtFile, yaml)
	writeFile(t, dir, sourceFile, source)
	slow, p1, err1 := summaries.LoadState(context.Background(), os.DirFS(dir), summaries.LoadOptions{})
	fast, p2, err2 := summaries.LoadState(context.Background(), summaries.DirFS(dir), summaries.LoadOptions{})
	if err1 != nil || err2 != nil || len(p1) > 0 || len(p2) > 0 {
		t.Fatal(err1, err2, p1, p2)
	}
	if !reflect.DeepEqual(slow.Catalog().All(), fast.Catalog().All()) {
		t.Error("DirFS and os.DirFS load different statements")
	}
	// A rescan compares the stamps DirFS recorded with the folder's: no
	// file reads as changed.
	u, err := fast.Reload(context.Background(), summaries.Changes{Rescan: true})
	if err != nil || !u.Accepted || summaries.Parsed(u.State) != 0 {
		t.Errorf("rescan of an unchanged folder: %v, accepted %v, %d parsed", err, u.Accepted, summaries.Parsed(u.State))
	}
}

// TestDirFSRefusesWhatIsNotAFile: a source that is a folder, a named pipe
// or outside the folder is a problem of the statement naming it, and a pipe
// never makes a load wait.
func TestDirFSRefusesWhatIsNotAFile(t *testing.T) {
	yaml, _ := bundled(t)
	tests := []struct{ name, source, want string }{
		{"folder", "folder.ar.txt", "is a directory"},
		{"outside", "../../outside.ar.txt", "invalid argument"},
	}
	if runtime.GOOS == "linux" { // DirFS opens files non-blocking on Linux
		tests = append(tests, struct{ name, source, want string }{"pipe", "pipe.ar.txt", "is not a regular file"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "statements", "folder.ar.txt"), 0o755)
			if tt.name == "pipe" {
				if err := mkfifo(filepath.Join(dir, "statements", "pipe.ar.txt")); err != nil {
					t.Skip("no named pipes here:", err)
				}
				if err := mkfifo(filepath.Join(dir, "statements", "pipe.yaml")); err != nil {
					t.Fatal(err) // a pipe named like a statement is not listed
				}
			}
			writeFile(t, dir, stmtFile, strings.Replace(yaml, "file: coalition-ministers-2019-11.ar.txt", "file: "+tt.source, 1))
			done := make(chan []summaries.Problem, 1)
			go func() {
				_, problems, _ := summaries.LoadState(context.Background(), summaries.DirFS(dir), summaries.LoadOptions{})
				done <- problems
			}()
			select {
			case problems := <-done:
				if len(problems) != 1 || problems[0].Field != "source.file" || !strings.Contains(problems[0].Msg, tt.want) {
					t.Errorf("problems %v, want one on source.file saying %q", problems, tt.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("the load hangs")
			}
		})
	}
}
