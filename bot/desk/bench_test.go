package desk_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot/desk/desktest"

	"github.com/briefbot/briefbot/bot/desk"
	"github.com/briefbot/briefbot/data"
)

// BenchmarkEditPage is a statement's page: the data folder loaded and the
// statement validated over it (summaries.Load twice), laid out and rendered.
func BenchmarkEditPage(b *testing.B) {
	for _, n := range []int{2, 100} {
		b.Run(fmt.Sprintf("statements=%d", n), func(b *testing.B) {
			h := withBundled(b, nil)
			addCopies(b, h, n-2)
			br := h.SignedIn(b)
			b.ResetTimer()
			for b.Loop() {
				if r := br.Get("/desk/s/" + bundledID); r.Status != http.StatusOK {
					b.Fatal(r.Status)
				}
			}
		})
	}
}

// BenchmarkPreviewPage builds the figures reply with the core and renders
// it three ways.
func BenchmarkPreviewPage(b *testing.B) {
	h := withBundled(b, nil)
	br := h.SignedIn(b)
	for b.Loop() {
		if r := br.Get("/desk/s/" + bundledID + "/preview?lang=ar&view=figures"); r.Status != http.StatusOK {
			b.Fatal(r.Status)
		}
	}
}

// BenchmarkEncode writes the bundled statement as the desk publishes it.
func BenchmarkEncode(b *testing.B) {
	doc, err := desk.ParseDoc(mustRead(b, data.FS(), "statements/coalition-ministers-2019-11.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := desk.Encode(doc); err != nil {
			b.Fatal(err)
		}
	}
}

// addCopies adds n copies of the fixture statement, each with its own id.
func addCopies(b testing.TB, h *desktest.Desk, n int) {
	yml := string(mustReadFile(b, filepath.Join(h.Data, "coalition-fixture-2018.yaml")))
	for i := range n {
		c := strings.ReplaceAll(yml, "coalition-fixture-2018", fmt.Sprintf("copy-%03d", i))
		c = strings.Replace(c, fmt.Sprintf("file: copy-%03d.en.txt", i), "file: coalition-fixture-2018.en.txt", 1)
		c = strings.ReplaceAll(c, "fixture-2018]", fmt.Sprintf("fixture-copy-%03d]", i))
		if err := os.WriteFile(filepath.Join(h.Data, fmt.Sprintf("copy-%03d.yaml", i)), []byte(c), 0o644); err != nil {
			b.Fatal(err)
		}
	}
}
