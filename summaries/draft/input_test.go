package draft

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestImportRefuses(t *testing.T) {
	sentence := "The ministers met in Washington. "
	tests := []struct {
		name string
		in   []byte
		want error
		say  string
	}{
		{"empty", nil, ErrEmpty, "empty"},
		{"blank", []byte(" \n\t\r\n\uFEFF"), ErrEmpty, "empty"},
		{"bom only", []byte("\uFEFF"), ErrEmpty, "empty"},
		{"nul", []byte("PK\x03\x04\x00\x00binary"), ErrBinary, "NUL"},
		{"windows-1256", []byte{0xC8, 0xED, 0xC7, 0xE4, 0x20, 0xE3, 0xD4, 0xCA, 0xD1, 0xDF, 0x2E}, ErrBinary, "save the page as UTF-8"},
		{"controls", bytes.Repeat([]byte("a\x01\x02\x03 "), 50), ErrBinary, "control characters"},
		{"too large", []byte(strings.Repeat(sentence, MaxSize/len(sentence)+1)), ErrTooLarge, "at most 1048576"},
		{"no sentence", []byte("Home\nNews\nPolitics and more\n"), ErrNoSentence, "no run of words"},
		{"chrome only", []byte("Share this article.\nBack to top\n"), ErrNoSentence, ""},
		{"numbers only", []byte("110,000 7,700,000 2019.\n"), ErrNoSentence, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Import(tt.in, Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Import = %v, %v; want %v", d, err, tt.want)
			}
			if !strings.Contains(err.Error(), tt.say) {
				t.Errorf("message %q does not say %q", err, tt.say)
			}
		})
	}
	if _, err := Import([]byte(sentence), Options{ID: "Not An Id"}); err == nil || !strings.Contains(err.Error(), "not a valid statement id") {
		t.Errorf("a bad id: %v", err)
	}
	if _, err := Import([]byte(sentence), Options{Lang: "fr"}); err == nil {
		t.Errorf("a bad language is accepted")
	}
}

func TestCleanInputDropsInvisibles(t *testing.T) {
	got, err := cleanInput([]byte("\uFEFF\u200Fحوالي\u200E 110,000\u2066 كم\u2069\r\nسطر\rآخر\u00AD."))
	if err != nil {
		t.Fatal(err)
	}
	if want := "حوالي 110,000 كم\nسطر\nآخر."; got != want {
		t.Errorf("cleanInput = %q, want %q", got, want)
	}
}

func TestImportDetectsLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"The ministers met in Washington on Thursday.":   "en",
		"اجتمع الوزراء في واشنطن يوم الخميس.":            "ar",
		"اجتمع وزراء التحالف (Global Coalition) أمس.":    "ar",
		"Ministers of the التحالف met in Washington DC.": "en",
	} {
		d, err := Import([]byte(in), Options{})
		if err != nil || string(d.Lang) != want {
			t.Errorf("Import(%q).Lang = %v, %v; want %s", in, d, err, want)
		}
	}
}
