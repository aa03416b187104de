package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/summaries"
)

// The benchmarks' catalog: statements of the bundled one's size and shape
// (a 10 KB Arabic source, a title, summary and eight key points in both
// languages, nine figures quoting the source), generated from the bundled
// statement so that the text is real Arabic and English. Every eighth word
// of the texts is replaced by a word of a synthetic vocabulary drawn with
// Zipf's law, so the dictionaries grow as a real archive's do. The figure
// sentences mirror those of summaries/bench_test.go.

// figureSentences are source sentences with a qualifier and a number, in
// the ways Arabic sources write them; %s is the number as written.
var figureSentences = []figureSentence{
	{"وفي ذروتها سيطر التنظيم علي حوالي %s كيلومتر مربع من الأراضي", "حوالي %s كيلومتر مربع", summaries.About, summaries.UnitKM2,
		summaries.Text{AR: "الأراضي التي سيطر عليها التنظيم في ذروته", EN: "Territory held at the peak"},
		func(i int) (float64, string) { v := 1000 * (100 + i%900); return float64(v), group(v) }},
	{"واجتذب أكثر من %s من المقاتلين الأجانب", "أكثر من %s من المقاتلين", summaries.MoreThan, summaries.UnitFighters,
		summaries.Text{AR: "المقاتلون الأجانب الذين اجتذبهم التنظيم", EN: "Foreign fighters drawn to the group"},
		func(i int) (float64, string) { v := 10 * (1000 + i%5000); return float64(v), group(v) }},
	{"وقد حررت الحملة حوالي %s مليون شخص من سيطرة التنظيم", "حوالي %s مليون شخص", summaries.About, summaries.UnitPeople,
		summaries.Text{AR: "الأشخاص الذين حرّرتهم الحملة", EN: "People freed by the campaign"},
		func(i int) (float64, string) {
			v := 11 + i%89
			return float64(v) * 1e5, fmt.Sprintf("%d.%d", v/10, v%10)
		}},
	{"وجمع الأعضاء أكثر من $%s في المساعدات الانسانيه", "أكثر من $%s", summaries.MoreThan, summaries.UnitUSD,
		summaries.Text{AR: "المساعدات الإنسانية التي جمعها الأعضاء", EN: "Humanitarian assistance raised by members"},
		func(i int) (float64, string) { v := int64(1+i%50) * 1_000_000_000; return float64(v), group(int(v)) }},
	{"وقاموا بتدريب وتجهيز ما لا يقل عن %s من افراد الأمن والشرطة", "ما لا يقل عن %s من افراد", summaries.AtLeast, summaries.UnitPersonnel,
		summaries.Text{AR: "أفراد الأمن والشرطة الذين دُرّبوا", EN: "Security and police personnel trained"},
		func(i int) (float64, string) { v := 1000 * (10 + i%400); return float64(v), group(v) }},
	{"على مدى %s سنوات من المشاركة العسكرية والمدنية", "%s سنوات", summaries.Exact, summaries.UnitYears,
		summaries.Text{AR: "سنوات المشاركة العسكرية والمدنية", EN: "Years of military and civilian engagement"},
		func(i int) (float64, string) { return float64(3 + i%7), fmt.Sprint(3 + i%7) }},
	{"ودعم أكثر من ١٬٥٠٠٬٠٠٠ نازح ومنهم %s في المخيمات", "ومنهم %s في المخيمات", summaries.Exact, summaries.UnitPeople,
		summaries.Text{AR: "النازحون في المخيمات", EN: "Displaced people in camps"},
		func(i int) (float64, string) { v := 100 + i%800; return float64(v), fmt.Sprint(v) }},
	{"وقتل أكثر من %s من أعضاء التحالف", "أكثر من %s من أعضاء", summaries.MoreThan, summaries.UnitPeople,
		summaries.Text{AR: "أعضاء التحالف الذين قتلوا", EN: "Coalition members killed"},
		func(i int) (float64, string) { v := 20 + i%300; return float64(v), fmt.Sprint(v) }},
	{"ورحب الوزراء باستضافة الاجتماع المقبل في ال%s", "في ال%s", summaries.Exact, summaries.UnitYear,
		summaries.Text{AR: "موعد الاجتماع المقبل", EN: "Year of the next meeting"},
		func(i int) (float64, string) { v := 2000 + i%30; return float64(v), fmt.Sprint(v) }},
}

