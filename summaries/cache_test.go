package summaries_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

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
	os.WriteFile(filepath.Join(cache, summaries.CacheFileName), []byte("not a cache"), 0o644)
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

// fill sets every field reachable from v to a distinct value that is not
// its zero, so that a field the cache forgets cannot go unnoticed.
func fill(v reflect.Value, n *int) {
	*n++
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("s%d-نص", *n))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.25)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(1961, 12, 31, 0, 0, 0, 0, time.UTC))) // before 1970: a negative varint
			return
		}
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	default:
		panic("fill: add a case for " + v.Kind().String())
	}
}

// TestCacheKeepsEveryField: a statement with every field set comes back
// from the cache's binary form equal (but for the two fields the cache
// leaves out: the file's path and the source's text, read again).
func TestCacheKeepsEveryField(t *testing.T) {
	var st summaries.Statement
	n := 0
	fill(reflect.ValueOf(&st).Elem(), &n)
	st.File, st.Source.Text = "", ""
	got, err := summaries.RoundTripCache(&st)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&st, got) {
		t.Errorf("the cache lost a field:\nwrote %+v\nread  %+v", st, *got)
	}
}

// TestDamagedCacheIsNoCache: a cache cut short or with a flipped byte is
// ignored whole, never half used, never a panic.
func TestDamagedCacheIsNoCache(t *testing.T) {
	dir, cache := t.TempDir(), t.TempDir()
	writeFS(t, dir, generate(3, full))
	loadCached(t, dir, cache)
	good, err := os.ReadFile(filepath.Join(cache, summaries.CacheFileName))
	if err != nil {
		t.Fatal(err)
	}
	scratch := t.TempDir()
	if n := summaries.ReadCacheBytes(scratch, good); n != 3 {
		t.Fatalf("the good cache reads %d records", n)
	}
	for i := 0; i < len(good); i += max(1, len(good)/97) {
		if n := summaries.ReadCacheBytes(scratch, good[:i]); n != 0 {
			t.Fatalf("a cache cut at %d of %d bytes gave %d records", i, len(good), n)
		}
		flipped := append([]byte(nil), good...)
		flipped[i] ^= 0x20
		if n := summaries.ReadCacheBytes(scratch, flipped); n != 0 {
			t.Fatalf("a cache with byte %d flipped gave %d records", i, n)
		}
	}
}
