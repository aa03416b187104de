package desk_test

import (
	"bytes"
	"context"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/desk"
	"github.com/briefbot/briefbot/data"
	"github.com/briefbot/briefbot/summaries"
)

const bundledID = "coalition-ministers-2019-11"

// withBundled is a data folder holding the bundled statement and the fixture.
func withBundled(t *testing.T, now func() time.Time) *bottest.Desk {
	return bottest.NewDesk(t, bottest.DeskOptions{Statements: bottest.TestDataStatements(), Now: now})
}

// editForm is the form of a statement's page as a browser would send it.
func editForm(t *testing.T, b *bottest.Browser, id string) (url.Values, string) {
	t.Helper()
	page := b.Get("/desk/s/" + id)
	if page.Status != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", id, page.Status, page.Body)
	}
	return url.Values{"csrf": {bottest.FormValue(page.Body, "csrf")}, "version": {bottest.FormValue(page.Body, "version")}}, page.Body
}

// statementForm is the form for the statement as it is in the data folder.
func statementForm(t *testing.T, h *bottest.Desk, b *bottest.Browser, id string) url.Values {
	t.Helper()
	v, _ := editForm(t, b, id)
	doc, src := readStatement(t, h, id)
	form := desk.FormValues(doc, src)
	form.Set("csrf", v.Get("csrf"))
	form.Set("version", v.Get("version"))
	return form
}

func readStatement(t *testing.T, h *bottest.Desk, id string) (*desk.Doc, []byte) {
	t.Helper()
	yml, err := os.ReadFile(filepath.Join(h.Data, id+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := desk.ParseDoc(yml)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(h.Data, doc.Source.File))
	if err != nil {
		t.Fatal(err)
	}
	return doc, src
}

func TestSignInAndOut(t *testing.T) {
	h := bottest.NewDesk(t, bottest.DeskOptions{})
	b := h.Browser(t)
	if r := b.Get("/desk/"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/desk/signin?next=") {
		t.Fatalf("without a session: %d %q", r.Status, r.Location)
	}
	if r := b.SignIn(bottest.Curator, "wrong password!"); r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "do not match") {
		t.Fatalf("wrong password: %d\n%s", r.Status, r.Body)
	}
	if r := b.SignIn("nobody", bottest.CuratorPassword); r.Status != http.StatusUnauthorized {
		t.Fatalf("unknown curator: %d", r.Status)
	}
	r := b.SignIn(bottest.Curator, bottest.CuratorPassword)
	if r.Status != http.StatusSeeOther || r.Location != "/desk/" {
		t.Fatalf("sign-in: %d %q", r.Status, r.Location)
	}
	cookie := setCookie(t, r, "briefbot_desk")
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/desk/" || cookie.Secure {
		t.Errorf("session cookie %+v", cookie)
	}
	list := b.Get("/desk/")
	if list.Status != http.StatusOK || !strings.Contains(list.Body, "coalition-fixture-2018") {
		t.Fatalf("list: %d\n%s", list.Status, list.Body)
	}
	if r := b.Post("/desk/signout", url.Values{"csrf": {bottest.FormValue(list.Body, "csrf")}}); r.Status != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", r.Status)
	}
	if r := b.Get("/desk/"); r.Status != http.StatusSeeOther {
		t.Errorf("after signing out the list is still served: %d", r.Status)
	}
	for _, secret := range []string{bottest.CuratorPassword, "wrong password!", cookie.Value} {
		if strings.Contains(h.Logs.String(), secret) {
			t.Errorf("the log holds a secret: %q", secret)
		}
	}
}

