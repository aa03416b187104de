package search

import (
	"context"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

// Benchmarks over 10,000 generated statements (gen_test.go). Run them with
//
//	go test ./summaries/search -run '^$' -bench . -benchtime 1x
//
// (BenchmarkUpdateOne10k wants more iterations: -benchtime 50x).

const benchStatements = 10_000

// benchData is the benchmarks' catalog and the statement it copies.
type benchData struct {
	cat  *summaries.Catalog
	seed *summaries.Statement
	err  error
}

// generated makes the benchmarks' catalog once per process.
var generated = sync.OnceValue(func() benchData {
	seed, err := loadSeed()
	if err != nil {
		return benchData{err: err}
	}
	return benchData{cat: generateCatalog(benchStatements, seed.Latest()), seed: seed.Latest()}
})

func benchCatalog(b *testing.B) (*summaries.Catalog, *summaries.Statement) {
	d := generated()
	if d.err != nil {
		b.Fatal(d.err)
	}
	return d.cat, d.seed
}

// heapBytes reads the bytes of live and not yet swept heap objects without
// stopping the world.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// peakHeap samples the heap every millisecond until stop is called, and
// returns the most it saw beyond what was in use when it started.
func peakHeap() (stop func() float64) {
	runtime.GC()
	base := heapBytes()
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
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
	return func() float64 {
		close(done)
		<-finished
		return float64(peak.Load()-min(base, peak.Load())) / 1e6
	}
}

// BenchmarkBuild10k indexes 10,000 statements and their 90,000 figures
// (goal: under 10 s and 500 MB). build-s is the time of one build, peak-MB
// the most heap in use during the builds beyond what was in use before,
// index-MB the heap the finished index keeps.
func BenchmarkBuild10k(b *testing.B) {
	cat, _ := benchCatalog(b)
	stop := peakHeap()
	start := time.Now()
	var ix *Index
	for b.Loop() {
		if ix != nil {
			ix.Close()
		}
		var err error
		if ix, err = Build(context.Background(), cat, testAmounts); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	peak := stop()
	runtime.GC()
	before := heapBytes()
	ix.Close()
	ix = nil
	runtime.GC()
	b.ReportMetric(elapsed.Seconds()/float64(b.N), "build-s")
	b.ReportMetric(peak, "peak-MB")
	b.ReportMetric(float64(before-min(before, heapBytes()))/1e6, "index-MB")
}

// benchQueries is the fixed mix BenchmarkSearch10k runs: Arabic and
// English, one and three words, numbers, phrases and exclusions, words
// common and rare.
func benchQueries() []string {
	ar1 := []string{"مقاتلين", "الأمنية", "الامنيه", "أهمية", "اهميه", "داعش", "التحالف", "مليار", "مليون", "المساعدات",
		"الإنسانية", "الاستقرار", "المخيمات", "النازحين", "سوريا", "العراق", "الشرطة", "إيطاليا", "الإنتربول", "الديمغرافية"}
	ar3 := []string{"المقاتلين الإرهابيين الأجانب", "حكومة العراق الأمن", "المساعدات الانسانيه الاستقرار",
		"وزراء الخارجية بيان", "قوات الأمن العراقية", "شمال شرق سوريا", "20 مليار دولار", "حوالي 7.7 مليون",
		"هزيمة داعش الدائمة", "احترام القانون الدولي"}
	en1 := []string{"fighters", "coalition", "million", "billion", "Iraq", "Syria", "detention", "stabilisation", "refugees",
		"Interpol", "Washington", "Baghdad", "propaganda", "accountability", "humanitarian", "ministers", "Peshmerga", "territory", "engagement", "demographic"}
	en3 := []string{"foreign terrorist fighters", "joint statement ministers", "$20 billion assistance", "7.7 million people",
		"north-east Syria refugees", "security police personnel", "enduring defeat ISIS", "international law upheld",
		"Italy next meeting", "Iraqi Security Forces"}
	num := []string{"110,000", "١١٠٬٠٠٠", "7.7", "20", "2020", "40,000", "220000", "٢٠ مليار", "1.5 million", "5 years"}
	other := []string{`"المقاتلين الأجانب"`, `"foreign fighters"`, "داعش -سوريا", "coalition -Iraq", "generated-statement-04242",
		"gen-00042", "مقاتلن", "washingtn", `"علي مدي" سنوات`, "statement no. 512"}
	var out []string
	for i := range 200 {
		var q string
		switch i % 6 {
		case 0:
			q = ar1[i/6%len(ar1)]
		case 1:
			q = ar3[i/6%len(ar3)]
		case 2:
			q = en1[i/6%len(en1)]
		case 3:
			q = en3[i/6%len(en3)]
		case 4:
			q = num[i/6%len(num)]
		case 5:
			q = other[i/6%len(other)]
		}
		out = append(out, q)
	}
	return out
}

// BenchmarkSearch10k runs the query mix against the 10k index, one page of
// ten hits with snippets per query, in the language of each query. p50-ms
// and p99-ms are the latencies of single queries (goal: p99 under 5 ms).
func BenchmarkSearch10k(b *testing.B) {
	cat, _ := benchCatalog(b)
	ix, err := Build(context.Background(), cat, testAmounts)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	benchSearch(b, ix)
}

func benchSearch(b *testing.B, ix *Index) {
	var queries []Query
	for i, s := range benchQueries() {
		q, err := ParseQuery(s)
		if err != nil {
			b.Fatalf("%q: %v", s, err)
		}
		q.Lang = summaries.Langs[i%2]
		queries = append(queries, q)
	}
	var lat []time.Duration
	ctx := context.Background()
	for b.Loop() {
		for _, q := range queries {
			t := time.Now()
			if _, err := ix.Search(ctx, q); err != nil {
				b.Fatalf("%v: %v", q, err)
			}
			lat = append(lat, time.Since(t))
		}
	}
	slices.Sort(lat)
	ms := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(ms(0.50), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(float64(len(queries)), "queries/op")
}

// BenchmarkUpdateOne10k updates the 10k index for one changed statement,
// as the live reload does after a curator's edit. Each iteration edits
// another statement, so the catalogs differ one statement at a time; the
// catalogs are made with the timer stopped. update-ms is one Update.
func BenchmarkUpdateOne10k(b *testing.B) {
	cat, seed := benchCatalog(b)
	ix, err := Build(context.Background(), cat, testAmounts)
	if err != nil {
		b.Fatal(err)
	}
	stmts := slices.Clone(cat.All())
	var total time.Duration
	n := 0
	for b.Loop() {
		b.StopTimer()
		k := (n * 7919) % len(stmts)
		stmts[k] = generateStatement(benchStatements-1-k, seed, n+1)
		stmts[k].ID = cat.All()[k].ID
		next, _ := summaries.NewCatalog(stmts)
		b.StartTimer()
		t := time.Now()
		nix, err := ix.Update(context.Background(), next, []string{stmts[k].ID}, nil)
		if err != nil {
			b.Fatal(err)
		}
		total += time.Since(t)
		ix.Close()
		ix = nix
		n++
	}
	b.StopTimer()
	b.ReportMetric(float64(total)/float64(n)/1e6, "update-ms")
	b.ReportMetric(float64(len(ix.tiers)), "tiers")
	benchAfterUpdates(b, ix)
	ix.Close()
}

// benchAfterUpdates reports a query's latency after the updates, to show
// that their segments do not slow queries down.
func benchAfterUpdates(b *testing.B, ix *Index) {
	q, _ := ParseQuery("المقاتلين الإرهابيين الأجانب")
	var lat []time.Duration
	for range 50 {
		t := time.Now()
		if _, err := ix.Search(context.Background(), q); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2])/1e6, "after-p50-ms")
}
