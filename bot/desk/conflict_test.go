package desk_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot/desk/desktest"
)

func TestTwoCuratorsSavingTheSameStatement(t *testing.T) {
	h := withBundled(t, nil)
	desktest.AddCurator(t, h.Store, "omar", "another long password")
	rana := h.SignedIn(t)
	omar := h.Browser(t)
	if r := omar.SignIn("omar", "another long password"); r.Status != http.StatusSeeOther {
		t.Fatalf("omar signs in: %d", r.Status)
	}
	ranaForm := statementForm(t, h, rana, bundledID)
	omarForm := statementForm(t, h, omar, bundledID)
	ranaForm.Set("title.en", "Rana's title")
	ranaForm.Set("action", "save")
	if r := rana.Post("/desk/s/"+bundledID, ranaForm); r.Status != http.StatusSeeOther {
		t.Fatalf("rana saves: %d", r.Status)
	}
	omarForm.Set("title.en", "Omar's title")
	omarForm.Set("action", "save")
	r := omar.Post("/desk/s/"+bundledID, omarForm)
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "someone changed this statement") {
		t.Fatalf("the second save: %d", r.Status)
	}
	if !strings.Contains(r.Body, `value="Omar&#39;s title"`) || !strings.Contains(r.Body, "/desk/s/"+bundledID+"/current") {
		t.Error("the refused form must keep omar's version and link to the other")
	}
	theirs := omar.Get("/desk/s/" + bundledID + "/current")
	if !strings.Contains(theirs.Body, "Rana&#39;s title") || !strings.Contains(theirs.Body, "Last saved by rana") {
		t.Errorf("the other version:\n%s", theirs.Body)
	}
	// Publishing from the stale form is refused the same way, and the
	// draft and file stay rana's.
	omarForm.Set("action", "publish")
	if r := omar.Post("/desk/s/"+bundledID, omarForm); r.Status != http.StatusConflict {
		t.Errorf("publishing from a stale form: %d", r.Status)
	}
	d, err := h.Store.Draft(context.Background(), bundledID)
	if err != nil || !strings.Contains(string(d.YAML), "Rana's title") || d.UpdatedBy != "rana" {
		t.Errorf("the draft: %v %s", err, d.UpdatedBy)
	}
	if strings.Contains(string(mustReadFile(t, filepath.Join(h.Data, bundledID+".yaml"))), "title") &&
		strings.Contains(string(mustReadFile(t, filepath.Join(h.Data, bundledID+".yaml"))), "Omar") {
		t.Error("omar's stale version reached the file")
	}
	// A hand edit of the published file also makes the open form stale.
	form := statementForm(t, h, omar, bundledID)
	path := filepath.Join(h.Data, bundledID+".yaml")
	os.WriteFile(path, append(mustReadFile(t, path), []byte("\n# edited by hand\n")...), 0o644)
	form.Set("action", "save")
	if r := omar.Post("/desk/s/"+bundledID, form); r.Status != http.StatusConflict {
		t.Errorf("saving over a hand edit: %d", r.Status)
	}
}
