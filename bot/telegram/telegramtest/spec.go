package telegramtest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// specJSON is the official machine-readable Bot API description
// (PaulSonOfLars/telegram-bot-api-spec, MIT, see testdata/LICENSE.telegram-bot-api-spec).
//
//go:embed testdata/telegram-bot-api.json
var specJSON []byte

type fieldSpec struct {
	Name     string   `json:"name"`
	Types    []string `json:"types"`
	Required bool     `json:"required"`
	Desc     string   `json:"description"`
}

type methodSpec struct {
	Name    string      `json:"name"`
	Returns []string    `json:"returns"`
	Fields  []fieldSpec `json:"fields"`
}

type typeSpec struct {
	Name     string      `json:"name"`
	Fields   []fieldSpec `json:"fields"`
	Subtypes []string    `json:"subtypes"`

	fieldIdx map[string]*fieldSpec
	// discField/disc select union subtypes by the value of their first field
	// ("type", "status", "source"), parsed from `always "x"` / `must be x`.
	discField string
	disc      map[string][]string
}

type apiSpec struct {
	Version string                 `json:"version"`
	Methods map[string]*methodSpec `json:"methods"`
	Types   map[string]*typeSpec   `json:"types"`

	byLower map[string]*methodSpec
}

// discRe reads a union subtype's discriminator from its first field's
// description: `always "x"` or `must be x`.
var discRe = regexp.MustCompile(`(?:always|must be) "?([a-z0-9_]+)"?`)

// sharedSpec parses the embedded spec once per process: the result is a pure
// function of the embedded file and is never written afterwards, so every
// Server shares it (parsing it per server would cost every test ~10 ms).
var sharedSpec = sync.OnceValues(parseSpec)

func parseSpec() (*apiSpec, error) {
	var sp apiSpec
	if err := json.Unmarshal(specJSON, &sp); err != nil {
		return nil, err
	}
	sp.byLower = make(map[string]*methodSpec, len(sp.Methods))
	for name, m := range sp.Methods {
		sp.byLower[strings.ToLower(name)] = m
	}
	for _, t := range sp.Types {
		t.fieldIdx = make(map[string]*fieldSpec, len(t.Fields))
		for i := range t.Fields {
			t.fieldIdx[t.Fields[i].Name] = &t.Fields[i]
		}
	}
	for _, t := range sp.Types {
		for _, st := range t.Subtypes {
			sub := sp.Types[st]
			if sub == nil || len(sub.Fields) == 0 {
				continue
			}
			f := sub.Fields[0]
			m := discRe.FindStringSubmatch(f.Desc)
			if m == nil {
				continue
			}
			if t.disc == nil {
				t.disc = map[string][]string{}
				t.discField = f.Name
			}
			if f.Name == t.discField {
				t.disc[m[1]] = append(t.disc[m[1]], st)
			}
		}
	}
	return &sp, nil
}

// lookupMethod resolves a method name case-insensitively, as the Bot API does.
func (sp *apiSpec) lookupMethod(name string) *methodSpec {
	return sp.byLower[strings.ToLower(name)]
}

// isNull reports whether a parameter value is JSON null; tgbotapi sends
// "null" for nil slices (entities, allowed_updates), which Telegram treats as absent.
func isNull(v string) bool { return v == "null" }

// checkParams validates a request's parameters against the method's fields.
func (sp *apiSpec) checkParams(m *methodSpec, p params) *apiError {
	for i := range m.Fields {
		f := &m.Fields[i]
		v, ok := p.lookup(f.Name)
		if ok && isNull(v) && !onlyScalar(f.Types) {
			ok = false
		}
		if !ok {
			if f.Required {
				return badRequest(missingFieldMessage(m.Name, f.Name))
			}
			continue
		}
		if err := sp.checkTopValue(v, f.Types); err != nil {
			return badRequest(topLevelTypeMessage(f, err))
		}
	}
	return nil
}

func missingFieldMessage(method, field string) string {
	switch {
	case field == "chat_id":
		return "chat_id is empty"
	case field == "text" && method == "sendMessage":
		return "message text is empty"
	case field == "message_id":
		return "message identifier is not specified"
	}
	return fmt.Sprintf("parameter %q is required", field)
}

func topLevelTypeMessage(f *fieldSpec, err error) string {
	joined := strings.Join(f.Types, " | ")
	switch {
	case joined == "InlineKeyboardMarkup" || strings.Contains(joined, "ReplyKeyboardMarkup"):
		return fmt.Sprintf("can't parse reply keyboard markup JSON object: %v", err)
	case isPrimitive(joined):
		return fmt.Sprintf("parameter %q must be of type %s", f.Name, joined)
	}
	return fmt.Sprintf("can't parse %s JSON: %v", f.Name, err)
}

func onlyScalar(types []string) bool {
	for _, t := range types {
		if !isPrimitive(t) {
			return false
		}
	}
	return true
}

