package summaries_test

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefbot/briefbot/summaries"
)

// loadEdited loads the bundled statement after edit, with its source text
// after editSource (either may be nil), and returns the problems and the
// edited statement file; it fails the test when an edit changes nothing or
// a statement with problems is served.
func loadEdited(t *testing.T, edit, editSource func(string) string) ([]summaries.Problem, string) {
	t.Helper()
	yaml, source := bundled(t)
	edited, editedSource := yaml, source
	if edit != nil {
		edited = edit(yaml)
	}
	if editSource != nil {
		editedSource = editSource(source)
	}
	if edited == yaml && editedSource == source {
		t.Fatal("edit changed nothing")
	}
	fsys := fstest.MapFS{stmtFile: {Data: []byte(edited)}, sourceFile: {Data: []byte(editedSource)}}
	cat, problems, err := summaries.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if cat.Len() != 0 {
		t.Errorf("a statement that should be rejected was served (problems: %v)", problems)
	}
	return problems, edited
}

// findProblem returns the first problem whose "field: message" contains want.
func findProblem(t *testing.T, problems []summaries.Problem, want string) summaries.Problem {
	t.Helper()
	for _, p := range problems {
		if strings.Contains(p.Field+": "+p.Msg, want) {
			return p
		}
	}
	t.Fatalf("no problem %q among %v", want, problems)
	return summaries.Problem{}
}

// TestLoadRejectsOversizedFiles: a curated file or source text over its size
// bound is rejected, naming the file, before it is parsed. A 3 MB file of
// comments is valid YAML, so without the bound it would be served.
func TestLoadRejectsOversizedFiles(t *testing.T) {
	padding := strings.Repeat("# "+strings.Repeat("x", 98)+"\n", 30_000) // 3 MB
	problems, _ := loadEdited(t, func(s string) string { return s + padding }, nil)
	p := findProblem(t, problems, "file: the file is 3.0 MB")
	if p.File != stmtFile || p.Line != 1 {
		t.Errorf("problem %s, want it on %s:1", p, stmtFile)
	}

	bigSource := strings.Repeat("نص طويل لا علاقة له بالبيان.\n", 200_000) // about 5 MB
	problems, _ = loadEdited(t, nil, func(s string) string { return s + bigSource })
	p = findProblem(t, problems, "source.file: source text "+sourceFile+" is ")
	if p.File != stmtFile || !strings.Contains(p.Msg, "at most") {
		t.Errorf("problem %s", p)
	}
}

// TestLoadRejectsAbsurdCounts: hundreds of figures or key points are not a
// curated statement.
func TestLoadRejectsAbsurdCounts(t *testing.T) {
	yaml, _ := bundled(t)
	figStart := strings.Index(yaml, "  - id: peak-territory")
	figEnd := strings.Index(yaml, "  - id: foreign-fighters")
	figure := yaml[figStart:figEnd]
	kpStart := strings.Index(yaml, "  - ar: في أحدث نجاحات")
	kpEnd := strings.Index(yaml, "  - ar: قُتل عشرات")
	keyPoint := yaml[kpStart:kpEnd]

	problems, _ := loadEdited(t, func(s string) string {
		var more strings.Builder
		for i := range 300 {
			more.WriteString(strings.Replace(figure, "id: peak-territory", fmt.Sprintf("id: peak-territory-%d", i), 1))
		}
		return s + more.String()
	}, nil)
	p := findProblem(t, problems, "figures: 309 figures")
	if p.File != stmtFile || p.Line != strings.Count(yaml[:strings.Index(yaml, "figures:")], "\n")+1 {
		t.Errorf("problem %s, want it at the figures: line of %s", p, stmtFile)
	}

	problems, _ = loadEdited(t, func(s string) string {
		return strings.Replace(s, keyPoint, strings.Repeat(keyPoint, 300), 1)
	}, nil)
	findProblem(t, problems, "key_points: 307 key points")
}
