package search

import (
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/briefbot/briefbot/summaries"
)

// The index fields. Statements and figures share them, so that a query
// term looks up a handful of dictionaries rather than one per kind of text:
// "head" is a statement's title or a figure's label; "body" a statement's
// summary, key points, place, publisher, id and aliases, or a figure's
// quote; "meta" a figure's amount as the bot writes it, its value, unit and
// qualifier; "source" the source text. Each has one field per language,
// analysed by that language's analyser; "key" holds ids and aliases whole;
// "kind" tells statements from figures. Every field a statement's words are
// in costs a query for a common word one more posting per statement, so a
// statement's texts go in three fields, not one per kind of text.
const (
	fieldHead   = "head"
	fieldBody   = "body"
	fieldMeta   = "meta"
	fieldSource = "source"
	fieldKey    = "key"
	fieldKind   = "kind"
)

// Kinds of document, the value of fieldKind.
const (
	kindStatement = "statement"
	kindFigure    = "figure"
)

// boosts rank a label or title above a summary, and everything above the
// long source text, where one mention says little.
var boosts = map[string]float64{
	fieldKey:    8,
	fieldHead:   4,
	fieldMeta:   3,
	fieldBody:   1.5,
	fieldSource: 0.4,
}

// fieldName is the index field of base in lang: "head.ar".
func fieldName(base string, lang summaries.Lang) string { return base + "." + string(lang) }

// searchFields are the analysed fields a query term is looked up in, with
// their language; fieldKey is looked up separately, whole.
var searchFields = func() []langField {
	var out []langField
	for _, base := range []string{fieldHead, fieldMeta, fieldBody, fieldSource} {
		for _, lang := range summaries.Langs {
			out = append(out, langField{name: fieldName(base, lang), base: base, lang: lang})
		}
	}
	return out
}()

type langField struct {
	name, base string
	lang       summaries.Lang
}

// text is one piece of curated text as it is indexed: the field, the name
// a Hit reports, the text itself. Several texts of a document may share a
// field (a summary and its key points): they are joined with valueSep into
// one value, which the analyser reads part by part (see valuesAnalyzer).
// Indexing and snippets both read texts from docTexts, so a snippet's byte
// offsets are always offsets into the text that was indexed.
type text struct {
	field string // index field, with its language
	name  string // Hit.Field
	lang  summaries.Lang
	text  string
}

// texts collects the texts of one document, leaving out empty ones.
type texts []text

func (ts *texts) add(base string, lang summaries.Lang, name, s string) {
	if strings.TrimSpace(s) != "" {
		*ts = append(*ts, text{field: fieldName(base, lang), name: name, lang: lang, text: s})
	}
}

// statementTexts lists the texts indexed for a statement. Ids and aliases
// are read as English: they are slugs, and fieldKey holds them whole.
func statementTexts(st *summaries.Statement) texts {
	var ts texts
	for _, lang := range summaries.Langs {
		ts.add(fieldHead, lang, "title", st.Title.In(lang))
		ts.add(fieldBody, lang, "summary", st.Summary.In(lang))
		for _, kp := range st.KeyPoints {
			ts.add(fieldBody, lang, "point", kp.In(lang))
		}
		ts.add(fieldBody, lang, "place", st.Place.In(lang))
		ts.add(fieldBody, lang, "publisher", st.Publisher.In(lang))
	}
	ts.add(fieldBody, summaries.EN, "id", st.ID)
	for _, a := range st.Aliases {
		ts.add(fieldBody, summaries.EN, "alias", a)
	}
	ts.add(fieldSource, sourceLang(st), "source", st.Source.Text)
	return ts
}

// figureTexts lists the texts indexed for a figure of st. Its value, unit
// and qualifier are read as English: digits are the same in both analysers.
func figureTexts(st *summaries.Statement, f *summaries.Figure, amounts Amounts) texts {
	var ts texts
	for _, lang := range summaries.Langs {
		ts.add(fieldHead, lang, "label", f.Label.In(lang))
		if amounts != nil {
			ts.add(fieldMeta, lang, "amount", amounts(*f, lang))
		}
	}
	ts.add(fieldMeta, summaries.EN, "value", strconv.FormatFloat(f.Value, 'f', -1, 64))
	ts.add(fieldMeta, summaries.EN, "unit", string(f.Unit))
	ts.add(fieldMeta, summaries.EN, "qualifier", string(f.Qualifier))
	ts.add(fieldBody, sourceLang(st), "quote", f.Quote)
	return ts
}

