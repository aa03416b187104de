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

// Other returns the other supported language: the language a source's
// quote is translated into.
func (l Lang) Other() Lang {
	if l == AR {
		return EN
	}
	return AR
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
	// Translation is the curators' translation of Quote into the language
	// the source is not written in (zero when there is none). It is never
	// the source's words: a reply must label it as the curators'.
	Translation Translation
	// Headline marks a figure that leads /figures and the briefings.
	Headline bool
	// Correction is the note the curators want a correction of this figure
	// to carry ("" when there is none).
	Correction string
}

// Translation is a curated translation of a quote.
type Translation struct {
	Lang Lang   // the language Text is in: the other one than the source's
	Text string // "" when there is no translation
}

// DateString formats the statement date as YYYY-MM-DD.
func (s *Statement) DateString() string { return s.Date.Format(time.DateOnly) }

// MaxHeadlineFigures is how many figures a statement may mark as headline,
// and how many lead when it marks none: a briefing shows this many.
const MaxHeadlineFigures = 3

// HeadlineFigures returns the figures that lead the statement: those marked
// headline, in file order, or the first MaxHeadlineFigures when none is.
func (s *Statement) HeadlineFigures() []Figure {
	var out []Figure
	for _, f := range s.Figures {
		if f.Headline {
			out = append(out, f)
		}
	}
	if out == nil {
		out = append(out, s.Figures[:min(len(s.Figures), MaxHeadlineFigures)]...)
	}
	return out
}

// FiguresHeadlineFirst returns every figure, the headline ones first; each
// group keeps its file order. With no headline figure it is the file order.
func (s *Statement) FiguresHeadlineFirst() []Figure {
	out := make([]Figure, 0, len(s.Figures))
	for _, f := range s.Figures {
		if f.Headline {
			out = append(out, f)
		}
	}
	for _, f := range s.Figures {
		if !f.Headline {
			out = append(out, f)
		}
	}
	return out
}
