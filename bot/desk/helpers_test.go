package desk_test

import (
	"context"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/desk/desktest"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/desk"
)

const bundledID = "coalition-ministers-2019-11"

// withBundled is a data folder holding the bundled statement and the fixture.
func withBundled(t testing.TB, now func() time.Time) *desktest.Desk {
	return desktest.NewDesk(t, desktest.DeskOptions{Statements: bottest.Statements(), Now: now})
}

// editForm is the form of a statement's page as a browser would send it.
func editForm(t *testing.T, b *desktest.Browser, id string) (url.Values, string) {
	t.Helper()
	page := b.Get("/desk/s/" + id)
	if page.Status != http.StatusOK {
		t.Fatalf("GET %s: %d\n%s", id, page.Status, page.Body)
	}
	return url.Values{"csrf": {desktest.FormValue(page.Body, "csrf")}, "version": {desktest.FormValue(page.Body, "version")}}, page.Body
}

// statementForm is the form for the statement as it is in the data folder.
func statementForm(t *testing.T, h *desktest.Desk, b *desktest.Browser, id string) url.Values {
	t.Helper()
	v, _ := editForm(t, b, id)
	doc, src := readStatement(t, h, id)
	form := desk.FormValues(doc, src)
	form.Set("csrf", v.Get("csrf"))
	form.Set("version", v.Get("version"))
	return form
}

func readStatement(t *testing.T, h *desktest.Desk, id string) (*desk.Doc, []byte) {
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

func setCookie(t *testing.T, r desktest.Response, name string) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s cookie set (%d)", name, r.Status)
	return nil
}

func currentDoc(t *testing.T, h *desktest.Desk, id string) *desk.Doc {
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

func mustReadFile(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
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

func mustRead(t testing.TB, fsys fs.FS, p string) []byte {
	t.Helper()
	b, err := fs.ReadFile(fsys, p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
