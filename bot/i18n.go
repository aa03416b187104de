package bot

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"

	"github.com/briefbot/briefbot/summaries"
)

//go:embed locales/*.yaml
var localeFiles embed.FS

// Messages are the bot's texts in Arabic and English, read from the embedded
// catalogs in locales/ through go-i18n, which applies CLDR plural rules
// (Arabic has six forms: zero, one, two, few, many, other).
type Messages struct {
	bundle     *i18n.Bundle
	localizers map[summaries.Lang]*i18n.Localizer
	// OnMissing is called when a message is missing in a language; tests
	// make it fail, production logs it. It must be safe for concurrent use.
	OnMissing func(lang summaries.Lang, id string, err error)
	ids       map[summaries.Lang]map[string]bool
}

// LoadMessages parses the embedded catalogs.
func LoadMessages() (*Messages, error) { return LoadMessagesFS(localeFiles) }

// LoadMessagesFS parses the catalogs locales/ar.yaml and locales/en.yaml of
// fsys: an adapter with texts of its own (the curators' desk) reads its
// catalogs the same way as the bot's.
func LoadMessagesFS(fsys fs.FS) (*Messages, error) {
	b := i18n.NewBundle(language.English)
	b.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	m := &Messages{bundle: b, localizers: map[summaries.Lang]*i18n.Localizer{}, ids: map[summaries.Lang]map[string]bool{}}
	for _, lang := range summaries.Langs {
		path := "locales/" + string(lang) + ".yaml"
		data, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, fmt.Errorf("reading catalog: %w", err)
		}
		mf, err := b.ParseMessageFileBytes(data, path)
		if err != nil {
			return nil, fmt.Errorf("parsing catalog %s: %w", path, err)
		}
		m.ids[lang] = map[string]bool{}
		for _, msg := range mf.Messages {
			m.ids[lang][msg.ID] = true
		}
		m.localizers[lang] = i18n.NewLocalizer(b, string(lang))
	}
	return m, nil
}

// IDs returns the message ids of lang's catalog.
func (m *Messages) IDs(lang summaries.Lang) map[string]bool { return m.ids[lang] }

// T returns message id in lang, filled from data (key/value pairs).
func (m *Messages) T(lang summaries.Lang, id string, data ...any) string {
	return m.localize(lang, id, nil, data)
}

// N returns message id in lang in the plural form CLDR gives count; count
// is also available to the template as .Count.
func (m *Messages) N(lang summaries.Lang, id string, count any, data ...any) string {
	return m.localize(lang, id, count, append(data, "Count", count))
}

func (m *Messages) localize(lang summaries.Lang, id string, count any, data []any) string {
	l, ok := m.localizers[lang]
	if !ok {
		l = m.localizers[summaries.EN]
	}
	td := make(map[string]any, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		td[fmt.Sprint(data[i])] = data[i+1]
	}
	s, err := l.Localize(&i18n.LocalizeConfig{MessageID: id, TemplateData: td, PluralCount: count})
	if err != nil || !m.ids[lang][id] {
		if m.OnMissing != nil {
			m.OnMissing(lang, id, err)
		}
		if s == "" {
			return id
		}
	}
	return s
}
