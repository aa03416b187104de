package discordtest

import (
	"bytes"
	_ "embed"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// specJSON is Discord's official OpenAPI 3.1 description (API v10), from
// github.com/discord/discord-api-spec (MIT, see testdata/LICENSE.discord-api-spec).
//
//go:embed testdata/discord-openapi.json
var specJSON []byte

const specURL = "https://discord.test/openapi.json"

// openAPI is the parsed description. Its compiler compiles operation schemas
// on demand and caches them, so it is the one value the fake shares between
// servers (see sharedSpec); mu guards it.
type openAPI struct {
	paths    map[string]any
	mu       sync.Mutex // jsonschema.Compiler is not safe for concurrent use
	compiler *jsonschema.Compiler
}

// sharedSpec parses the embedded description once per process: parsing and
// compiling it per server would cost every test about 100 ms (0.5 s with
// -race). What it holds is derived from the embedded file alone; compiled
// schemas are immutable and safe for concurrent validation.
var sharedSpec = sync.OnceValues(parseSpec)

func parseSpec() (*openAPI, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(specJSON))
	if err != nil {
		return nil, err
	}
	m, _ := doc.(map[string]any)
	patchSpec(m)
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(specURL, m); err != nil {
		return nil, err
	}
	paths, _ := m["paths"].(map[string]any)
	return &openAPI{paths: paths, compiler: c}, nil
}

// patchSpec fixes places where the description is stricter than Discord:
// default_member_permissions is a permission bit set that Discord accepts,
// and documents, as a decimal string (discordgo sends a string).
func patchSpec(v any) {
	switch x := v.(type) {
	case map[string]any:
		if props, ok := x["properties"].(map[string]any); ok {
			if dmp, ok := props["default_member_permissions"]; ok {
				props["default_member_permissions"] = map[string]any{"anyOf": []any{dmp,
					map[string]any{"type": "string", "pattern": "^(0|[1-9][0-9]*)$"}}}
			}
		}
		for _, e := range x {
			patchSpec(e)
		}
	case []any:
		for _, e := range x {
			patchSpec(e)
		}
	}
}

func (sp *openAPI) operation(method, template string) map[string]any {
	item, _ := sp.paths[template].(map[string]any)
	op, _ := item[strings.ToLower(method)].(map[string]any)
	return op
}

// has reports whether the description has the operation.
func (sp *openAPI) has(method, template string) bool { return sp.operation(method, template) != nil }

// body returns the JSON request body schema of an operation (nil if it takes
// none) and whether the body is required.
func (sp *openAPI) body(method, template string) (*jsonschema.Schema, bool, error) {
	rb, _ := sp.operation(method, template)["requestBody"].(map[string]any)
	content, _ := rb["content"].(map[string]any)
	if _, ok := content["application/json"]; !ok {
		return nil, false, nil
	}
	required, _ := rb["required"].(bool)
	esc := strings.NewReplacer("~", "~0", "/", "~1").Replace
	ptr := "#/paths/" + esc(template) + "/" + strings.ToLower(method) + "/requestBody/content/application~1json/schema"
	sp.mu.Lock()
	defer sp.mu.Unlock()
	sch, err := sp.compiler.Compile(specURL + ptr)
	return sch, required, err
}

// formErrors is Discord's nested "errors" object:
// {"embeds":{"0":{"title":{"_errors":[{"code":..,"message":..}]}}}}.
type formErrors map[string]any

