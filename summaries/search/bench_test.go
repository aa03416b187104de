package search

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/briefbot/briefbot/summaries"
)

// Benchmarks over 10,000 generated statements, each run on both
// generators (gen_test.go): "copies" of the seed's text, where nearly
// every query word is in every statement (the worst case), and "zipf",
// whose statements draw the seed's vocabulary by Zipf's law and differ as
// an archive's do (genzipf_test.go). Run them with
//
//	go test ./summaries/search -run '^$' -bench '10k' -benchtime 1x
//	go test ./summaries/search -run '^$' -bench UpdateOne10k -benchtime 50x
//
// Each reports cpu-s beside wall time: the machine is shared, and wall
// time says as much about the other work running as about this.

const benchStatements = 10_000

// benchShapes are the generators every benchmark runs on.
var benchShapes = []shape{bundledSize, zipfVocab}

// benchData is a generated catalog and the statement it copies.
type benchData struct {
	cat  *summaries.Catalog
	seed *summaries.Statement
	err  error
}

var (
	benchMu   sync.Mutex
	benchCats = map[shape]benchData{}
)

// benchCatalog generates the catalog of a shape once per process.
func benchCatalog(b *testing.B, sh shape) (*summaries.Catalog, *summaries.Statement) {
	benchMu.Lock()
	defer benchMu.Unlock()
	d, ok := benchCats[sh]
	if !ok {
		seed, err := loadSeed()
		if err == nil {
			d = benchData{cat: generateCatalog(benchStatements, seed.Latest(), sh), seed: seed.Latest()}
		} else {
			d.err = err
		}
		benchCats = map[shape]benchData{sh: d} // keep one catalog at a time
	}
	if d.err != nil {
		b.Fatal(d.err)
	}
	return d.cat, d.seed
}

// benchIndex builds the index of the shape's catalog, closed when b ends.
func benchIndex(b *testing.B, sh shape) *Index {
	cat, _ := benchCatalog(b, sh)
	ix, err := Build(context.Background(), cat, testAmounts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	return ix
}

// heapSample reads the heap's objects (live and not yet swept) and the
// live heap as the last GC marked it, without stopping the world.
func heapSample() (objects, live uint64) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64(), s[1].Value.Uint64()
}

// peakHeap samples the heap every millisecond until stop is called, and
// returns the most it saw beyond what was in use when it started: heap
// objects (what the process holds, garbage included, with GOGC=100) and
// live heap (what a GC found reachable: the least memory the work needs).
func peakHeap() (stop func() (objectsMB, liveMB float64)) {
	runtime.GC()
	base, baseLive := heapSample()
	var peak, peakLive atomic.Uint64
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				o, l := heapSample()
				peak.Store(max(peak.Load(), o))
				peakLive.Store(max(peakLive.Load(), l))
			}
		}
	}()
	return func() (float64, float64) {
		close(done)
		<-finished
		mb := func(v, base uint64) float64 { return float64(v-min(base, v)) / 1e6 }
		return mb(peak.Load(), base), mb(peakLive.Load(), baseLive)
	}
}

// BenchmarkBuild10k indexes 10,000 statements and their 90,000 figures
// (goal: under 10 s and 500 MB). build-s is one build's wall time, cpu-s
// its CPU time; peak-MB the most heap in use during the builds beyond what
// was in use before (garbage included), live-MB the most live heap, and
// index-MB the heap the finished index keeps.
func BenchmarkBuild10k(b *testing.B) {
	for _, sh := range benchShapes {
		b.Run(sh.name, func(b *testing.B) {
			cat, _ := benchCatalog(b, sh)
			var ix *Index
			stop := peakHeap()
			start, cpu := time.Now(), cpuSeconds()
			for b.Loop() {
				if ix != nil {
					ix.Close()
				}
				var err error
				if ix, err = Build(context.Background(), cat, testAmounts); err != nil {
					b.Fatal(err)
				}
			}
			elapsed, cpu := time.Since(start), cpuSeconds()-cpu
			peak, live := stop()
			runtime.GC()
			runtime.GC() // twice: zap keeps its work buffers in a sync.Pool for one cycle
			held, _ := heapSample()
			ix.Close()
			runtime.GC()
			runtime.GC()
			after, _ := heapSample()
			b.ReportMetric(elapsed.Seconds()/float64(b.N), "build-s")
			b.ReportMetric(cpu/float64(b.N), "cpu-s")
			b.ReportMetric(peak, "peak-MB")
			b.ReportMetric(live, "live-MB")
			b.ReportMetric(float64(held-min(after, held))/1e6, "index-MB")
		})
	}
}