// keyTexts are a statement's id and aliases as fieldKey holds them.
func keyTexts(st *summaries.Statement) texts {
	ts := texts{{field: fieldKey, name: "id", text: st.ID}}
	for _, a := range st.Aliases {
		ts = append(ts, text{field: fieldKey, name: "alias", text: a})
	}
	return ts
}

// valueSep joins the texts that share a field. Curated text never holds it
// (it is a control character), and the analysers treat it as a boundary.
const valueSep = "\x1e"

// part is one text of a joined field value, at its byte offset.
type part struct {
	text
	at int
}

// joined groups ts by field, in order, each with the offset of its text in
// the field's joined value.
func joined(ts texts) (fields []string, parts map[string][]part) {
	parts = map[string][]part{}
	for _, t := range ts {
		ps := parts[t.field]
		at := 0
		if n := len(ps); n > 0 {
			at = ps[n-1].at + len(ps[n-1].text.text) + len(valueSep)
		} else {
			fields = append(fields, t.field)
		}
		parts[t.field] = append(ps, part{text: t, at: at})
	}
	return fields, parts
}

// sourceLang is the language a statement's source is analysed in.
func sourceLang(st *summaries.Statement) summaries.Lang {
	if st.Source.Lang == summaries.EN {
		return summaries.EN
	}
	return summaries.AR
}

// Document ids: the statement id, and for a figure the figure id after a
// unit separator, which no curated id contains.
const idSep = "\x1f"

func statementDocID(stID string) string     { return "s" + idSep + stID }
func figureDocID(stID, figID string) string { return "f" + idSep + stID + idSep + figID }
func parseDocID(id string) (stID, figID string) {
	kind, rest, _ := strings.Cut(id, idSep)
	if kind == "f" {
		stID, figID, _ = strings.Cut(rest, idSep)
		return stID, figID
	}
	return rest, ""
}

// indexOptions index a text with term vectors (phrases and snippet
// offsets need them) and store nothing: snippets are cut from the catalog.
const indexOptions = index.IndexField | index.IncludeTermVectors

// newDoc makes the bleve document of ts: one field value per field.
func newDoc(id, kind string, ts texts, an *analyzers) *document.Document {
	d := document.NewDocument(id)
	fields, parts := joined(ts)
	for _, f := range fields {
		ps := parts[f]
		var v []byte
		for i, p := range ps {
			if i > 0 {
				v = append(v, valueSep...)
			}
			v = append(v, p.text.text...)
		}
		a := an.key
		if f != fieldKey {
			a = an.of(ps[0].lang)
		}
		d.AddField(document.NewTextFieldCustom(f, nil, v, indexOptions, a))
	}
	d.AddField(document.NewTextFieldCustom(fieldKind, nil, []byte(kind), index.IndexField|index.SkipFreqNorm, keywordAnalyzer{}))
	return d
}

// statementDoc and figureDoc are the documents of a statement and a figure.
func statementDoc(st *summaries.Statement, an *analyzers) *document.Document {
	return newDoc(statementDocID(st.ID), kindStatement, append(statementTexts(st), keyTexts(st)...), an)
}

func figureDoc(st *summaries.Statement, f *summaries.Figure, amounts Amounts, an *analyzers) *document.Document {
	return newDoc(figureDocID(st.ID, f.ID), kindFigure, figureTexts(st, f, amounts), an)
}

// keywordAnalyzer indexes a value as one term, unchanged.
type keywordAnalyzer struct{}

func (keywordAnalyzer) Analyze(input []byte) analysis.TokenStream {
	return analysis.TokenStream{{Term: input, Start: 0, End: len(input), Position: 1, Type: analysis.AlphaNumeric}}
}
