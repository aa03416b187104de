package store_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/desk/records"
)

func TestDeskCuratorsAndSessions(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "b.db"))
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	if n, _ := s.CountCurators(ctx); n != 0 {
		t.Fatalf("curators in a new store: %d", n)
	}
	if created, err := s.SaveCurator(ctx, "rana", "hash-1"); err != nil || !created {
		t.Fatalf("add: %v %v", created, err)
	}
	if _, err := s.PasswordHash(ctx, "omar"); !errors.Is(err, records.ErrNotFound) {
		t.Errorf("unknown curator: %v", err)
	}
	sess := records.Session{TokenHash: "t1", Curator: "rana", CSRF: "c1", Created: now, Expires: now.Add(time.Hour)}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Session(ctx, "t1"); err != nil || got.Curator != "rana" || got.CSRF != "c1" || !got.Expires.Equal(sess.Expires) {
		t.Errorf("session: %+v %v", got, err)
	}
	// A new password ends the curator's sessions.
	if created, err := s.SaveCurator(ctx, "rana", "hash-2"); err != nil || created {
		t.Fatalf("reset: %v %v", created, err)
	}
	if h, _ := s.PasswordHash(ctx, "rana"); h != "hash-2" {
		t.Errorf("hash after reset: %q", h)
	}
	if _, err := s.Session(ctx, "t1"); !errors.Is(err, records.ErrNotFound) {
		t.Errorf("a session outlived a password reset: %v", err)
	}
	// Sessions expire, and deleting a curator ends theirs.
	s.CreateSession(ctx, records.Session{TokenHash: "t2", Curator: "rana", CSRF: "c", Created: now, Expires: now.Add(time.Hour)})
	s.CreateSession(ctx, records.Session{TokenHash: "t3", Curator: "rana", CSRF: "c", Created: now, Expires: now.Add(3 * time.Hour)})
	now = now.Add(2 * time.Hour)
	if _, err := s.Session(ctx, "t2"); !errors.Is(err, records.ErrNotFound) {
		t.Errorf("an expired session is still valid: %v", err)
	}
	if ok, err := s.DeleteCurator(ctx, "rana"); err != nil || !ok {
		t.Fatalf("delete: %v %v", ok, err)
	}
	if _, err := s.Session(ctx, "t3"); !errors.Is(err, records.ErrNotFound) {
		t.Errorf("a deleted curator's session is still valid: %v", err)
	}
	if ok, _ := s.DeleteCurator(ctx, "rana"); ok {
		t.Error("deleting twice")
	}
}

func TestDeskDraftVersionsAndHistory(t *testing.T) {
	ctx := context.Background()
	s := open(t, ":memory:")
	d := records.Draft{Statement: "s-1", Path: "s-1.yaml", YAML: []byte("id: s-1\n"), SourcePath: "s-1.ar.txt", Source: []byte("نص."),
		UpdatedBy: "rana", Updated: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	if v, err := s.SaveDraft(ctx, d, 0); err != nil || v != 1 {
		t.Fatalf("first save: %d %v", v, err)
	}
	if _, err := s.SaveDraft(ctx, d, 0); !errors.Is(err, records.ErrConflict) {
		t.Errorf("a second first save: %v", err)
	}
	d.YAML, d.UpdatedBy = []byte("id: s-1\n# omar\n"), "omar"
	if v, err := s.SaveDraft(ctx, d, 1); err != nil || v != 2 {
		t.Fatalf("save over 1: %d %v", v, err)
	}
	if _, err := s.SaveDraft(ctx, d, 1); !errors.Is(err, records.ErrConflict) {
		t.Errorf("a save over a stale version: %v", err)
	}
	got, err := s.Draft(ctx, "s-1")
	if err != nil || got.Version != 2 || got.UpdatedBy != "omar" || string(got.Source) != "نص." || !got.Updated.Equal(d.Updated) {
		t.Errorf("draft: %+v %v", got, err)
	}
	if all, _ := s.Drafts(ctx); len(all) != 1 {
		t.Errorf("drafts: %d", len(all))
	}
	if err := s.DeleteDraft(ctx, "s-1", 1); !errors.Is(err, records.ErrConflict) {
		t.Errorf("deleting a stale version: %v", err)
	}
	if err := s.DeleteDraft(ctx, "s-1", 2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Draft(ctx, "s-1"); !errors.Is(err, records.ErrNotFound) {
		t.Errorf("after delete: %v", err)
	}
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for i, c := range []records.Change{
		{Statement: "s-1", Curator: "rana", Action: "import", At: at},
		{Statement: "s-1", Curator: "omar", Action: "save", Fields: []string{"summary.en", "figures[2].value"}, At: at.Add(time.Minute)},
		{Statement: "s-2", Curator: "omar", Action: "save", At: at},
	} {
		if err := s.AddChange(ctx, c); err != nil {
			t.Fatalf("change %d: %v", i, err)
		}
	}
	hist, err := s.Changes(ctx, "s-1", 10)
	if err != nil || len(hist) != 2 || hist[0].Action != "save" || len(hist[0].Fields) != 2 || hist[1].Fields != nil && len(hist[1].Fields) != 0 {
		t.Errorf("history, newest first: %+v %v", hist, err)
	}
}
