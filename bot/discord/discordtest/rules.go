package discordtest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// locales are the locale keys Discord accepts in name_localizations and
// description_localizations (there is no "ar").
const locales = "id, da, de, en-GB, en-US, es-ES, es-419, fr, hr, it, lt, hu, nl, no, pl, pt-BR, ro, fi, " +
	"sv-SE, vi, tr, cs, el, bg, ru, uk, hi, th, zh-CN, ja, zh-TW, ko"

// commandNameRe is Discord's CHAT_INPUT name pattern
// ^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$ in Go syntax.
var commandNameRe = regexp.MustCompile(`^[-_'\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

// Limits Discord enforces on what bots send.
const (
	MaxContent        = 2000
	MaxEmbeds         = 10
	MaxEmbedTitle     = 256
	MaxEmbedDesc      = 4096
	MaxEmbedFields    = 25
	MaxFieldName      = 256
	MaxFieldValue     = 1024
	MaxFooterText     = 2048
	MaxAuthorName     = 256
	MaxEmbedTotal     = 6000
	MaxActionRows     = 5
	MaxRowComponents  = 5
	MaxCustomID       = 100
	MaxButtonLabel    = 80
	MaxChoices        = 25
	MaxChoiceName     = 100
	MaxChoiceValueStr = 100
)

// The body rules of the route table: what Discord enforces beyond the
// OpenAPI description.

// checkCommandList checks PUT .../commands (a bulk overwrite).
func checkCommandList(fe formErrors, doc any) {
	list, _ := doc.([]any)
	seen := map[string]bool{}
	for i, c := range list {
		p := []string{strconv.Itoa(i)}
		cm, ok := c.(map[string]any)
		if !ok {
			continue
		}
		checkCommand(fe, p, cm)
		key := fmt.Sprint(intOr(cm["type"], 1)) + "/" + str(cm["name"])
		if seen[key] {
			fe.add(append(p, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
		}
		seen[key] = true
	}
}

// checkMessage checks a message body (sends, edits of @original, follow-ups).
func checkMessage(fe formErrors, doc any) {
	if m, ok := doc.(map[string]any); ok {
		checkMessageFields(fe, nil, m)
	}
}

func str(v any) string { s, _ := v.(string); return s }

func intOr(v any, def int64) int64 {
	switch n := v.(type) {
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return i
		}
	case int:
		return int64(n)
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return def
}

func runes(s string) int { return utf8.RuneCountInString(s) }

func sub(path []string, elems ...string) []string {
	return append(append(make([]string, 0, len(path)+len(elems)), path...), elems...)
}

// maxLen checks a string of at most max characters and returns its length.
func maxLen(fe formErrors, path []string, s string, max int) int {
	n := runes(s)
	maxItems(fe, path, n, max)
	return n
}

// maxItems checks a length (of a list, or of a string) of at most max.
func maxItems(fe formErrors, path []string, n, max int) {
	if n > max {
		fe.add(path, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", max))
	}
}

// lenBetween checks a string of 1 to max characters.
func lenBetween(fe formErrors, path []string, s string, max int) {
	if n := runes(s); n < 1 || n > max {
		fe.add(path, "BASE_TYPE_BAD_LENGTH", fmt.Sprintf("Must be between 1 and %d in length.", max))
	}
}

func checkCallback(fe formErrors, doc any) {
	m, ok := doc.(map[string]any)
	if !ok {
		return
	}
	data, _ := m["data"].(map[string]any)
	if data == nil {
		return
	}
	p := []string{"data"}
	switch intOr(m["type"], 0) {
	case 4, 7:
		checkMessageFields(fe, p, data)
	case 8:
		choices, _ := data["choices"].([]any)
		maxItems(fe, sub(p, "choices"), len(choices), MaxChoices)
		for i, c := range choices {
			cm, _ := c.(map[string]any)
			cp := sub(p, "choices", strconv.Itoa(i))
			lenBetween(fe, sub(cp, "name"), str(cm["name"]), MaxChoiceName)
			if v, ok := cm["value"].(string); ok {
				maxLen(fe, sub(cp, "value"), v, MaxChoiceValueStr)
			}
			checkLocaleKeys(fe, sub(cp, "name_localizations"), cm["name_localizations"], false)
		}
	}
}

// checkMessageFields applies the message limits the OpenAPI description
// misses or states differently (content is 2000 for bots, the 6000-character
// total).
func checkMessageFields(fe formErrors, path []string, m map[string]any) {
	if c, ok := m["content"].(string); ok {
		maxLen(fe, sub(path, "content"), c, MaxContent)
	}
	embeds, _ := m["embeds"].([]any)
	maxItems(fe, sub(path, "embeds"), len(embeds), MaxEmbeds)
	total := 0
	for i, e := range embeds {
		em, _ := e.(map[string]any)
		ep := sub(path, "embeds", strconv.Itoa(i))
		total += maxLen(fe, sub(ep, "title"), str(em["title"]), MaxEmbedTitle)
		total += maxLen(fe, sub(ep, "description"), str(em["description"]), MaxEmbedDesc)
		fields, _ := em["fields"].([]any)
		maxItems(fe, sub(ep, "fields"), len(fields), MaxEmbedFields)
		for j, f := range fields {
			fm, _ := f.(map[string]any)
			fp := sub(ep, "fields", strconv.Itoa(j))
			name, value := str(fm["name"]), str(fm["value"])
			if strings.TrimSpace(name) == "" {
				fe.required(sub(fp, "name"))
			}
			if strings.TrimSpace(value) == "" {
				fe.required(sub(fp, "value"))
			}
			total += maxLen(fe, sub(fp, "name"), name, MaxFieldName)
			total += maxLen(fe, sub(fp, "value"), value, MaxFieldValue)
		}
		if footer, ok := em["footer"].(map[string]any); ok {
			total += maxLen(fe, sub(ep, "footer", "text"), str(footer["text"]), MaxFooterText)
		}
		if author, ok := em["author"].(map[string]any); ok {
			total += maxLen(fe, sub(ep, "author", "name"), str(author["name"]), MaxAuthorName)
		}
	}
	if total > MaxEmbedTotal {
		fe.add(sub(path, "embeds"), "MAX_EMBED_SIZE_EXCEEDED", fmt.Sprintf("Embed size exceeds maximum size of %d", MaxEmbedTotal))
	}
	if comps, ok := m["components"].([]any); ok {
		checkComponents(fe, sub(path, "components"), comps, intOr(m["flags"], 0)&flagComponentsV2 != 0)
	}
}

func checkComponents(fe formErrors, path []string, comps []any, v2 bool) {
	if !v2 {
		maxItems(fe, path, len(comps), MaxActionRows)
	}
	ids := map[string]bool{}
	for i, c := range comps {
		cm, _ := c.(map[string]any)
		cp := sub(path, strconv.Itoa(i))
		t := intOr(cm["type"], 0)
		if !v2 && t != 1 {
			fe.add(sub(cp, "type"), "COMPONENT_TYPE_INVALID", "Top-level components must be action rows unless the IS_COMPONENTS_V2 flag is set")
		}
		if t != 1 {
			checkComponent(fe, cp, cm, ids)
			continue
		}
		children, _ := cm["components"].([]any)
		maxItems(fe, sub(cp, "components"), len(children), MaxRowComponents)
		selects := 0
		for j, ch := range children {
			chm, _ := ch.(map[string]any)
			if ct := intOr(chm["type"], 0); ct >= 3 && ct <= 8 && ct != 4 {
				selects++
			}
			checkComponent(fe, sub(cp, "components", strconv.Itoa(j)), chm, ids)
		}
		if selects > 0 && len(children) > 1 {
			fe.add(sub(cp, "components"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width")
		}
	}
}

func checkComponent(fe formErrors, p []string, cm map[string]any, ids map[string]bool) {
	t := intOr(cm["type"], 0)
	id, hasID := cm["custom_id"].(string)
	if hasID {
		lenBetween(fe, sub(p, "custom_id"), id, MaxCustomID)
		if ids[id] {
			fe.add(sub(p, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated")
		}
		ids[id] = true
	}
	switch {
	case t == 2: // button
		maxLen(fe, sub(p, "label"), str(cm["label"]), MaxButtonLabel)
		switch intOr(cm["style"], 0) {
		case 5:
			if str(cm["url"]) == "" {
				fe.required(sub(p, "url"))
			}
			if hasID {
				fe.add(sub(p, "custom_id"), "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED", "A link button cannot have a custom id")
			}
		case 6:
		default:
			if !hasID {
				fe.required(sub(p, "custom_id"))
			}
		}
		if str(cm["label"]) == "" && cm["emoji"] == nil && intOr(cm["style"], 0) != 6 {
			fe.add(sub(p, "label"), "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A button needs a label or an emoji")
		}
	case t >= 3 && t <= 8 && t != 4: // select menus
		if !hasID {
			fe.required(sub(p, "custom_id"))
		}
	}
}

func checkName(fe formErrors, path []string, name string) {
	if !commandNameRe.MatchString(name) {
		fe.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
	} else if name != strings.ToLower(name) {
		fe.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name must be lower case")
	}
}

// checkLocaleKeys checks a *_localizations object; names says whether the
// values are CHAT_INPUT names.
func checkLocaleKeys(fe formErrors, path []string, v any, names bool) {
	m, _ := v.(map[string]any)
	for k, val := range m {
		if !slices.Contains(strings.Split(locales, ", "), k) {
			fe.add(sub(path, k), "LOCALE_INVALID", fmt.Sprintf("Invalid locale %q; must be one of %s", k, locales))
			continue
		}
		if s, ok := val.(string); ok && names {
			checkName(fe, sub(path, k), s)
		}
	}
}

// checkCommand applies the naming and localization rules to one command.
func checkCommand(fe formErrors, path []string, cm map[string]any) {
	typ := intOr(cm["type"], 1)
	chat := typ == 1
	if name, ok := cm["name"].(string); ok && chat {
		checkName(fe, sub(path, "name"), name)
	}
	desc := str(cm["description"])
	if chat && runes(desc) < 1 {
		fe.required(sub(path, "description"))
	}
	if !chat && desc != "" {
		fe.add(sub(path, "description"), "APPLICATION_COMMAND_INVALID_DESCRIPTION", "Description must be empty for user and message commands")
	}
	checkLocaleKeys(fe, sub(path, "name_localizations"), cm["name_localizations"], chat)
	checkLocaleKeys(fe, sub(path, "description_localizations"), cm["description_localizations"], false)
	opts, _ := cm["options"].([]any)
	if !chat && len(opts) > 0 {
		fe.add(sub(path, "options"), "APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED", "Only CHAT_INPUT commands can have options")
		return
	}
	checkOptions(fe, sub(path, "options"), opts)
}

func checkOptions(fe formErrors, path []string, opts []any) {
	seen := map[string]bool{}
	sawOptional := false
	for i, o := range opts {
		om, _ := o.(map[string]any)
		p := sub(path, strconv.Itoa(i))
		name := str(om["name"])
		checkName(fe, sub(p, "name"), name)
		if seen[name] {
			fe.add(sub(p, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique")
		}
		seen[name] = true
		checkLocaleKeys(fe, sub(p, "name_localizations"), om["name_localizations"], true)
		checkLocaleKeys(fe, sub(p, "description_localizations"), om["description_localizations"], false)
		t := intOr(om["type"], 0)
		if t == 1 || t == 2 {
			sub2, _ := om["options"].([]any)
			checkOptions(fe, sub(p, "options"), sub2)
			continue
		}
		if req, _ := om["required"].(bool); req {
			if sawOptional {
				fe.add(sub(p, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
			}
		} else {
			sawOptional = true
		}
		choices, _ := om["choices"].([]any)
		if ac, _ := om["autocomplete"].(bool); ac && len(choices) > 0 {
			fe.add(sub(p, "autocomplete"), "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_CHOICES", "Autocomplete cannot be set with choices")
		}
		for j, c := range choices {
			cm, _ := c.(map[string]any)
			checkLocaleKeys(fe, sub(p, "choices", strconv.Itoa(j), "name_localizations"), cm["name_localizations"], false)
		}
	}
}
