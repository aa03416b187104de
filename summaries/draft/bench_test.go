package draft

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// page50KB builds a 50 KB page from the seed: its chrome, introduction and
// lead-in once, then its statement paragraphs again and again, the digits
// turned each time so that no two repetitions state the same figures.
func page50KB(b *testing.B) []byte {
	b.Helper()
	raw, err := os.ReadFile(seedPage)
	if err != nil {
		b.Fatal(err)
	}
	page := string(raw)
	cut := strings.Index(page, "وفيما يلي نص البيان:") + len("وفيما يلي نص البيان:")
	head, body := page[:cut], page[cut:]
	last := strings.LastIndex(body, "\n")
	body, tail := body[:last], body[last:]
	var out bytes.Buffer
	out.WriteString(head)
	for r := 0; out.Len() < 50*1024-len(tail); r++ {
		out.WriteString(strings.Map(func(c rune) rune {
			if c >= '0' && c <= '9' {
				return '0' + (c-'0'+rune(r))%10
			}
			return c
		}, body))
	}
	out.WriteString(tail)
	return out.Bytes()
}

func BenchmarkImport50KB(b *testing.B) {
	page := page50KB(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	figures := 0
	for b.Loop() {
		d, err := Import(page, Options{Published: seedPublished})
		if err != nil {
			b.Fatal(err)
		}
		var w bytes.Buffer
		if err := d.WriteYAML(&w); err != nil {
			b.Fatal(err)
		}
		figures = len(d.Figures)
	}
	b.ReportMetric(float64(figures), "figures")
}

func BenchmarkExtractFigures50KB(b *testing.B) {
	text := StripChrome(string(page50KB(b))).Statement
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		ExtractFigures(text)
	}
}

// BenchmarkImportRunOn1MB is the worst case the size bound allows: a
// megabyte with no punctuation, a number in every other word. Its MB/s
// staying near the 50 KB case's shows that no step reads the whole text
// again for every number.
func BenchmarkImportRunOn1MB(b *testing.B) {
	var w bytes.Buffer
	for i := 0; w.Len() < MaxSize-64; i++ {
		w.WriteString("أكثر من 110,000 شخص و")
	}
	w.WriteString("نهاية.")
	text := w.Bytes()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Import(text, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