type figureSentence struct {
	ar        string
	core      string // the qualifier, number and unit of ar, for the Zipf generator's quotes
	qualifier summaries.Qualifier
	unit      summaries.Unit
	label     summaries.Text
	value     func(i int) (float64, string)
}

func group(v int) string { return groupDigits(float64(v)) }

// places are where generated statements were issued.
var places = []summaries.Text{
	{AR: "واشنطن", EN: "Washington"}, {AR: "بغداد", EN: "Baghdad"}, {AR: "الرياض", EN: "Riyadh"},
	{AR: "القاهرة", EN: "Cairo"}, {AR: "عمّان", EN: "Amman"}, {AR: "بيروت", EN: "Beirut"},
	{AR: "روما", EN: "Rome"}, {AR: "باريس", EN: "Paris"}, {AR: "لندن", EN: "London"},
	{AR: "الكويت", EN: "Kuwait"}, {AR: "الدوحة", EN: "Doha"}, {AR: "أبوظبي", EN: "Abu Dhabi"},
}

// vocab draws synthetic words by Zipf's law.
type vocab struct {
	rng  *rand.Rand
	zipf *rand.Zipf
}

func newVocab(seed uint64) *vocab {
	rng := rand.New(rand.NewPCG(seed, 7))
	return &vocab{rng: rng, zipf: rand.NewZipf(rng, 1.1, 2, 60_000)}
}

const (
	arLetters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
	enLetters = "abcdefghijklmnopqrstuvwxyz"
)

// word spells the n-th synthetic word in lang's letters, 3 to 8 letters.
func word(n uint64, lang summaries.Lang) string {
	letters := []rune(enLetters)
	if lang == summaries.AR {
		letters = []rune(arLetters)
	}
	var b strings.Builder
	for k := 0; k < 3 || n > 0 && k < 8; k++ {
		b.WriteRune(letters[n%uint64(len(letters))])
		n /= uint64(len(letters))
	}
	return b.String()
}

// spice replaces every eighth word of s by a synthetic word.
func (v *vocab) spice(s string, lang summaries.Lang) string {
	f := strings.Fields(s)
	for i := range f {
		if v.rng.IntN(8) == 0 {
			f[i] = word(v.zipf.Uint64(), lang)
		}
	}
	return strings.Join(f, " ")
}

// shape is how a generated statement is made. The copies take the seed's
// own paragraphs (fullSource pads the source to the seed's 10 KB;
// otherwise it is one paragraph per figure sentence, about 4 KB, like
// summaries/bench_test.go's generator): nearly every seed word is then in
// every statement, the worst case for a query. zipf draws every text from
// the seed's vocabulary by Zipf's law instead (genzipf_test.go), as
// statements of an archive differ.
type shape struct {
	name       string
	fullSource bool
	zipf       bool
}

var (
	bundledSize = shape{"copies", true, false}
	quotesOnly  = shape{"copies-4KB", false, false}
	zipfVocab   = shape{"zipf", true, true}
)

// statementDate is the date of generated statement i.
func statementDate(i int) time.Time {
	return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
}

// generateCatalog makes n statements shaped like seed.
func generateCatalog(n int, seed *summaries.Statement, sh shape) *summaries.Catalog {
	stmts := make([]*summaries.Statement, n)
	for i := range n {
		stmts[i] = generateStatement(i, seed, sh, 0)
	}
	cat, _ := summaries.NewCatalog(stmts)
	return cat
}

