package summaries_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/briefbot/briefbot/data"
	"github.com/briefbot/briefbot/summaries"
)

func BenchmarkLoadBundled(b *testing.B) {
	for b.Loop() {
		if _, p, err := summaries.Load(data.FS()); err != nil || len(p) > 0 {
			b.Fatal(err, p)
		}
	}
}

// genShape sizes a generated statement.
type genShape struct {
	figures, keyPoints int
}

// Shapes: "typical" is a short ministerial statement (5 figures, 4 key
// points, about 4 KB of YAML); "full" has the bundled communiqué's shape
// (9 figures, 8 key points, about 9 KB of YAML).
var (
	typical = genShape{figures: 5, keyPoints: 4}
	full    = genShape{figures: 9, keyPoints: 8}
)

// figureSentences are source sentences with a qualifier and a number, in
// the ways Arabic sources write them; %s is the number as written.
var figureSentences = []struct {
	ar, qualifier, unit string
	value               func(i int) (float64, string)
}{
	{"وفي ذروتها سيطر التنظيم علي حوالي %s كيلومتر مربع من الأراضي", "about", "km2",
		func(i int) (float64, string) { v := 1000 * (100 + i%900); return float64(v), group(v) }},
	{"واجتذب أكثر من %s من المقاتلين الأجانب", "more than", "fighters",
		func(i int) (float64, string) { v := 10 * (1000 + i%5000); return float64(v), group(v) }},
	{"وقد حررت الحملة حوالي %s مليون شخص من سيطرة التنظيم", "about", "people",
		func(i int) (float64, string) {
			v := 1 + i%90
			return float64(v) * 1e5, fmt.Sprintf("%d.%d", v/10, v%10)
		}},
	{"وجمع الأعضاء أكثر من $%s في المساعدات الانسانيه", "more than", "usd",
		func(i int) (float64, string) { v := int64(1+i%50) * 1_000_000_000; return float64(v), group64(v) }},
	{"وقاموا بتدريب وتجهيز ما لا يقل عن %s من افراد الأمن والشرطة", "at least", "personnel",
		func(i int) (float64, string) { v := 1000 * (10 + i%400); return float64(v), group(v) }},
	{"على مدى %s سنوات من المشاركة العسكرية والمدنية", "exact", "years",
		func(i int) (float64, string) { return float64(3 + i%7), fmt.Sprint(3 + i%7) }},
	{"ودعم أكثر من ١٬٥٠٠٬٠٠٠ نازح ومنهم %s في المخيمات", "exact", "people",
		func(i int) (float64, string) { v := 100 + i%800; return float64(v), fmt.Sprint(v) }},
	{"وقتل أكثر من %s من أعضاء التحالف", "more than", "people",
		func(i int) (float64, string) { v := 20 + i%300; return float64(v), fmt.Sprint(v) }},
	{"ورحب الوزراء باستضافة الاجتماع المقبل في ال%s", "exact", "year",
		func(i int) (float64, string) { v := 2000 + i%30; return float64(v), fmt.Sprint(v) }},
}

func group(v int) string { return group64(int64(v)) }

