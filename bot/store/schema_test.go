package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/store"
	"github.com/briefbot/briefbot/summaries"
)

// TestNewerSchemaIsRefused: a database written by a newer release is
// refused at open, and left as it was.
func TestNewerSchemaIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	open(t, path).Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (99, 0)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	s, err := store.Open(context.Background(), path)
	if err == nil {
		s.Close()
		t.Fatal("a database of schema version 99 was opened")
	}
	if !strings.Contains(err.Error(), "schema version 99 is newer than this release supports (") || !strings.Contains(err.Error(), "use a newer briefbot") {
		t.Errorf("error %q does not say why", err)
	}
}

// TestDBPathIsAFileName: '#', '%' and '?' in BRIEFBOT_DB are characters of
// the file name, not parts of a URI.
func TestDBPathIsAFileName(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"news#room%20?x=1.db", "plain name.db", "%3f.db", "عربي.db"} {
		s := open(t, filepath.Join(dir, name))
		if err := s.SaveChatSettings(context.Background(), "telegram:1", bot.ChatSettings{Lang: summaries.EN}); err != nil {
			t.Fatalf("%q: %v", name, err)
		}
		s.Close()
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%q: the database file is not there: %v", name, err)
		}
	}
	var files []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), "-wal") && !strings.HasSuffix(e.Name(), "-shm") {
			files = append(files, e.Name())
		}
	}
	slices.Sort(files)
	want := []string{"%3f.db", "news#room%20?x=1.db", "plain name.db", "عربي.db"}
	if !slices.Equal(files, want) {
		t.Errorf("files %q, want %q", files, want)
	}
}
