package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const seedPage = "../../summaries/draft/testdata/coalition-ministers-2019-11.page.txt"

func TestImportWritesADraftThatValidateReads(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "washington-2019-11.yaml")
	_, stderr, err := runWith(t, nil, "", "import", "--published", "2019-11-15", "--url", "https://example.org/1", "--out", out, seedPage)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	if !strings.Contains(stderr, "9 candidate figure(s), 1 vague amount(s)") || !strings.Contains(stderr, "briefbot validate "+dir) {
		t.Errorf("stderr: %s", stderr)
	}
	yml, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(dir, "washington-2019-11.ar.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"file: washington-2019-11.ar.txt", "url: https://example.org/1", "date: 2019-11-15", "qualifier: more than", "# TODO"} {
		if !strings.Contains(string(yml), want) {
			t.Errorf("draft lacks %q", want)
		}
	}
	if !strings.HasPrefix(string(src), "بيان مشترك لوزراء التحالف") || strings.Contains(string(src), "زر الذهاب إلى الأعلى") {
		t.Errorf("source text: %.80q", src)
	}
	// validate reads the draft; what it finds missing is the curator's part.
	stdout, _, err := runWith(t, nil, "", "validate", dir)
	if exitStatus(err) != 1 {
		t.Fatalf("validate on a raw draft: status %d", exitStatus(err))
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout), "\n") {
		if !strings.Contains(line, "missing") {
			t.Errorf("the draft itself is wrong: %s", line)
		}
	}
	// A second import keeps the curator's files unless told.
	_, stderr, err = runWith(t, nil, "", "import", "--out", out, seedPage)
	if exitStatus(err) != 1 || !strings.Contains(stderr, "exists; --force overwrites it") {
		t.Errorf("second import: status %d, %s", exitStatus(err), stderr)
	}
	if _, _, err = runWith(t, nil, "", "import", "--force", "--id", "coalition-2019", "--out", out, seedPage); err != nil {
		t.Errorf("--force: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "coalition-2019.ar.txt")); err != nil {
		t.Errorf("--id names the source file: %v", err)
	}
}

func TestImportFromStdin(t *testing.T) {
	page, err := os.ReadFile(seedPage)
	if err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runWith(t, nil, string(page), "import", "-")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout, "# Draft made by `briefbot import`") || !strings.Contains(stdout, "value: 110000") {
		t.Errorf("stdout:\n%s", stdout)
	}
	if !strings.Contains(stderr, "the source text was not written") {
		t.Errorf("stderr: %s", stderr)
	}
}

func TestImportRefusesAndRejects(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("The ministers met in Washington. ", 40000)
	tests := []struct {
		name   string
		stdin  string
		args   []string
		status int
		say    string
	}{
		{"help", "", []string{"--help"}, 0, ""},
		{"empty", "", []string{"-"}, 1, "the text is empty"},
		{"binary", "PK\x03\x04\x00\x00", []string{"-"}, 1, "binary"},
		{"no sentence", "Home\nNews\n", []string{"-"}, 1, "no sentence"},
		{"too large", big, []string{"-"}, 1, "too large"},
		{"missing file", "", []string{filepath.Join(dir, "nope.txt")}, 1, "no such file"},
		{"a directory", "", []string{dir}, 1, "is a directory"},
		{"no file", "", nil, 2, "give one FILE"},
		{"two files", "", []string{"a", "b"}, 2, "give one FILE"},
		{"bad flag", "", []string{"--nope", "-"}, 2, "flag provided but not defined"},
		{"bad lang", "", []string{"--lang", "fr", "-"}, 2, "want ar or en"},
		{"bad date", "", []string{"--published", "15/11/2019", "-"}, 2, "want YYYY-MM-DD"},
		{"bad id", "", []string{"--id", "Bad Id", "-"}, 2, "lower-case letters"},
		{"bad out", "", []string{"--out", filepath.Join(dir, "x.txt"), "-"}, 2, "name a .yaml file"},
		{"out in a missing dir", "The ministers met.", []string{"--out", filepath.Join(dir, "no", "x.yaml"), "-"}, 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := runWith(t, nil, tt.stdin, append([]string{"import"}, tt.args...)...)
			if exitStatus(err) != tt.status || !strings.Contains(stderr, tt.say) {
				t.Errorf("status %d, want %d; stderr %q lacks %q", exitStatus(err), tt.status, stderr, tt.say)
			}
			if tt.name == "help" && !strings.HasPrefix(stdout, "Usage: briefbot import") {
				t.Errorf("--help prints %q", stdout)
			}
		})
	}
}