func group64(v int64) string {
	s := fmt.Sprint(v)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// generate writes n valid statements of the given shape, with their source
// texts, into a MapFS.
func generate(n int, shape genShape) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := range n {
		id := fmt.Sprintf("generated-statement-%05d", i)
		var src, y strings.Builder
		src.WriteString("بيان مشترك رقم " + fmt.Sprint(i) + " صادر عن وزراء الخارجية\n\n")
		fmt.Fprintf(&y, "id: %s\naliases: [gen-%05d, بيان-%05d]\ndate: %s\n", id, i, i,
			time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.DateOnly))
		y.WriteString("place:\n  ar: واشنطن\n  en: Washington\npublisher:\n  ar: وزراء خارجية الدول الأعضاء\n  en: Foreign ministers of the member states\n")
		fmt.Fprintf(&y, "source:\n  file: %s.ar.txt\n  lang: ar\n  name:\n    ar: النص العربي للبيان\n    en: Arabic text of the statement\n", id)
		fmt.Fprintf(&y, "title:\n  ar: بيان مشترك لوزراء الخارجية رقم %d\n  en: Joint statement of foreign ministers no. %d\n", i, i)
		y.WriteString("summary:\n  ar: >-\n    أصدر الوزراء بيانًا مشتركًا بعد اجتماعهم، أكدوا فيه التزامهم بالعمل المشترك ودعم الشركاء المحليين.\n" +
			"    وحذّروا من أن الإنجازات مهددة، ودعوا إلى مواصلة الجهود في المرحلة المقبلة.\n" +
			"  en: >-\n    The ministers issued a joint statement after their meeting, affirming their commitment to joint work and to local partners.\n" +
			"    They warned that the gains are under threat and called for continued efforts in the next phase.\n")
		y.WriteString("key_points:\n")
		for k := range shape.keyPoints {
			fmt.Fprintf(&y, "  - ar: النقطة %d من البيان تؤكد أهمية التنسيق الوثيق بين الأعضاء واحترام القانون الدولي.\n", k+1)
			fmt.Fprintf(&y, "    en: Point %d of the statement stresses close coordination among members and respect for international law.\n", k+1)
		}
		y.WriteString("figures:\n")
		for k := range shape.figures {
			fs := figureSentences[k%len(figureSentences)]
			v, written := fs.value(i + k)
			quote := fmt.Sprintf(fs.ar, written)
			src.WriteString(quote + " ، وهو ما أكده البيان في فقرته " + fmt.Sprint(k+1) + ".\n")
			fmt.Fprintf(&y, "  - id: figure-%d\n    value: %s\n    unit: %s\n    qualifier: %s\n", k+1, fmt.Sprint(v), fs.unit, fs.qualifier)
			fmt.Fprintf(&y, "    label:\n      ar: الرقم %d في البيان\n      en: Figure %d of the statement\n    quote: %s\n", k+1, k+1, quote)
		}
		fsys["statements/"+id+".yaml"] = &fstest.MapFile{Data: []byte(y.String())}
		fsys["statements/"+id+".ar.txt"] = &fstest.MapFile{Data: []byte(src.String())}
	}
	return fsys
}

func TestGeneratedStatementsAreValid(t *testing.T) {
	for _, shape := range []genShape{typical, full} {
		_, problems, err := summaries.Load(generate(50, shape))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems[:min(len(problems), 5)] {
			t.Error(p)
		}
	}
}

// heapBytes reads the bytes of live and not yet swept heap objects without
// stopping the world.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// benchFolder writes n generated statements of a shape into a temporary
// folder and returns it with the size of its files.
func benchFolder(b *testing.B, n int, shape genShape) (string, int) {
	b.Helper()
	dir := b.TempDir()
	fsys := generate(n, shape)
	bytes := 0
	for _, f := range fsys {
		bytes += len(f.Data)
	}
	writeFS(b, dir, fsys)
	return dir, bytes
}

// measure samples the heap in use while the benchmark runs, and reports
// the most in use beyond what was in use before (peak-MB) and the CPU time
// of the process per operation (cpu-ms/op), which, unlike wall time, other
// work on the machine does not inflate.
func measure(b *testing.B) (stop func()) {
	runtime.GC()
	base := heapBytes()
	cpu := cpuTime()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if h := heapBytes(); h > peak.Load() {
					peak.Store(h)
				}
			}
		}
	}()
	return func() {
		close(done)
		b.ReportMetric(float64(peak.Load()-min(base, peak.Load()))/1e6, "peak-MB")
		if used := cpuTime() - cpu; used > 0 {
			b.ReportMetric(float64(used.Milliseconds())/float64(b.N), "cpu-ms/op")
		}
	}
}

