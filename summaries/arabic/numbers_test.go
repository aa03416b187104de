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

func TestVagueNumbers(t *testing.T) {
	tests := []struct {
		in   string
		want []string // the spans read
		sc   []float64
	}{
		{"فقد مات عشرات آلاف من الشركاء", []string{"عشرات آلاف"}, []float64{1e4}},
		{"عشرات الآلاف", []string{"عشرات الآلاف"}, []float64{1e4}},
		{"ومئات الآلاف من النازحين", []string{"ومئات الآلاف"}, []float64{1e5}},
		{"آلاف المقاتلين", []string{"آلاف"}, []float64{1e3}},
		{"tens of thousands of local partners", []string{"tens of thousands"}, []float64{1e4}},
		{"killed tens of thousands.", []string{"tens of thousands"}, []float64{1e4}},
		{"thousands of people", []string{"thousands"}, []float64{1e3}},
		{"hundreds of fighters", []string{"hundreds"}, []float64{100}},
		{"by the thousands", nil, nil},
		{"tens", nil, nil},
		{"110,000 كيلومتر", nil, nil},
	}
	for _, tt := range tests {
		var got []string
		var sc []float64
		for _, v := range VagueNumbers(tt.in) {
			got = append(got, tt.in[v.Start:v.End])
			sc = append(sc, v.Scale)
		}
		if !slices.Equal(got, tt.want) || !slices.Equal(sc, tt.sc) {
			t.Errorf("VagueNumbers(%q) = %q %v, want %q %v", tt.in, got, sc, tt.want, tt.sc)
		}
	}
}

func TestForms(t *testing.T) {
	got := slices.Collect(Forms(Normalize("والمقاتلين")))
	for _, want := range []string{"والمقاتلين", "مقاتلين", "المقاتلين"} {
		if !slices.Contains(got, want) {
			t.Errorf("Forms(والمقاتلين) = %q, lacks %q", got, want)
		}
	}
	if got := slices.Collect(Forms("ل")); !slices.Equal(got, []string{"ل"}) {
		t.Errorf("Forms(ل) = %q", got)
	}
}

func FuzzVagueNumbers(f *testing.F) {
	for _, s := range []string{"عشرات آلاف", "tens of thousands of", "ومئات الآلاف", "thousands of"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, v := range VagueNumbers(s) {
			if v.Start < last || v.End > len(s) || v.Start >= v.End || v.Scale <= 0 {
				t.Fatalf("bad span %+v in %q", v, s)
			}
			last = v.End
		}
	})
}

// TestLookupsAllocateNothing keeps reading numbers, months and weekdays
// cheap: they run at every word of every text imported or validated.
func TestLookupsAllocateNothing(t *testing.T) {
	for name, f := range map[string]func(){
		"lookupWord":   func() { lookupWord("والثلاثين") },
		"VagueNumbers": func() { VagueNumbers("عشرات الآلاف") },
		"MonthAt":      func() { MonthAt("تشرين الثاني", 0) },
		"WeekdayAt":    func() { WeekdayAt("والخميس", 0) },
	} {
		if n := testing.AllocsPerRun(50, f); n > 1 {
			t.Errorf("%s allocates %v times", name, n)
		}
	}
}