// generateStatement makes statement i; edit > 0 makes a different version
// of the same statement.
func generateStatement(i int, seed *summaries.Statement, sh shape, edit int) *summaries.Statement {
	if sh.zipf {
		return generateZipfStatement(i, seed, edit)
	}
	v := newVocab(uint64(i)<<8 | uint64(edit))
	spice := func(t summaries.Text) summaries.Text {
		return summaries.Text{AR: v.spice(t.AR, summaries.AR), EN: v.spice(t.EN, summaries.EN)}
	}
	st := &summaries.Statement{
		ID:        fmt.Sprintf("generated-statement-%05d", i),
		Aliases:   []string{fmt.Sprintf("gen-%05d", i), fmt.Sprintf("بيان-%05d", i)},
		Date:      statementDate(i),
		Place:     places[i%len(places)],
		Publisher: seed.Publisher,
		Title: summaries.Text{AR: fmt.Sprintf("%s رقم %d", seed.Title.AR, i),
			EN: fmt.Sprintf("%s no. %d", seed.Title.EN, i)},
		Summary: spice(seed.Summary),
	}
	if edit > 0 {
		st.Title.EN += fmt.Sprintf(" (revision %d)", edit)
	}
	for _, kp := range seed.KeyPoints {
		st.KeyPoints = append(st.KeyPoints, spice(kp))
	}
	paras := strings.Split(seed.Source.Text, "\n")
	var src strings.Builder
	fmt.Fprintf(&src, "بيان مشترك رقم %d صادر عن وزراء الخارجية في %s\n\n", i, st.Place.AR)
	for k, fs := range figureSentences {
		value, written := fs.value(i + k)
		quote := fmt.Sprintf(fs.ar, written)
		p := paras[(i+k)%len(paras)]
		src.WriteString(v.spice(p, summaries.AR) + "\n" + quote + " ، وهو ما أكده البيان في فقرته " + fmt.Sprint(k+1) + ".\n")
		st.Figures = append(st.Figures, summaries.Figure{
			ID: fmt.Sprintf("figure-%d", k+1), Value: value, Unit: fs.unit, Qualifier: fs.qualifier,
			Label: fs.label, Quote: quote,
		})
	}
	for sh.fullSource && src.Len() < len(seed.Source.Text) {
		src.WriteString(v.spice(paras[v.rng.IntN(len(paras))], summaries.AR) + "\n")
	}
	st.Source = summaries.Source{File: st.ID + ".ar.txt", Lang: summaries.AR, Name: seed.Source.Name, Text: src.String()}
	return st
}

func TestGeneratedStatementsLookLikeTheSeed(t *testing.T) {
	seed := seedCatalog(t).Latest()
	for _, sh := range []shape{bundledSize, zipfVocab} {
		st := generateStatement(42, seed, sh, 0)
		if n, want := len(st.Source.Text), len(seed.Source.Text); n < want || n > want*3/2 {
			t.Errorf("%s: source is %d bytes, the seed's %d", sh.name, n, want)
		}
		if len(st.Figures) != len(seed.Figures) || len(st.KeyPoints) != len(seed.KeyPoints) {
			t.Errorf("%s: %d figures, %d key points", sh.name, len(st.Figures), len(st.KeyPoints))
		}
		for _, f := range st.Figures {
			if !strings.Contains(st.Source.Text, f.Quote) {
				t.Errorf("%s: quote %q not in the source", sh.name, f.Quote)
			}
		}
		if a, b := generateStatement(42, seed, sh, 0), generateStatement(42, seed, sh, 0); a.Source.Text != b.Source.Text {
			t.Errorf("%s: generation is not deterministic", sh.name)
		}
		if _, problems := summaries.NewCatalog([]*summaries.Statement{st, generateStatement(43, seed, sh, 0)}); len(problems) > 0 {
			t.Errorf("%s: %v", sh.name, problems)
		}
	}
}

// TestZipfStatementsDiffer: in the Zipf generator's statements a common
// seed word is in most statements and a rarer one in a few, where the
// copies put both in all.
func TestZipfStatementsDiffer(t *testing.T) {
	seed := seedCatalog(t).Latest()
	vocab := vocabularies(seed)[summaries.AR]
	common, rare := vocab[5], ""
	for _, w := range vocab[len(vocab)/2:] { // a rare word no figure sentence holds
		if !slices.ContainsFunc(figureSentences[:], func(fs figureSentence) bool { return strings.Contains(fs.ar, w) }) {
			rare = w
			break
		}
	}
	holding := func(sh shape, w string) int {
		n := 0
		for i := range 100 {
			st := generateStatement(i, seed, sh, 0)
			if strings.Contains(" "+st.Source.Text+" ", " "+w+" ") {
				n++
			}
		}
		return n
	}
	if n := holding(zipfVocab, common); n < 80 {
		t.Errorf("common word %q in %d of 100 statements", common, n)
	}
	if n := holding(zipfVocab, rare); n > 40 {
		t.Errorf("rare word %q in %d of 100 statements", rare, n)
	}
	if a, b := generateStatement(1, seed, zipfVocab, 0).Summary.EN, generateStatement(2, seed, zipfVocab, 0).Summary.EN; a == b {
		t.Error("two statements have the same summary")
	}
}