func TestSessionCookieIsSecureBehindTLS(t *testing.T) {
	h := bottest.NewDesk(t, bottest.DeskOptions{})
	page := h.Browser(t).Get("/desk/signin")
	req, _ := http.NewRequest(http.MethodPost, h.Server.URL+"/desk/signin", strings.NewReader(url.Values{
		"csrf": {bottest.FormValue(page.Body, "csrf")}, "name": {bottest.Curator}, "password": {bottest.CuratorPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.AddCookie(&http.Cookie{Name: "briefbot_desk_signin", Value: bottest.FormValue(page.Body, "csrf")})
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if c := setCookie(t, bottest.Response{Status: res.StatusCode, Header: res.Header}, "briefbot_desk"); !c.Secure {
		t.Errorf("behind TLS the session cookie is not Secure: %+v", c)
	}
}

func TestFailedSignInsAreRateLimited(t *testing.T) {
	clock := bottest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	h := bottest.NewDesk(t, bottest.DeskOptions{Now: clock.Now})
	b := h.Browser(t)
	for i := range 5 {
		if r := b.SignIn(bottest.Curator, "not the password"); r.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, r.Status)
		}
	}
	r := b.SignIn(bottest.Curator, bottest.CuratorPassword)
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Too many failed sign-ins") {
		t.Fatalf("the sixth attempt, right password, must wait: %d", r.Status)
	}
	other := h.Browser(t) // the limit is per address too: another name from here waits as well
	if r := other.SignIn("someone", "not the password"); r.Status != http.StatusTooManyRequests {
		t.Errorf("another name from the same address: %d", r.Status)
	}
	clock.Advance(time.Minute)
	if r := b.SignIn(bottest.Curator, bottest.CuratorPassword); r.Status != http.StatusSeeOther {
		t.Errorf("after a minute the right password signs in: %d", r.Status)
	}
}

func TestFormsWithoutTheCSRFTokenAreRefused(t *testing.T) {
	h := bottest.NewDesk(t, bottest.DeskOptions{})
	b := h.SignedIn(t)
	page := b.Get("/desk/new")
	token := bottest.FormValue(page.Body, "csrf")
	for name, form := range map[string]url.Values{
		"no token":    {"text": {"Some text. It has sentences."}},
		"wrong token": {"text": {"Some text. It has sentences."}, "csrf": {token + "x"}},
	} {
		if r := b.Post("/desk/new", form); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "form has expired") {
			t.Errorf("%s: %d", name, r.Status)
		}
	}
	if r := b.Post("/desk/signout", url.Values{}); r.Status != http.StatusForbidden {
		t.Errorf("sign-out without a token: %d", r.Status)
	}
	// The sign-in form's token must match its cookie.
	fresh := h.Browser(t)
	if r := fresh.Post("/desk/signin", url.Values{"csrf": {"guess"}, "name": {bottest.Curator}, "password": {bottest.CuratorPassword}}); r.Status != http.StatusForbidden {
		t.Errorf("sign-in without its cookie: %d", r.Status)
	}
	// A cross-site POST is refused even with the token.
	req, _ := http.NewRequest(http.MethodPost, h.Server.URL+"/desk/new", strings.NewReader(url.Values{"csrf": {token}, "text": {"A text. Two."}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", res.StatusCode)
	}
	if entries, _ := os.ReadDir(h.Data); len(entries) != 2 {
		t.Errorf("a refused form wrote files: %v", entries)
	}
}

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
	r := b.Post("/desk/new", url.Values{"csrf": {bottest.FormValue(newPage.Body, "csrf")}, "id": {"../../escape"},
		"text": {string(bottest.SeedPage(t))}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Errorf("an id with a path: %d", r.Status)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(h.Data), "escape.yaml")); err == nil {
		t.Error("a file was written outside the folder")
	}
}

func TestImportPasteAndPublish(t *testing.T) {
	h := bottest.NewDesk(t, bottest.DeskOptions{})
	b := h.SignedIn(t)
	page := b.Get("/desk/new")
	r := b.Post("/desk/new", url.Values{"csrf": {bottest.FormValue(page.Body, "csrf")}, "text": {string(bottest.SeedPage(t))},
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
	form = desk.FormValues(&filled, []byte(bottest.FormTextarea(body, "source_text")))
	form.Set("csrf", bottest.FormValue(body, "csrf"))
	form.Set("version", bottest.FormValue(body, "version"))
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
	for _, want := range []string{"Published.", "drafted from a text", "saved the draft", "published", bottest.Curator} {
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
	h := bottest.NewDesk(t, bottest.DeskOptions{})
	b := h.SignedIn(t)
	token := bottest.FormValue(b.Get("/desk/new").Body, "csrf")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", token)
	mw.WriteField("published", "2019-11-15")
	fw, _ := mw.CreateFormFile("upload", "page.txt")
	fw.Write(bottest.SeedPage(t))
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

func TestTwoCuratorsSavingTheSameStatement(t *testing.T) {
	h := withBundled(t, nil)
	bottest.AddCurator(t, h.Store, "omar", "another long password")
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

func TestPreviewUsesTheRenderers(t *testing.T) {
	h := withBundled(t, nil)
	b := h.SignedIn(t)
	for _, c := range []struct{ lang, view, want string }{
		{"en", "figures", "about 110,000 km²"}, {"ar", "figures", "110,000"}, {"en", "summary", "Key points"},
		{"en", "briefing", "Ministers of the Global Coalition"}, {"ar", "summary", "واشنطن"},
	} {
		q := "/desk/s/" + bundledID + "/preview?lang=" + c.lang + "&view=" + c.view
		p := b.Get(q)
		if p.Status != http.StatusOK || !strings.Contains(p.Body, `id="telegram-frame"`) || !strings.Contains(p.Body, `class="embed"`) {
			t.Fatalf("%s: %d", q, p.Status)
		}
		plain := p.Body[strings.Index(p.Body, `id="plain-preview"`):]
		if !strings.Contains(plain, c.want) {
			t.Errorf("%s: the plain text lacks %q", q, c.want)
		}
		frame := b.Get("/desk/s/" + bundledID + "/preview/telegram?lang=" + c.lang + "&view=" + c.view)
		if csp := frame.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox;") || strings.Contains(csp, "script-src") {
			t.Errorf("the Telegram frame's CSP: %q", csp)
		}
		if !strings.Contains(frame.Body, "<b>") || strings.Contains(frame.Body, "<script") {
			t.Errorf("the Telegram frame:\n%s", frame.Body)
		}
	}
	if p := b.Get("/desk/s/" + bundledID + "/preview?lang=ar&view=figures&digits=arabic"); !strings.Contains(p.Body, "١١٠٬٠٠٠") {
		t.Error("Arabic digits are not previewed")
	}
}

func TestEveryPageInBothLanguagesHasNoInlineScript(t *testing.T) {
	h := withBundled(t, nil)
	b := h.SignedIn(t)
	for _, lang := range []string{"ar", "en"} {
		b.Get("/desk/lang?to=" + lang + "&back=/desk/")
		for _, p := range []string{"/desk/", "/desk/new", "/desk/s/" + bundledID, "/desk/s/" + bundledID + "/preview",
			"/desk/s/" + bundledID + "/current", "/desk/s/no-such-statement"} {
			r := b.Get(p)
			if r.Status != http.StatusOK && !(strings.HasSuffix(p, "no-such-statement") && r.Status == http.StatusNotFound) {
				t.Errorf("%s %s: %d", lang, p, r.Status)
			}
			if !strings.Contains(r.Body, `<html lang="`+lang+`" dir="`+map[string]string{"ar": "rtl", "en": "ltr"}[lang]+`"`) {
				t.Errorf("%s %s: not in the %s interface", lang, p, lang)
			}
			csp := r.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
				t.Errorf("%s: CSP %q", p, csp)
			}
			for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(r.Body, -1) {
				if !strings.Contains(tag, `src="/desk/static/`) {
					t.Errorf("%s: inline script %s", p, tag)
				}
			}
			if strings.Contains(r.Body, " style=") || strings.Contains(r.Body, "<style") {
				t.Errorf("%s: inline style", p)
			}
		}
	}
	edit := b.Get("/desk/s/" + bundledID)
	if !strings.Contains(edit.Body, `name="summary.ar" dir="rtl"`) || !strings.Contains(edit.Body, `name="figures[0].quote" dir="rtl"`) ||
		!strings.Contains(edit.Body, `name="summary.en" dir="ltr"`) {
		t.Error("Arabic fields are not written right to left")
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

func setCookie(t *testing.T, r bottest.Response, name string) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s cookie set (%d)", name, r.Status)
	return nil
}

func currentDoc(t *testing.T, h *bottest.Desk, id string) *desk.Doc {
	t.Helper()
	d, err := h.Store.Draft(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := desk.ParseDoc(d.YAML)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func problemsOf(page string) string {
	return strings.Join(regexp.MustCompile(`<li dir="ltr">[^<]*`).FindAllString(page, -1), "\n")
}

func mustReadFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustRead(t *testing.T, fsys fs.FS, p string) []byte {
	t.Helper()
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fieldOf is the label of the input name in a page: the input and the
// problems shown with it.
func fieldOf(page, name string) string {
	i := strings.Index(page, `data-field="`+name+`"`)
	if i < 0 {
		return ""
	}
	end := strings.Index(page[i:], "</label>")
	return page[i : i+end]
}
