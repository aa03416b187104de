package search

import (
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/briefbot/briefbot/summaries"
)

// The index fields. Statements and figures share them, and there are few,
// because bleve scores every document a term is in, once per field it is
// in: a word that every statement holds in four fields costs a query four
// postings per statement. "head" is what names a result: a statement's
// title, a figure's label and its amount as the bot writes it (and its
// value); "text" is the rest: a statement's summary, key points, place,
// publisher and source text, a figure's quote, unit and qualifier. Each
// has one field per language, analysed by that language's analyser (a
// source text goes to its own language's field only). "key" holds ids and
// aliases whole; "kind" tells statements from figures.
const (
	fieldHead = "head"
	fieldText = "text"
	fieldKey  = "key"
	fieldKind = "kind"
)

// kindStatement is the value of fieldKind, which only statements have: a
// field in every figure would cost each of them its analysis and postings
// for nothing, as StatementsOnly asks for statements alone.
const kindStatement = "statement"

// boost ranks a match in a title, label or amount above one in the rest;
// base is a field without its language. Within "text", a long source text
// weighs less by itself: bleve's scoring divides by the square root of
// the field's length.
func boost(base string) float64 {
	switch base {
	case fieldKey:
		return 8
	case fieldHead:
		return 4
	}
	return 1
}

// weight ranks the texts of one hit for its snippet: the text that shows
// best why it matched, a title before a summary, a summary before the
// source text.
func weight(name string) float64 {
	switch name {
	case "title", "label":
		return 4
	case "amount", "id", "alias":
		return 3
	case "value", "quote":
		return 2
	case "summary", "point", "unit", "qualifier":
		return 1.5
	case "place", "publisher":
		return 1
	}
	return 0.5 // source
}

// fieldName is the index field of base in lang: "head.ar".
func fieldName(base string, lang summaries.Lang) string { return base + "." + string(lang) }

// searchFields are the analysed fields a query term is looked up in, with
// their language; fieldKey is looked up separately, whole.
func searchFields() [4]langField {
	return [4]langField{
		{"head.ar", fieldHead, summaries.AR}, {"head.en", fieldHead, summaries.EN},
		{"text.ar", fieldText, summaries.AR}, {"text.en", fieldText, summaries.EN},
	}
}

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

// statementTexts lists the texts analysed for a statement. Ids and aliases
// are not among them: fieldKey holds them whole (see keyTexts), and their
// words ("statement", "2019") would only match every statement named so.
func statementTexts(st *summaries.Statement) texts {
	var ts texts
	for _, lang := range summaries.Langs {
		ts.add(fieldHead, lang, "title", st.Title.In(lang))
		ts.add(fieldText, lang, "summary", st.Summary.In(lang))
		for _, kp := range st.KeyPoints {
			ts.add(fieldText, lang, "point", kp.In(lang))
		}
		ts.add(fieldText, lang, "place", st.Place.In(lang))
		ts.add(fieldText, lang, "publisher", st.Publisher.In(lang))
	}
	ts.add(fieldText, sourceLang(st), "source", st.Source.Text)
	return ts
}

// figureTexts lists the texts indexed for a figure of st. Its value is
// read as English: digits are the same in both analysers. Its unit and
// qualifier are only indexed, as English, when there are no amounts, which
// word them in both languages ("more than 40,000 fighters").
func figureTexts(st *summaries.Statement, f *summaries.Figure, amounts Amounts) texts {
	var ts texts
	for _, lang := range summaries.Langs {
		ts.add(fieldHead, lang, "label", f.Label.In(lang))
		if amounts != nil {
			ts.add(fieldHead, lang, "amount", amounts(*f, lang))
		}
	}
	ts.add(fieldHead, summaries.EN, "value", strconv.FormatFloat(f.Value, 'f', -1, 64))
	ts.add(fieldText, sourceLang(st), "quote", f.Quote)
	if amounts == nil {
		ts.add(fieldText, summaries.EN, "unit", string(f.Unit))
		ts.add(fieldText, summaries.EN, "qualifier", string(f.Qualifier))
	}
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
	if kind != "" {
		d.AddField(document.NewTextFieldCustom(fieldKind, nil, []byte(kind), index.IndexField|index.SkipFreqNorm, keywordAnalyzer{}))
	}
	return d
}

// statementDoc and figureDoc are the documents of a statement and a figure.
func statementDoc(st *summaries.Statement, an *analyzers) *document.Document {
	return newDoc(statementDocID(st.ID), kindStatement, append(statementTexts(st), keyTexts(st)...), an)
}

func figureDoc(st *summaries.Statement, f *summaries.Figure, amounts Amounts, an *analyzers) *document.Document {
	return newDoc(figureDocID(st.ID, f.ID), "", figureTexts(st, f, amounts), an)
}

// keywordAnalyzer indexes a value as one term, unchanged.
type keywordAnalyzer struct{}

func (keywordAnalyzer) Analyze(input []byte) analysis.TokenStream {
	return analysis.TokenStream{{Term: input, Start: 0, End: len(input), Position: 1, Type: analysis.AlphaNumeric}}
}