// wordQueries is the fixed mix of BenchmarkSearch10k/words, the issue's:
// Arabic and English queries of one and of three words (numbers among
// them), common words and rare ones, 200 in all.
func wordQueries() []string {
	ar1 := []string{"مقاتلين", "الأمنية", "الامنيه", "أهمية", "اهميه", "داعش", "التحالف", "مليار", "مليون", "المساعدات",
		"الإنسانية", "الاستقرار", "المخيمات", "النازحين", "الشرطة", "إيطاليا", "الإنتربول", "الديمغرافية", "بغداد", "المشردين",
		"١١٠٬٠٠٠", "٧٫٧", "2020", "40,000", "220000"}
	ar3 := []string{"المقاتلين الإرهابيين الأجانب", "حكومة العراق الأمن", "المساعدات الانسانيه الاستقرار",
		"وزراء الخارجية بيان", "قوات الأمن العراقية", "شمال شرق سوريا", "20 مليار دولار", "حوالي 7.7 مليون",
		"هزيمة داعش الدائمة", "احترام القانون الدولي", "بيان مشترك 512", "الاجتماع المقبل ايطاليا",
		"افراد الأمن والشرطة", "المساءلة إرهابيي داعش", "عودة اللاجئين طوعية"}
	en1 := []string{"fighters", "coalition", "million", "billion", "Iraq", "Syria", "detention", "stabilisation", "refugees",
		"Interpol", "Washington", "Baghdad", "propaganda", "accountability", "humanitarian", "ministers", "Peshmerga",
		"territory", "engagement", "demographic", "110,000", "7.7", "20", "1.5", "2019"}
	en3 := []string{"foreign terrorist fighters", "joint statement ministers", "$20 billion assistance", "7.7 million people",
		"north-east Syria refugees", "security police personnel", "enduring defeat ISIS", "international law upheld",
		"Italy next meeting", "Iraqi Security Forces", "statement no. 512", "Coalition members killed",
		"humanitarian assistance raised", "displaced people camps", "Abu Bakr al-Baghdadi"}
	lists := [][]string{ar1, ar3, en1, en3}
	var out []string
	for i := range 200 {
		l := lists[i%len(lists)]
		out = append(out, l[i/len(lists)%len(l)])
	}
	return out
}

// otherQueries is the mix of BenchmarkSearch10k/phrases: phrases,
// exclusions, ids and typos (which ask for a suggestion).
func otherQueries() []string {
	qs := []string{`"المقاتلين الأجانب"`, `"foreign fighters"`, `"علي مدي" سنوات`, `"شمال شرق سوريا"`,
		`"north-east Syria"`, "داعش -سوريا", "coalition -Iraq", `مليون -"7.7 مليون"`, "generated-statement-04242",
		"gen-00042", "بيان-00512", "مقاتلن", "washingtn", "الامنيهة", "stabilsation"}
	var out []string
	for i := range 60 {
		out = append(out, qs[i%len(qs)])
	}
	return out
}

// BenchmarkSearch10k runs fixed query mixes against the index of 10,000
// statements of the bundled size, one page of ten hits with snippets per
// query, the reply language alternating. p50-ms and p99-ms are single
// queries' latencies (goal: p99 under 5 ms), also by script and length
// (ar1-, ar3-, en1-, en3-: Arabic or English, one term or three); cpu-ms
// is CPU per query, and timeouts the queries that ran past MaxSearchTime.
func BenchmarkSearch10k(b *testing.B) {
	for _, sh := range benchShapes {
		b.Run(sh.name, func(b *testing.B) {
			ix := benchIndex(b, sh)
			b.Run("words", func(b *testing.B) { benchSearch(b, ix, wordQueries()) })
			b.Run("phrases", func(b *testing.B) { benchSearch(b, ix, otherQueries()) })
		})
	}
}

func benchSearch(b *testing.B, ix *Index, mix []string) {
	var queries []Query
	for i, s := range mix {
		q, err := ParseQuery(s)
		if err != nil {
			b.Fatalf("%q: %v", s, err)
		}
		q.Lang = summaries.Langs[i%2]
		queries = append(queries, q)
	}
	var lat []time.Duration
	// By the query's script and number of terms: "ar1" is an Arabic query
	// of one term, "en3" an English one of three or more.
	byClass := map[string][]time.Duration{}
	class := func(i int, q Query) string {
		lang := "en"
		if strings.ContainsFunc(mix[i], func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) {
			lang = "ar"
		}
		return fmt.Sprintf("%s%d", lang, min(len(q.Terms), 3))
	}
	ctx := context.Background()
	timeouts := 0
	cpu := cpuSeconds()
	for b.Loop() {
		for i, q := range queries {
			t := time.Now()
			if _, err := ix.Search(ctx, q); errors.Is(err, ErrTimeout) {
				timeouts++ // counted at the time it took
			} else if err != nil {
				b.Fatalf("%v: %v", q, err)
			}
			d := time.Since(t)
			lat = append(lat, d)
			byClass[class(i, q)] = append(byClass[class(i, q)], d)
		}
	}
	cpu = cpuSeconds() - cpu
	reportLatency(b, lat, "")
	for c, l := range byClass {
		reportLatency(b, l, c+"-")
	}
	b.ReportMetric(cpu/float64(len(lat))*1e3, "cpu-ms")
	b.ReportMetric(float64(len(queries)), "queries/op")
	b.ReportMetric(float64(timeouts), "timeouts")
}

// reportLatency reports the median and 99th percentile of lat in ms.
func reportLatency(b *testing.B, lat []time.Duration, prefix string) {
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) / 1e6 }
	b.ReportMetric(at(0.50), prefix+"p50-ms")
	b.ReportMetric(at(0.99), prefix+"p99-ms")
}

