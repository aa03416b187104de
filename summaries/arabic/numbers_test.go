package arabic

import (
	"slices"
	"testing"
)

func values(s string) []float64 {
	var out []float64
	for _, n := range Numbers(s) {
		out = append(out, n.Value)
	}
	return out
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want []float64
	}{
		{"110,000", []float64{110000}},
		{"7,700,000", []float64{7700000}},
		{"$20,000,000,000", []float64{20e9}},
		{"١١٠٬٠٠٠", []float64{110000}},
		{"٧٫٧ مليون", []float64{7.7e6}},
		{"۱۲۳", []float64{123}},
		{"7.7 million people", []float64{7.7e6}},
		{"over $20 billion in aid", []float64{20e9}},
		{"20 مليار دولار", []float64{20e9}},
		{"3 ملايين", []float64{3e6}},
		{"40 ألف مقاتل", []float64{40000}},
		{"علي مدي خمس سنوات من المشاركة", []float64{5}},
		{"خمسة وعشرون عامًا", []float64{25}},
		{"ثلاثة آلاف", []float64{3000}},
		{"مائتي ألف", []float64{200000}},
		{"احد عشر", []float64{11}},
		{"twenty-five years", []float64{25}},
		{"three hundred and five", []float64{305}},
		{"في ال2020.", []float64{2020}},
		{"عشرات آلاف من الشركاء", nil},     // "tens of thousands" is not a number
		{"thousands of people", nil},       // nor is "thousands"
		{"G20 summit", nil},                // an identifier, not a quantity
		{"1, 2 and 3", []float64{1, 2, 3}}, // a list, not 1,2
		{"2019, 5 people", []float64{2019, 5}},
		{"2019-11-14", []float64{2019, 11, 14}},
		{"1.5", []float64{1.5}},
		{"وأكثر من 100 من أعضاء", []float64{100}},
	}
	for _, tt := range tests {
		if got := values(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Numbers(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNumberPositions(t *testing.T) {
	s := "أكثر من $20,000,000,000 في"
	ns := Numbers(s)
	if len(ns) != 1 {
		t.Fatalf("got %v", ns)
	}
	if got := s[ns[0].Start:ns[0].End]; got != "20,000,000,000" {
		t.Errorf("span = %q", got)
	}
}

func FuzzNumbers(f *testing.F) {
	for _, s := range []string{"110,000", "٧٫٧ مليون", "خمسة وعشرون", "$20,000,000,000", "1,2,3.4.5", "ال2020"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, n := range Numbers(s) {
			if n.Start < 0 || n.End > len(s) || n.Start >= n.End {
				t.Fatalf("bad span %+v in %q", n, s)
			}
			if n.Value < 0 {
				t.Fatalf("negative value %+v in %q", n, s)
			}
		}
	})
}
