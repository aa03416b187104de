// Package draft is the import assistant: it turns a raw statement, Arabic or
// English, as saved from a web page, into a draft statement file for a
// curator. It removes the page chrome, keeps the statement after its
// lead-in, finds the date, the place and every candidate figure with its
// value, unit, qualifier and exact quote, and writes the draft in the format
// summaries.Load reads, with "# TODO" where the curator must write. Numbers
// and qualifiers are read by the same code that validates quotes
// (summaries/arabic and summaries.QualifierBefore), so a figure the importer
// drafts is one validation accepts.
package draft

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/briefbot/briefbot/summaries"
)

// Options are what the curator knows about a text that the text may not say.
type Options struct {
	// Lang is the text's language; "" detects it from its letters.
	Lang summaries.Lang
	// URL is where the text was published, for source.url; "" when unknown.
	URL string
	// ID is the statement id; "" suggests one (see SuggestID).
	ID string
	// Published is the page's publication date, when known: it gives a date
	// written without month or year ("الخميس 15") its month and year, and
	// "yesterday" its day.
	Published time.Time
}

// Draft is a statement as the importer drafts it, ready to be written out
// with WriteYAML and SourceFile.
type Draft struct {
	ID    string
	Lang  summaries.Lang
	URL   string
	Date  DateFinding
	Place PlaceFinding
	// Title is the statement's own heading in its language, "" when it has none.
	Title string
	// Source is the cleaned statement text, what the source file holds and
	// every quote is a substring of.
	Source string
	// LeadIn is the lead-in the statement followed, "" when there was none.
	LeadIn  string
	Figures []Candidate

	suggested bool // the id is the importer's suggestion
}

// maxTitleRunes is the longest a heading may be to be taken for a title
// (validation's bound for titles).
const maxTitleRunes = 200

// Import drafts a statement from raw, a text saved from a web page. It
// refuses, with an error that wraps ErrEmpty, ErrTooLarge, ErrBinary or
// ErrNoSentence, a text it cannot draft from.
func Import(raw []byte, opt Options) (*Draft, error) {
	text, err := cleanInput(raw)
	if err != nil {
		return nil, err
	}
	if opt.ID != "" && !summaries.ValidID(opt.ID) {
		return nil, fmt.Errorf("%q is not a valid statement id (lower-case letters, digits and '-', 2 to 64 characters)", opt.ID)
	}
	if opt.Lang != "" && opt.Lang != summaries.AR && opt.Lang != summaries.EN {
		return nil, fmt.Errorf("%q is not a language (want ar or en)", opt.Lang)
	}
	c := StripChrome(text)
	if !hasSentence(c.Statement) {
		return nil, fmt.Errorf("%w: no run of words ends in . ! ? or ؟", ErrNoSentence)
	}
	d := &Draft{Lang: opt.Lang, URL: opt.URL, Source: c.Statement, LeadIn: c.LeadIn}
	if d.Lang == "" {
		d.Lang = detectLang(c.Statement)
	}
	d.Date = FindDate(c.Page, opt.Published)
	d.Place = FindPlace(c.Page)
	d.Title = heading(c.Statement)
	d.Figures = ExtractFigures(c.Statement)
	assignIDs(d.Figures)
	d.ID = opt.ID
	if d.ID == "" {
		d.suggested = true
		d.ID = SuggestID(d.Place.Place, d.Date.Date, d.Title, d.Lang, d.Source)
	}
	return d, nil
}

// SourceFile is the name of the source text file, beside the draft:
// "<id>.<lang>.txt".
func (d *Draft) SourceFile() string { return d.ID + "." + string(d.Lang) + ".txt" }

// SourceText is the source file's content: the cleaned statement text with
// a final newline.
func (d *Draft) SourceText() []byte { return []byte(d.Source + "\n") }

// detectLang says which language most letters of s are in.
func detectLang(s string) summaries.Lang {
	ar, latin := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Arabic, r):
			ar++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	if latin > ar {
		return summaries.EN
	}
	return summaries.AR
}

// heading returns the first line of s when it reads as a heading: two words
// or more, not a sentence, short enough for a title.
func heading(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	line = strings.TrimSpace(line)
	if len(strings.Fields(line)) < 2 || utf8.RuneCountInString(line) > maxTitleRunes || hasSentence(line) {
		return ""
	}
	if r, _ := utf8.DecodeLastRuneInString(line); isClauseMark(r) {
		return ""
	}
	return line
}