// BenchmarkUpdateOne10k updates the index of 10,000 statements for one
// changed statement, as the live reload does after a curator's edit. Each
// iteration edits another statement, so consecutive catalogs differ in one
// statement; they are made with the timer stopped. update-ms is the mean
// Update, update-p50-ms and update-p99-ms their spread (an update now and
// then rewrites a few earlier ones, see Update); before-p50-ms and
// after-p50-ms are the word mix's median latency on the built index and
// after the updates, to show what their segments cost queries.
func BenchmarkUpdateOne10k(b *testing.B) {
	for _, sh := range benchShapes {
		b.Run(sh.name, func(b *testing.B) { benchUpdate(b, sh) })
	}
}

func benchUpdate(b *testing.B, sh shape) {
	cat, seed := benchCatalog(b, sh)
	ix, err := Build(context.Background(), cat, testAmounts)
	if err != nil {
		b.Fatal(err)
	}
	before := mixLatency(b, ix)
	stmts := slices.Clone(cat.All())
	var lat []time.Duration
	for b.Loop() {
		b.StopTimer()
		k := (len(lat) * 7919) % len(stmts)
		edited := generateStatement(benchStatements-1-k, seed, sh, len(lat)+1)
		edited.ID, edited.Aliases, edited.Date = stmts[k].ID, stmts[k].Aliases, stmts[k].Date
		stmts[k] = edited
		next, _ := summaries.NewCatalog(stmts)
		b.StartTimer()
		t := time.Now()
		nix, err := ix.Update(context.Background(), next, []string{edited.ID}, nil)
		if err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
		ix.Close()
		ix = nix
	}
	b.StopTimer()
	defer ix.Close()
	var sum time.Duration
	for _, d := range lat {
		sum += d
	}
	b.ReportMetric(float64(sum)/float64(len(lat))/1e6, "update-ms")
	reportLatency(b, lat, "update-")
	b.ReportMetric(float64(len(ix.tiers)), "tiers")
	b.ReportMetric(before, "before-p50-ms")
	b.ReportMetric(mixLatency(b, ix), "after-p50-ms")
}

// mixLatency runs the word mix three times on ix, after a GC so that
// the garbage of what ran before does not weigh, and returns its median
// latency.
func mixLatency(b *testing.B, ix *Index) float64 {
	runtime.GC()
	var lat []time.Duration
	for range 3 {
		for _, s := range wordQueries() {
			q, _ := ParseQuery(s)
			t := time.Now()
			if _, err := ix.Search(context.Background(), q); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t))
		}
	}
	slices.Sort(lat)
	return float64(lat[len(lat)/2]) / 1e6
}

// BenchmarkAnalyzeSource analyses the seed's 10 KB source text with the
// Arabic analyser.
func BenchmarkAnalyzeSource(b *testing.B) {
	seed := seedCatalog(b).Latest()
	src := []byte(seed.Source.Text)
	an := newAnalyzers()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		an.ar.Analyze(slices.Clone(src))
	}
}

// BenchmarkPostingsFloor10k measures what no searcher over this index can
// go below: for each query of the word mix, reading every posting of its
// terms in the fields Search looks them up in, with frequencies and norms
// (scoring needs them) and nothing else, no scoring, no collecting.
// floor-p50-ms and floor-p99-ms are that per query; postings/query is the
// mean count. Beside BenchmarkSearch10k it shows how much of a query's time
// is bleve's postings themselves, and so what a faster searcher could win.
func BenchmarkPostingsFloor10k(b *testing.B) {
	for _, sh := range benchShapes {
		b.Run(sh.name, func(b *testing.B) {
			ix := benchIndex(b, sh)
			var lat []time.Duration
			postings := 0
			ctx := context.Background()
			for b.Loop() {
				for _, s := range wordQueries() {
					q, _ := ParseQuery(s)
					t := time.Now()
					postings += readPostings(b, ctx, ix, q)
					lat = append(lat, time.Since(t))
				}
			}
			reportLatency(b, lat, "floor-")
			b.ReportMetric(float64(postings)/float64(len(lat)), "postings/query")
		})
	}
}

// readPostings reads every posting Search would for q's terms, and counts them.
func readPostings(b *testing.B, ctx context.Context, ix *Index, q Query) int {
	n := 0
	for _, p := range ix.store.an.plan(q.Terms, false) {
		if !p.searchable() {
			continue
		}
		for _, f := range searchFields() {
			if f.lang == summaries.EN && p.arabic {
				continue
			}
			for _, slot := range p.phrase[f.lang] {
				for _, term := range slot {
					r, err := ix.view.snap.TermFieldReader(ctx, []byte(term), f.name, true, true, false)
					if err != nil {
						b.Fatal(err)
					}
					var d *index.TermFieldDoc
					for {
						if d, err = r.Next(d); err != nil {
							b.Fatal(err)
						}
						if d == nil {
							break
						}
						n++
					}
					_ = r.Close()
				}
			}
		}
	}
	return n
}