func (fe formErrors) add(path []string, code, msg string) {
	m := map[string]any(fe)
	for _, p := range path {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	list, _ := m["_errors"].([]any)
	for _, e := range list {
		if e.(map[string]any)["code"] == code {
			return
		}
	}
	m["_errors"] = append(list, map[string]any{"code": code, "message": msg})
}

// required records a missing field.
func (fe formErrors) required(path []string) {
	fe.add(path, "BASE_TYPE_REQUIRED", "This field is required")
}

// String flattens the errors to "path: message (CODE); ...".
func (fe formErrors) String() string {
	var out []string
	var walk func(prefix string, m map[string]any)
	walk = func(prefix string, m map[string]any) {
		for k, v := range m {
			if k == "_errors" {
				for _, e := range v.([]any) {
					em := e.(map[string]any)
					p := prefix
					if p == "" {
						p = "(body)"
					}
					out = append(out, fmt.Sprintf("%s: %s (%s)", p, em["message"], em["code"]))
				}
				continue
			}
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			walk(p, v.(map[string]any))
		}
	}
	walk("", fe)
	sort.Strings(out)
	return strings.Join(out, "; ")
}

// addSchemaErrors converts a jsonschema error into Discord-style form errors,
// following for anyOf/oneOf only the alternative the body most likely meant.
func addSchemaErrors(fe formErrors, verr *jsonschema.ValidationError) {
	for _, e := range schemaLeaves(verr, nil) {
		loc := e.InstanceLocation
		switch k := e.ErrorKind.(type) {
		case *kind.Required:
			for _, m := range k.Missing {
				fe.required(sub(loc, m))
			}
		case *kind.MaxLength:
			fe.add(loc, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", k.Want))
		case *kind.MinLength:
			fe.add(loc, "BASE_TYPE_MIN_LENGTH", fmt.Sprintf("Must be %d or more in length.", k.Want))
		case *kind.MaxItems:
			fe.add(loc, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", k.Want))
		case *kind.MinItems:
			fe.add(loc, "BASE_TYPE_MIN_LENGTH", fmt.Sprintf("Must be %d or more in length.", k.Want))
		case *kind.MaxProperties:
			fe.add(loc, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", k.Want))
		case *kind.Type:
			fe.add(loc, "BASE_TYPE_BAD_TYPE", fmt.Sprintf("Must be of type %s (got %s).", strings.Join(k.Want, " or "), k.Got))
		case *kind.Enum:
			fe.add(loc, "BASE_TYPE_CHOICES", fmt.Sprintf("Value must be one of %v.", k.Want))
		case *kind.Const:
			fe.add(loc, "BASE_TYPE_CHOICES", fmt.Sprintf("Value must be one of [%v].", k.Want))
		case *kind.Maximum:
			fe.add(loc, "NUMBER_TYPE_MAX", fmt.Sprintf("Value should be less than or equal to %s.", k.Want.RatString()))
		case *kind.Minimum:
			fe.add(loc, "NUMBER_TYPE_MIN", fmt.Sprintf("Value should be greater than or equal to %s.", k.Want.RatString()))
		case *kind.Pattern:
			fe.add(loc, "STRING_TYPE_REGEX", fmt.Sprintf("String value did not match validation regex %q.", k.Want))
		case *kind.UniqueItems:
			fe.add(loc, "BASE_TYPE_UNIQUE", "Values must be unique.")
		default:
			fe.add(loc, "BASE_TYPE_INVALID", e.Error())
		}
	}
}

func schemaLeaves(e *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	switch k := e.ErrorKind.(type) {
	case *kind.OneOf:
		if len(k.Subschemas) > 0 { // matched more than one
			return append(out, e)
		}
		if b := bestAlternative(e.Causes); b != nil {
			return schemaLeaves(b, out)
		}
		return append(out, e)
	case *kind.AnyOf:
		if b := bestAlternative(e.Causes); b != nil {
			return schemaLeaves(b, out)
		}
		return append(out, e)
	}
	if len(e.Causes) == 0 {
		return append(out, e)
	}
	for _, c := range e.Causes {
		out = schemaLeaves(c, out)
	}
	return out
}

// bestAlternative picks the failed alternative that is not rejected on its
// discriminator ("type" enum/const) and got deepest into the body.
func bestAlternative(cs []*jsonschema.ValidationError) *jsonschema.ValidationError {
	var best *jsonschema.ValidationError
	bestScore := [3]int{-1, -1, 0}
	for _, c := range cs {
		ls := schemaLeaves(c, nil)
		disc, depth := 1, 0
		for _, l := range ls {
			n := len(l.InstanceLocation)
			if n > depth {
				depth = n
			}
			switch l.ErrorKind.(type) {
			case *kind.Enum, *kind.Const:
				if n > 0 && l.InstanceLocation[n-1] == "type" {
					disc = 0
				}
			}
		}
		score := [3]int{disc, depth, -len(ls)}
		if score[0] > bestScore[0] || (score[0] == bestScore[0] && (score[1] > bestScore[1] || (score[1] == bestScore[1] && score[2] > bestScore[2]))) {
			best, bestScore = c, score
		}
	}
	return best
}

// validate checks a decoded body against the operation's schema and the
// rules the description misses. It returns nil when the body is fine.
func (s *Server) validate(rt *route, doc any) formErrors {
	fe := formErrors{}
	switch {
	case rt.schemaErr != nil:
		s.violate("discordtest: cannot compile spec schema for " + rt.key + ": " + rt.schemaErr.Error())
	case rt.schema != nil:
		if verr := rt.schema.Validate(doc); verr != nil {
			if ve, ok := verr.(*jsonschema.ValidationError); ok {
				addSchemaErrors(fe, ve)
			} else {
				fe.add(nil, "BASE_TYPE_INVALID", verr.Error())
			}
		}
	}
	if rt.rule != nil {
		rt.rule(fe, doc)
	}
	if len(fe) == 0 {
		return nil
	}
	return fe
}
