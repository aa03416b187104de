package summaries_test

import (
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

// BenchmarkLoad10k loads and validates 10,000 generated statements from a
// directory, as BRIEFBOT_DATA is loaded (goal: under 1 s, under 200 MB).
// peak-MB is the most heap in use during the load beyond what was in use
// before it.
func BenchmarkLoad10k(b *testing.B) {
	for _, tc := range []struct {
		name  string
		shape genShape
	}{{"typical", typical}, {"full", full}} {
		b.Run(tc.name, func(b *testing.B) {
			dir := b.TempDir()
			var bytes int
			for name, f := range generate(10_000, tc.shape) {
				bytes += len(f.Data)
				p := filepath.Join(dir, name)
				os.MkdirAll(filepath.Dir(p), 0o755)
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					b.Fatal(err)
				}
			}
			fsys := os.DirFS(dir)
			runtime.GC()
			base := heapBytes()
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
			for b.Loop() {
				cat, problems, err := summaries.Load(fsys)
				if err != nil || len(problems) > 0 || cat.Len() != 10_000 {
					b.Fatalf("err %v, %d problems, %d statements", err, len(problems), cat.Len())
				}
			}
			close(done)
			b.ReportMetric(float64(peak.Load()-min(base, peak.Load()))/1e6, "peak-MB")
			b.ReportMetric(float64(bytes)/1e6, "input-MB")
		})
	}
}
