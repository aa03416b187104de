package desk_test

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot/desk/desktest"

	"github.com/briefbot/briefbot/bot/desk"
)

func TestNoPathLeavesTheDataFolder(t *testing.T) {
	h := withBundled(t, nil)
	outside := filepath.Join(filepath.Dir(h.Data), "secret.txt")
	if err := os.WriteFile(outside, []byte("TOP SECRET 12345. It is not a statement."), 0o644); err != nil {
		t.Fatal(err)
	}
	// A statement that names a source outside the folder, as a careless
	// hand edit or a hostile file might.
	doc, _ := readStatement(t, h, "coalition-fixture-2018")
	doc.ID, doc.Aliases, doc.Source.File = "evil-2018", nil, "../secret.txt"
	yml, err := desk.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(h.Data, "evil-2018.yaml"), yml, 0o644); err != nil {
		t.Fatal(err)
	}
	b := h.SignedIn(t)
	for _, p := range []string{"/desk/s/..%2F..%2Fetc%2Fpasswd", "/desk/s/%2e%2e", "/desk/s/..", "/desk/s/Coalition",
		"/desk/s/a%00b", "/desk/static/..%2F..%2Fgo.mod", "/desk/static/", "/desk/s/evil-2018/..%2F..%2Fsecret.txt"} {
		r := b.Get(p)
		if r.Status == http.StatusOK || strings.Contains(r.Body, "TOP SECRET") {
			t.Errorf("GET %s: %d", p, r.Status)
		}
	}
	page := b.Get("/desk/s/evil-2018")
	if page.Status != http.StatusOK || strings.Contains(page.Body, "TOP SECRET") || !strings.Contains(page.Body, "source.file") {
		t.Fatalf("a statement naming an outside source: %d, or its content shown\n%s", page.Status, page.Body)
	}
	form := statementForm(t, h, b, "evil-2018")
	form.Set("action", "publish")
	form.Set("source_text", "OVERWRITTEN. Two sentences.")
	if r := b.Post("/desk/s/evil-2018", form); r.Status != http.StatusUnprocessableEntity {
		t.Errorf("publishing it: %d", r.Status)
	}
	if got, _ := os.ReadFile(outside); !strings.HasPrefix(string(got), "TOP SECRET") {
		t.Errorf("the file outside the folder was written: %q", got)
	}
	// An id that is a path is refused by the import assistant.
	newPage := b.Get("/desk/new")
	r := b.Post("/desk/new", url.Values{"csrf": {desktest.FormValue(newPage.Body, "csrf")}, "id": {"../../escape"},
		"text": {string(desktest.SeedPage(t))}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an id with a path: %d", r.Status)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(h.Data), "escape.yaml")); err == nil {
		t.Error("a file was written outside the folder")
	}
}
