package desk_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot/desk/desktest"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/desk"
	"github.com/briefbot/briefbot/data"
	"github.com/briefbot/briefbot/summaries"
)

func TestImportPasteAndPublish(t *testing.T) {
	h := desktest.NewDesk(t, desktest.DeskOptions{})
	b := h.SignedIn(t)
	page := b.Get("/desk/new")
	r := b.Post("/desk/new", url.Values{"csrf": {desktest.FormValue(page.Body, "csrf")}, "text": {string(desktest.SeedPage(t))},
		"published": {"2019-11-15"}})
	if r.Status != http.StatusSeeOther || r.Location != "/desk/s/washington-2019-11" {
		t.Fatalf("import: %d %q\n%s", r.Status, r.Location, r.Body)
	}
	form, body := editForm(t, b, "washington-2019-11")
	if n := strings.Count(body, `<fieldset class="figure`); n != 9 {
		t.Errorf("%d figures proposed, want 9", n)
	}
	if n := strings.Count(body, "<mark data-figure="); n < 9 {
		t.Errorf("%d quotes marked", n)
	}
	if !strings.Contains(body, "figures[0].label.ar: missing ar text") || !strings.Contains(body, "washington-2019-11.yaml:") {
		t.Errorf("the draft's problems are not shown with validate's wording")
	}
	if _, err := os.Stat(filepath.Join(h.Data, "washington-2019-11.yaml")); err == nil {
		t.Fatal("a draft was written into the data folder")
	}
	// Publishing the draft as it is: refused, it has problems.
	form.Set("action", "publish")
	if r := b.Post("/desk/s/washington-2019-11", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Not published") {
		t.Fatalf("publishing an invalid draft: %d", r.Status)
	}
	if _, err := os.Stat(filepath.Join(h.Data, "washington-2019-11.yaml")); err == nil {
		t.Fatal("an invalid statement was published")
	}
	// Fill it in from the curated statement, whose quotes the draft's are.
	curated, err := desk.ParseDoc(mustRead(t, data.FS(), "statements/coalition-ministers-2019-11.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	draftDoc := currentDoc(t, h, "washington-2019-11")
	filled := *curated
	filled.ID, filled.Aliases, filled.Source.File = draftDoc.ID, nil, draftDoc.Source.File
	_, body = editForm(t, b, "washington-2019-11")
	form = desk.FormValues(&filled, []byte(desktest.FormTextarea(body, "source_text")))
	form.Set("csrf", desktest.FormValue(body, "csrf"))
	form.Set("version", desktest.FormValue(body, "version"))
	form.Set("action", "publish")
	r = b.Post("/desk/s/washington-2019-11", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("publishing the filled draft: %d\n%s", r.Status, problemsOf(r.Body))
	}
	cat, problems, err := summaries.Load(summaries.DirFS(h.Data))
	if err != nil || len(problems) > 0 {
		t.Fatalf("the data folder after publishing: %v %v", err, problems)
	}
	if st := cat.Get("washington-2019-11"); st == nil || len(st.Figures) != 9 {
		t.Fatalf("published statement: %+v", st)
	}
	after := b.Get(r.Location)
	for _, want := range []string{"Published.", "drafted from a text", "saved the draft", "published", desktest.Curator} {
		if !strings.Contains(after.Body, want) {
			t.Errorf("the statement's page lacks %q", want)
		}
	}
	list := b.Get("/desk/")
	if !regexp.MustCompile(`(?s)washington-2019-11.*state_published"`).MatchString(list.Body) {
		t.Errorf("the list does not show it published")
	}
}

func TestUploadATextFile(t *testing.T) {
	h := desktest.NewDesk(t, desktest.DeskOptions{})
	b := h.SignedIn(t)
	token := desktest.FormValue(b.Get("/desk/new").Body, "csrf")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", token)
	mw.WriteField("published", "2019-11-15")
	fw, _ := mw.CreateFormFile("upload", "page.txt")
	fw.Write(desktest.SeedPage(t))
	mw.Close()
	if r := b.PostBody("/desk/new", mw.FormDataContentType(), &body); r.Status != http.StatusSeeOther || r.Location != "/desk/s/washington-2019-11" {
		t.Fatalf("upload: %d %q", r.Status, r.Location)
	}
	// A binary file and a text over 1 MB are refused with a sentence.
	for name, raw := range map[string][]byte{"binary": {0, 1, 2, 0xff}, "too large": bytes.Repeat([]byte("A sentence. "), 100_000)} {
		body.Reset()
		mw = multipart.NewWriter(&body)
		mw.WriteField("csrf", token)
		fw, _ = mw.CreateFormFile("upload", "x.txt")
		fw.Write(raw)
		mw.Close()
		r := b.PostBody("/desk/new", mw.FormDataContentType(), &body)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="new-error"`) {
			t.Errorf("%s: %d", name, r.Status)
		}
	}
	body.Reset()
	mw = multipart.NewWriter(&body)
	mw.WriteField("csrf", token)
	fw, _ = mw.CreateFormFile("upload", "huge.txt")
	fw.Write(bytes.Repeat([]byte("x"), 4<<20))
	mw.Close()
	if r := b.PostBody("/desk/new", mw.FormDataContentType(), &body); r.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("a 4 MB body: %d", r.Status)
	}
}

func TestPublishAValidStatementAndResaveSameBytes(t *testing.T) {
	h := withBundled(t, nil)
	b := h.SignedIn(t)
	form := statementForm(t, h, b, bundledID)
	form.Set("action", "publish")
	if r := b.Post("/desk/s/"+bundledID, form); r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, "?done=published") {
		t.Fatalf("publish: %d %q\n%s", r.Status, r.Location, problemsOf(r.Body))
	}
	first := mustReadFile(t, filepath.Join(h.Data, bundledID+".yaml"))
	doc, err := desk.ParseDoc(first)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := desk.Encode(doc); !bytes.Equal(again, first) {
		t.Errorf("the written file does not read back to the same bytes")
	}
	if !strings.HasPrefix(string(first), "# Joint Communiqué by Ministers") {
		t.Errorf("the file's head comment was not kept:\n%.200s", first)
	}
	form = statementForm(t, h, b, bundledID)
	form.Set("action", "publish")
	if r := b.Post("/desk/s/"+bundledID, form); r.Status != http.StatusSeeOther {
		t.Fatalf("second publish: %d", r.Status)
	}
	if second := mustReadFile(t, filepath.Join(h.Data, bundledID+".yaml")); !bytes.Equal(first, second) {
		t.Errorf("re-publishing an unchanged statement changed its file")
	}
	if entries, _ := os.ReadDir(h.Data); len(entries) != 4 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestPublishingAnInvalidStatementIsRefused(t *testing.T) {
	h := withBundled(t, nil)
	b := h.SignedIn(t)
	before := mustReadFile(t, filepath.Join(h.Data, bundledID+".yaml"))
	form := statementForm(t, h, b, bundledID)
	form.Set("summary.en", "One sentence only.")
	form.Set("figures[2].value", "4000")
	form.Set("action", "publish")
	r := b.Post("/desk/s/"+bundledID, form)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("publishing an invalid statement: %d", r.Status)
	}
	for field, msg := range map[string]string{
		"summary.en":       "summary.en: a summary has two to four sentences, this one has 1",
		"figures[2].quote": "figures[2].quote: the quote does not contain the value 4000 (it states 40000)",
	} {
		if !strings.Contains(fieldOf(r.Body, field), msg) {
			t.Errorf("no %q next to %s:\n%s", msg, field, problemsOf(r.Body))
		}
	}
	if after := mustReadFile(t, filepath.Join(h.Data, bundledID+".yaml")); !bytes.Equal(before, after) {
		t.Error("the refused publish changed the file")
	}
	// The changes are kept as a draft, out of the catalog.
	if d, err := h.Store.Draft(context.Background(), bundledID); err != nil || !strings.Contains(string(d.YAML), "One sentence only.") {
		t.Errorf("the refused changes were not kept as a draft: %v", err)
	}
	if !strings.Contains(b.Get("/desk/").Body, "state_published_draft") {
		t.Error("the list does not show the draft")
	}
}

func TestPublishingAChangedFigureReloadsWithTheChange(t *testing.T) {
	h := withBundled(t, nil)
	ctx := context.Background()
	st, problems, err := summaries.LoadState(ctx, summaries.DirFS(h.Data), summaries.LoadOptions{})
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	b := h.SignedIn(t)
	form := statementForm(t, h, b, bundledID)
	form.Set("figures[5].value", "220000")
	form.Set("figures[5].qualifier", "at least")
	form.Set("figures[5].translation.en", "They have trained and equipped at least 220,000 security and police personnel.")
	form.Set("figures[5].quote", "أكثر من 220,000 من افراد الأمن والشرطة")
	form.Set("figures[5].correction", "The qualifier was wrong.")
	form.Set("action", "publish")
	r := b.Post("/desk/s/"+bundledID, form)
	if r.Status == http.StatusSeeOther {
		t.Fatal("a qualifier the quote contradicts was published")
	}
	form = statementForm(t, h, b, bundledID)
	form.Set("figures[1].quote", "سيطرت داعش علي حوالي 110,000 كيلومتر مربع")
	form.Set("figures[1].correction", "The quote is shorter.")
	form.Set("action", "publish")
	if r := b.Post("/desk/s/"+bundledID, form); r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", r.Status, problemsOf(r.Body))
	}
	u, err := st.Reload(ctx, summaries.Changes{Paths: []string{bundledID + ".yaml"}})
	if err != nil || !u.Accepted || len(u.Changed) != 1 || u.Changed[0].ID != bundledID {
		t.Fatalf("reload: %v %+v", err, u)
	}
	c := u.Changed[0]
	if c.Old.Figures[1].Quote == c.New.Figures[1].Quote || c.New.Figures[1].Correction != "The quote is shorter." {
		t.Errorf("the reload does not carry the figure's change: %q → %q", c.Old.Figures[1].Quote, c.New.Figures[1].Quote)
	}
	hist := b.Get("/desk/s/" + bundledID)
	if !strings.Contains(hist.Body, "figures[1].quote, figures[1].correction") {
		t.Errorf("the history does not name the changed fields:\n%s", hist.Body[strings.Index(hist.Body, `id="history"`):])
	}
}

func TestDiscardADraft(t *testing.T) {
	h := withBundled(t, nil)
	b := h.SignedIn(t)
	form := statementForm(t, h, b, bundledID)
	form.Set("title.en", "A draft title")
	form.Set("action", "save")
	if r := b.Post("/desk/s/"+bundledID, form); r.Status != http.StatusSeeOther {
		t.Fatalf("save: %d", r.Status)
	}
	v, body := editForm(t, b, bundledID)
	if !strings.Contains(body, "A draft title") {
		t.Fatal("the page does not show the draft")
	}
	if r := b.Post("/desk/s/"+bundledID+"/discard", v); r.Status != http.StatusSeeOther {
		t.Fatalf("discard: %d", r.Status)
	}
	if _, body := editForm(t, b, bundledID); strings.Contains(body, "A draft title") || !strings.Contains(body, "discarded the draft") {
		t.Error("the draft was not discarded, or the history does not say so")
	}
}

func TestMakeAFigureFromASelectedSentence(t *testing.T) {
	h := withBundled(t, nil)
	b := h.SignedIn(t)
	form := statementForm(t, h, b, bundledID)
	form.Set("selection", "وكانت داعش في ذروتها تسيطر علي حوالي 110,000 كيلومتر")
	form.Set("action", "addfigure")
	r := b.Post("/desk/s/"+bundledID, form)
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "#figure-9") {
		t.Fatalf("add a figure: %d %q", r.Status, r.Location)
	}
	_, body := editForm(t, b, bundledID)
	for _, want := range []string{`name="figures[9].value" value="110000"`, `name="figures[9].id" value="figure-10"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the new figure lacks %s", want)
		}
	}
	if !strings.Contains(body, "figures[9].quote: the quote does not occur in the source text") {
		t.Error("a selection that is not the source's words must be reported")
	}
}

// TestPublishInASubfolder: a statement in a folder of BRIEFBOT_DATA (as the
// bundled data/statements/) is written where it is, its source beside it.
func TestPublishInASubfolder(t *testing.T) {
	h := desktest.NewDesk(t, desktest.DeskOptions{Statements: bottest.TestData()})
	b := h.SignedIn(t)
	v, body := editForm(t, b, bundledID)
	if !strings.Contains(body, "statements/"+bundledID+".yaml:") && !strings.Contains(body, `id="status">Valid`) {
		t.Fatalf("the statement in a subfolder is not shown")
	}
	orig := mustReadFile(t, filepath.Join(h.Data, "statements", bundledID+".yaml"))
	doc, err := desk.ParseDoc(orig)
	if err != nil {
		t.Fatal(err)
	}
	doc.Title.EN = "A new title"
	form := desk.FormValues(doc, mustReadFile(t, filepath.Join(h.Data, "statements", doc.Source.File)))
	form.Set("csrf", v.Get("csrf"))
	form.Set("version", v.Get("version"))
	form.Set("action", "publish")
	if r := b.Post("/desk/s/"+bundledID, form); r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d\n%s", r.Status, problemsOf(r.Body))
	}
	if got := mustReadFile(t, filepath.Join(h.Data, "statements", bundledID+".yaml")); !strings.Contains(string(got), "en: A new title") {
		t.Errorf("the file in the subfolder was not written:\n%.300s", got)
	}
	if _, err := os.Stat(filepath.Join(h.Data, bundledID+".yaml")); err == nil {
		t.Error("a second file was written at the top of the folder")
	}
}