func isPrimitive(t string) bool {
	switch t {
	case "Integer", "String", "Boolean", "Float", "True", "InputFile", "Integer | String":
		return true
	}
	return false
}

// checkTopValue checks a form value (a string) against a list of alternative types.
func (sp *apiSpec) checkTopValue(v string, types []string) error {
	var firstErr error
	for _, t := range types {
		var err error
		switch t {
		case "String", "InputFile":
			return nil
		case "Integer":
			_, err = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		case "Float":
			_, err = strconv.ParseFloat(strings.TrimSpace(v), 64)
		case "Boolean", "True":
			_, err = parseBool(v)
		default:
			var val any
			if val, err = decodeJSON(v); err == nil {
				err = sp.checkJSON(val, t, 0)
			}
		}
		if err == nil {
			return nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

// parseBool accepts the spellings the Bot API accepts for Boolean form values.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true", "1":
		return true, nil
	case "false", "0", "":
		return false, nil
	}
	return false, fmt.Errorf("not a boolean: %q", v)
}

// checkJSON validates a decoded JSON value against a spec type expression.
func (sp *apiSpec) checkJSON(v any, typ string, depth int) error {
	if depth > 24 {
		return nil
	}
	if strings.Contains(typ, " | ") {
		var first error
		for _, alt := range strings.Split(typ, " | ") {
			err := sp.checkJSON(v, alt, depth+1)
			if err == nil {
				return nil
			}
			if first == nil {
				first = err
			}
		}
		return first
	}
	if v == nil {
		return nil // null is treated as absent
	}
	switch typ {
	case "Integer":
		switch n := v.(type) {
		case json.Number:
			if _, err := n.Int64(); err != nil {
				return fmt.Errorf("expected Integer, got %s", n)
			}
			return nil
		case string:
			if _, err := strconv.ParseInt(n, 10, 64); err != nil {
				return fmt.Errorf("expected Integer, got %q", n)
			}
			return nil
		}
		return fmt.Errorf("expected Integer, got %s", jsonKind(v))
	case "Float":
		switch n := v.(type) {
		case json.Number:
			return nil
		case string:
			if _, err := strconv.ParseFloat(n, 64); err != nil {
				return fmt.Errorf("expected Float, got %q", n)
			}
			return nil
		}
		return fmt.Errorf("expected Float, got %s", jsonKind(v))
	case "String":
		switch v.(type) {
		case string, json.Number:
			return nil
		}
		return fmt.Errorf("expected String, got %s", jsonKind(v))
	case "Boolean", "True":
		if _, ok := v.(bool); ok {
			return nil
		}
		return fmt.Errorf("expected Boolean, got %s", jsonKind(v))
	case "InputFile":
		return nil
	}
	if elem, ok := strings.CutPrefix(typ, "Array of "); ok {
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("expected an array, got %s", jsonKind(v))
		}
		for i, e := range arr {
			if err := sp.checkJSON(e, elem, depth+1); err != nil {
				return fmt.Errorf("[%d]: %w", i, err)
			}
		}
		return nil
	}
	t := sp.Types[typ]
	if t == nil {
		return nil // unknown type name: nothing to check
	}
	if len(t.Subtypes) > 0 {
		return sp.checkUnion(v, t, depth)
	}
	if len(t.Fields) == 0 {
		return nil // opaque types such as CallbackGame
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("expected %s object, got %s", typ, jsonKind(v))
	}
	for i := range t.Fields {
		f := &t.Fields[i]
		fv, present := obj[f.Name]
		if !present || fv == nil {
			if f.Required {
				return fmt.Errorf("%s: field %q is required", typ, f.Name)
			}
			continue
		}
		if err := sp.checkJSON(fv, strings.Join(f.Types, " | "), depth+1); err != nil {
			return fmt.Errorf("%s.%s: %w", typ, f.Name, err)
		}
	}
	return nil
}

func (sp *apiSpec) checkUnion(v any, t *typeSpec, depth int) error {
	candidates := t.Subtypes
	if t.disc != nil {
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("expected %s object, got %s", t.Name, jsonKind(v))
		}
		d, _ := obj[t.discField].(string)
		c, found := t.disc[strings.ToLower(d)]
		if !found {
			return fmt.Errorf("unsupported %s %s %q", t.Name, t.discField, d)
		}
		candidates = c
	}
	// All candidates failing, report the one that shares most fields with v.
	var best error
	bestScore := -1
	for _, st := range candidates {
		err := sp.checkJSON(v, st, depth+1)
		if err == nil {
			return nil
		}
		if score := sp.overlap(v, st); score > bestScore {
			best, bestScore = err, score
		}
	}
	return best
}

// overlap counts the keys of object v that are fields of type typ.
func (sp *apiSpec) overlap(v any, typ string) int {
	obj, _ := v.(map[string]any)
	t := sp.Types[typ]
	if t == nil {
		return 0
	}
	n := 0
	for k := range obj {
		if _, ok := t.fieldIdx[k]; ok {
			n++
		}
	}
	return n
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}
