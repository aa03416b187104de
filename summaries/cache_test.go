package summaries_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/summaries"
)

func loadCached(t *testing.T, dir, cache string) (*summaries.State, []summaries.Problem) {
	t.Helper()
	st, problems, err := summaries.LoadState(context.Background(), summaries.DirFS(dir), summaries.LoadOptions{CacheDir: cache})
	if err != nil {
		t.Fatal(err)
	}
	return st, problems
}

// TestCacheSkipsUnchangedFilesOnly: a restart parses only the files whose
// content, or whose source text's content, changed; what the cache gives is
// what parsing gives.
func TestCacheSkipsUnchangedFilesOnly(t *testing.T) {
	dir, cache := t.TempDir(), filepath.Join(t.TempDir(), "cache")
	yaml, source := bundled(t)
	writeFile(t, dir, stmtFile, yaml)
	writeFile(t, dir, sourceFile, source)
	writeFS(t, dir, generate(10, typical))

	cold, problems := loadCached(t, dir, cache)
	if len(problems) > 0 || summaries.Parsed(cold) != 11 {
		t.Fatalf("cold load: %d parsed, problems %v", summaries.Parsed(cold), problems)
	}
	warm, problems := loadCached(t, dir, cache)
	if len(problems) > 0 || summaries.Parsed(warm) != 0 {
		t.Fatalf("warm load: %d parsed, problems %v", summaries.Parsed(warm), problems)
	}
	for _, st := range cold.Catalog().All() {
		if w := warm.Catalog().Get(st.ID); !reflect.DeepEqual(st, w) {
			t.Errorf("%s from the cache differs from the parsed one:\n%+v\n%+v", st.ID, st, w)
		}
	}
	if m := warm.Catalog().Find("بيان-00004"); m.Statement == nil || m.Statement.ID != "generated-statement-00004" {
		t.Errorf("an Arabic alias from the cache: %+v", m)
	}

	// An edited statement file is parsed again.
	_, file, src := gen(3)
	edited := strings.Replace(mustRead(t, dir, file), "en: Figure 1 of the statement", "en: Edited figure", 1)
	writeFile(t, dir, file, edited)
	st, problems := loadCached(t, dir, cache)
	if len(problems) > 0 || summaries.Parsed(st) != 1 || st.Catalog().Get("generated-statement-00003").Figures[0].Label.EN != "Edited figure" {
		t.Errorf("an edited file: %d parsed, problems %v", summaries.Parsed(st), problems)
	}
	// A source text that no longer holds a quote is never served from the
	// cache, though its statement file did not change.
	writeFile(t, dir, src, strings.Replace(mustRead(t, dir, src), "من الأراضي", "من الارض", 1))
	st, problems = loadCached(t, dir, cache)
	if summaries.Parsed(st) != 1 || len(problems) != 1 || problems[0].File != file || st.Catalog().Get("generated-statement-00003") != nil {
		t.Errorf("a changed source: %d parsed, problems %v", summaries.Parsed(st), problems)
	}
}

// TestCacheFromElsewhereIsIgnored: a corrupt cache, or one another build
// wrote, parses everything again, and is rewritten.
func TestCacheFromElsewhereIsIgnored(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	writeFS(t, dir, generate(3, typical))
	loadCached(t, dir, cache)
	if err := summaries.RewriteCacheVersion(cache, "another build"); err != nil {
		t.Fatal(err)
	}
	if st, _ := loadCached(t, dir, cache); summaries.Parsed(st) != 3 {
		t.Errorf("a cache from another build was used (%d parsed)", summaries.Parsed(st))
	}
	if st, _ := loadCached(t, dir, cache); summaries.Parsed(st) != 0 {
		t.Errorf("the cache was not rewritten (%d parsed)", summaries.Parsed(st))
	}
	os.WriteFile(filepath.Join(cache, "statements.gob"), []byte("not a cache"), 0o644)
	if st, problems := loadCached(t, dir, cache); summaries.Parsed(st) != 3 || len(problems) > 0 || st.Catalog().Len() != 3 {
		t.Errorf("a corrupt cache: %d parsed, problems %v", summaries.Parsed(st), problems)
	}
}

func mustRead(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
