// Package summaries is briefbot's domain: curated official statements, their
// key figures and the source sentences those figures come from. It loads the
// curated files, checks them (every figure must trace back to its source) and
// finds statements by id, alias or prefix. It knows nothing of chats.
package summaries

import (
	"time"
)

// Lang is a reply and curation language.
type Lang string

// The two languages every curated text is written in.
const (
	AR Lang = "ar"
	EN Lang = "en"
)

// Langs lists the supported languages in their canonical order.
var Langs = []Lang{AR, EN}

// ParseLang accepts "ar", "en" and language tags such as "ar-SA" or "en_GB".
func ParseLang(s string) (Lang, bool) {
	if len(s) < 2 {
		return "", false
	}
	switch p := s[:2]; {
	case (p == "ar" || p == "AR") && (len(s) == 2 || s[2] == '-' || s[2] == '_'):
		return AR, true
	case (p == "en" || p == "EN") && (len(s) == 2 || s[2] == '-' || s[2] == '_'):
		return EN, true
	}
	return "", false
}

// Text is a curated text in both languages.
type Text struct {
	AR string `yaml:"ar"`
	EN string `yaml:"en"`
}

// In returns the text in lang.
func (t Text) In(lang Lang) string {
	if lang == AR {
		return t.AR
	}
	return t.EN
}

// Statement is one curated official statement.
type Statement struct {
	ID        string
	Aliases   []string
	Date      time.Time // the meeting or publication date, UTC midnight
	Place     Text
	Publisher Text
	Source    Source
	Title     Text
	Summary   Text
	KeyPoints []Text
	Figures   []Figure
	// File is the curated file the statement was loaded from, for messages.
	File string
}

// Source is the text a statement was curated from.
type Source struct {
	File string // path of the source text, beside the statement file
	Lang Lang   // language of the source text
	Name Text   // who published this text
	URL  string // where it was published, when known
	Text string // the source text itself
}

// Figure is one key figure of a statement. Its Quote is the exact clause of
// the source text it was taken from, so that an editor can check it.
type Figure struct {
	ID        string
	Value     float64
	Unit      Unit
	Qualifier Qualifier
	Label     Text
	Quote     string
}

// DateString formats the statement date as YYYY-MM-DD.
func (s *Statement) DateString() string { return s.Date.Format(time.DateOnly) }