// BenchmarkLoad10k loads and validates 10,000 generated statements from a
// folder, as the bot loads BRIEFBOT_DATA at start (goal: under 1 s, under
// 200 MB). What each case measures:
//
//   - nocache: Load, no cache: every file is read, hashed, parsed and
//     checked (the first start ever, or a start without BRIEFBOT_CACHE).
//   - cold: LoadState with an empty cache folder: all of nocache, plus
//     writing the cache (a start after a new build: the cache is keyed by
//     the executable's hash too).
//   - warm: LoadState with the cache a previous start wrote: every file is
//     still read and hashed, nothing is parsed; the statements come from
//     the cache (a restart of the same build over unchanged files).
//
// The catalog (folded names, duplicate checks, newest-first order) is
// built in every case.
func BenchmarkLoad10k(b *testing.B) {
	for _, tc := range []struct {
		name  string
		shape genShape
	}{{"typical", typical}, {"full", full}} {
		b.Run(tc.name, func(b *testing.B) {
			dir, input := benchFolder(b, 10_000, tc.shape)
			fsys := summaries.DirFS(dir)
			check := func(st *summaries.State, problems []summaries.Problem, err error) {
				if err != nil || len(problems) > 0 || st.Catalog().Len() != 10_000 {
					b.Fatalf("err %v, %d problems %v", err, len(problems), problems[:min(len(problems), 3)])
				}
			}
			b.Run("nocache", func(b *testing.B) {
				stop := measure(b)
				for b.Loop() {
					check(summaries.LoadState(context.Background(), fsys, summaries.LoadOptions{}))
				}
				stop()
				b.ReportMetric(float64(input)/1e6, "input-MB")
			})
			b.Run("cold", func(b *testing.B) {
				stop := measure(b)
				for b.Loop() {
					cache := b.TempDir()
					check(summaries.LoadState(context.Background(), fsys, summaries.LoadOptions{CacheDir: cache}))
				}
				stop()
			})
			b.Run("warm", func(b *testing.B) {
				cache := b.TempDir()
				check(summaries.LoadState(context.Background(), fsys, summaries.LoadOptions{CacheDir: cache}))
				info, err := os.Stat(filepath.Join(cache, summaries.CacheFileName))
				if err != nil {
					b.Fatal(err)
				}
				stop := measure(b)
				for b.Loop() {
					st, problems, err := summaries.LoadState(context.Background(), fsys, summaries.LoadOptions{CacheDir: cache})
					check(st, problems, err)
					if summaries.Parsed(st) != 0 {
						b.Fatalf("a warm load parsed %d files", summaries.Parsed(st))
					}
				}
				stop()
				b.ReportMetric(float64(info.Size())/1e6, "cache-MB")
			})
		})
	}
}

// BenchmarkReloadOne10k: 10,000 statements loaded, one file edited, the
// reload a watcher runs for that file (goal: under 100 ms).
func BenchmarkReloadOne10k(b *testing.B) {
	benchReload(b, summaries.Changes{Paths: []string{editedFile}})
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1e3/float64(b.N), "ms/reload")
}

// BenchmarkRescan10k: the full rescan SIGHUP runs over 10,000 statements
// with one file edited: every file's size and time compared, the edited
// one hashed and parsed.
func BenchmarkRescan10k(b *testing.B) {
	benchReload(b, summaries.Changes{Rescan: true})
}

const editedFile = "statements/generated-statement-05000.yaml"

// benchReload loads 10,000 statements, then times reloads with ch, each
// after an edit of editedFile (untimed), so that every reload has a real
// change to take.
func benchReload(b *testing.B, ch summaries.Changes) {
	dir, _ := benchFolder(b, 10_000, typical)
	st, problems, err := summaries.LoadState(context.Background(), summaries.DirFS(dir), summaries.LoadOptions{})
	if err != nil || len(problems) > 0 {
		b.Fatal(err, problems)
	}
	p := filepath.Join(dir, filepath.FromSlash(editedFile))
	orig, err := os.ReadFile(p)
	if err != nil {
		b.Fatal(err)
	}
	edits := [][]byte{[]byte(strings.Replace(string(orig), "en: Figure 1 of the statement", "en: The first figure", 1)), orig}
	stop := measure(b)
	defer stop()
	i := 0
	for b.Loop() {
		b.StopTimer()
		if err := os.WriteFile(p, edits[i%2], 0o644); err != nil {
			b.Fatal(err)
		}
		i++
		b.StartTimer()
		u, err := st.Reload(context.Background(), ch)
		if err != nil || !u.Accepted || len(u.Changed) != 1 {
			b.Fatalf("err %v, accepted %v, %d changed, problems %v", err, u.Accepted, len(u.Changed), u.Problems)
		}
		st = u.State
	}
}

// BenchmarkFind10k: looking a statement up by what people type, among
// 10,000: an alias with spaces for hyphens (found by key), words of a
// title (every title read), and a near miss (suggestions: every name
// compared).
func BenchmarkFind10k(b *testing.B) {
	cat, problems, err := summaries.Load(generate(10_000, typical))
	if err != nil || len(problems) > 0 {
		b.Fatal(err, problems)
	}
	for _, tc := range []struct{ name, query string }{
		{"alias-spaces", "بيان ٠٠٠٤٢"}, {"title-words", "ministers no. 4242"}, {"near-miss", "genrated statment 4242"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if m := cat.Find(tc.query); m.Statement == nil && len(m.Suggestions) == 0 && tc.name != "near-miss" {
					b.Fatalf("%q found nothing", tc.query)
				}
			}
		})
	}
}
