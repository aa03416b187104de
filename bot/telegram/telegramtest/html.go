package telegramtest

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxMessageText is the Bot API's text limit, in UTF-16 code units after
// entity parsing.
const maxMessageText = 4096

// entity is a MessageEntity as Telegram returns it.
type entity struct {
	Type           string `json:"type"`
	Offset         int    `json:"offset"`
	Length         int    `json:"length"`
	URL            string `json:"url,omitempty"`
	Language       string `json:"language,omitempty"`
	CustomEmojiID  string `json:"custom_emoji_id,omitempty"`
	UnixTime       int64  `json:"unix_time,omitempty"`
	DateTimeFormat string `json:"date_time_format,omitempty"`
}

// utf16Len counts UTF-16 code units, the unit Telegram measures text in.
func utf16Len(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c&0xC0 != 0x80 { // not a continuation byte: one code point starts here
			n++
			if c >= 0xF0 { // 4-byte sequence: astral plane, a surrogate pair
				n++
			}
		}
	}
	return n
}

// htmlTag maps a tag Telegram accepts to the entity type it produces.
func htmlTag(name string) (string, bool) {
	switch name {
	case "b", "strong":
		return "bold", true
	case "i", "em":
		return "italic", true
	case "u", "ins":
		return "underline", true
	case "s", "strike", "del":
		return "strikethrough", true
	case "span", "tg-spoiler":
		return "spoiler", true
	case "a":
		return "text_link", true
	case "tg-emoji":
		return "custom_emoji", true
	case "code", "pre", "blockquote":
		return name, true
	case "tg-time":
		return "date_time", true
	}
	return "", false
}

type openTag struct {
	name  string
	start int // UTF-16 offset in the output
	slot  int // index in the entity list
	class string
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// parseHTML parses Telegram's HTML dialect. It returns the plain text and its
// entities, or an error worded like Telegram's "can't parse entities" detail.
//
// It is deliberately stricter than tdlib in one respect, following the Bot API
// documentation: an '&' in text that does not start one of the recognised
// entities (&lt; &gt; &amp; &quot; &#N; &#xH;) is an error, where tdlib keeps it
// literally.
func parseHTML(text string) (string, []entity, error) {
	var out strings.Builder
	out.Grow(len(text))
	u16 := 0
	var stack []openTag
	var ents []entity
	i := 0
	for i < len(text) {
		k := strings.IndexAny(text[i:], "<&")
		if k < 0 {
			k = len(text) - i
		}
		if k > 0 {
			run := text[i : i+k]
			out.WriteString(run)
			u16 += utf16Len(run)
			i += k
			continue
		}
		if text[i] == '&' {
			r, n := decodeHTMLEntity(text[i:])
			if n == 0 {
				return "", nil, fmt.Errorf("unescaped \"&\" or unsupported HTML entity at byte offset %d (use &amp;)", i)
			}
			out.WriteRune(r)
			u16 += utf16Len(string(r))
			i += n
			continue
		}
		// '<'
		if i+1 < len(text) && text[i+1] == '/' {
			if len(stack) == 0 {
				return "", nil, fmt.Errorf("Unexpected end tag at byte offset %d", i)
			}
			j := i + 2
			for j < len(text) && !isHTMLSpace(text[j]) && text[j] != '>' {
				j++
			}
			name := strings.ToLower(text[i+2 : j])
			for j < len(text) && isHTMLSpace(text[j]) {
				j++
			}
			if j >= len(text) || text[j] != '>' {
				return "", nil, fmt.Errorf("Unclosed end tag at byte offset %d", i)
			}
			top := stack[len(stack)-1]
			if name != "" && name != top.name {
				return "", nil, fmt.Errorf("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", i, top.name, name)
			}
			stack = stack[:len(stack)-1]
			e := &ents[top.slot]
			e.Length = u16 - top.start
			if top.name == "code" && len(stack) > 0 && stack[len(stack)-1].name == "pre" {
				// <pre><code class="language-x">: one pre entity with a language.
				if e.Language != "" {
					ents[stack[len(stack)-1].slot].Language = e.Language
				}
				e.Length = 0
			}
			i = j + 1
			continue
		}
		tag, j, err := parseStartTag(text, i)
		if err != nil {
			return "", nil, err
		}
		tag.start, tag.Offset = u16, u16
		tag.slot = len(ents)
		ents = append(ents, tag.entity)
		stack = append(stack, tag.openTag)
		i = j
	}
	if len(stack) > 0 {
		return "", nil, fmt.Errorf("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].name)
	}
	kept := ents[:0]
	for _, e := range ents {
		if e.Length > 0 && (e.Type != "text_link" || e.URL != "") {
			kept = append(kept, e)
		}
	}
	return out.String(), kept, nil
}

type parsedTag struct {
	openTag
	entity
}

// parseStartTag parses the start tag at text[i] (a '<'), returning the tag
// and the offset just past its '>'.
func parseStartTag(text string, i int) (parsedTag, int, error) {
	var t parsedTag
	j := i + 1
	for j < len(text) && !isHTMLSpace(text[j]) && text[j] != '>' {
		j++
	}
	if j >= len(text) {
		return t, 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
	}
	t.name = strings.ToLower(text[i+1 : j])
	typ, ok := htmlTag(t.name)
	if !ok {
		return t, 0, fmt.Errorf("Unsupported start tag \"%s\" at byte offset %d", t.name, i)
	}
	t.Type = typ
	for {
		for j < len(text) && isHTMLSpace(text[j]) {
			j++
		}
		if j >= len(text) {
			return t, 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
		}
		if text[j] == '>' {
			j++
			break
		}
		as := j
		for j < len(text) && !isHTMLSpace(text[j]) && text[j] != '=' && text[j] != '>' {
			j++
		}
		attr := strings.ToLower(text[as:j])
		if attr == "" {
			return t, 0, fmt.Errorf("Empty attribute name in the tag \"%s\" at byte offset %d", t.name, i)
		}
		for j < len(text) && isHTMLSpace(text[j]) {
			j++
		}
		value := ""
		if j < len(text) && text[j] == '=' {
			j++
			for j < len(text) && isHTMLSpace(text[j]) {
				j++
			}
			if j >= len(text) {
				return t, 0, fmt.Errorf("Unclosed start tag at byte offset %d", i)
			}
			if q := text[j]; q == '"' || q == '\'' {
				vs := j
				j++
				var vb strings.Builder
				for j < len(text) && text[j] != q {
					if text[j] == '&' {
						if r, n := decodeHTMLEntity(text[j:]); n > 0 {
							vb.WriteRune(r)
							j += n
							continue
						}
					}
					vb.WriteByte(text[j])
					j++
				}
				if j >= len(text) {
					return t, 0, fmt.Errorf("Unclosed end of attribute value at byte offset %d", vs)
				}
				j++
				value = vb.String()
			} else {
				vs := j
				for j < len(text) && (isAlnum(text[j]) || text[j] == '.' || text[j] == '-') {
					j++
				}
				if j >= len(text) || (!isHTMLSpace(text[j]) && text[j] != '>') {
					return t, 0, fmt.Errorf("Unexpected end of name token at byte offset %d", vs)
				}
				value = strings.ToLower(text[vs:j])
			}
		}
		t.applyAttr(attr, value)
	}
	if t.name == "span" && t.class != "tg-spoiler" {
		return t, 0, fmt.Errorf("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", i)
	}
	return t, j, nil
}

func (t *parsedTag) applyAttr(attr, value string) {
	switch {
	case t.name == "a" && attr == "href":
		t.URL = value
	case t.name == "code" && attr == "class" && strings.HasPrefix(value, "language-"):
		t.Language = strings.TrimPrefix(value, "language-")
	case t.name == "span" && attr == "class":
		t.class = value
	case t.name == "tg-emoji" && attr == "emoji-id":
		t.CustomEmojiID = value
	case t.name == "blockquote" && attr == "expandable":
		t.Type = "expandable_blockquote"
	case t.name == "tg-time" && attr == "unix":
		t.UnixTime, _ = strconv.ParseInt(value, 10, 64)
	case t.name == "tg-time" && attr == "format":
		t.DateTimeFormat = value
	}
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// decodeHTMLEntity decodes the entity at the start of s, returning the rune and
// the number of bytes consumed (0 if s does not start with a recognised entity).
func decodeHTMLEntity(s string) (rune, int) {
	end := strings.IndexByte(s[:min(len(s), 12)], ';')
	if end < 2 {
		return 0, 0
	}
	name := s[1:end]
	switch name {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "quot":
		return '"', end + 1
	}
	if name[0] != '#' || len(name) < 2 {
		return 0, 0
	}
	var code uint64
	var err error
	if name[1] == 'x' || name[1] == 'X' {
		code, err = strconv.ParseUint(name[2:], 16, 32)
	} else {
		code, err = strconv.ParseUint(name[1:], 10, 32)
	}
	if err != nil || code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF) {
		return 0, 0
	}
	return rune(code), end + 1
}

// trimText strips leading and trailing whitespace as Telegram does and shifts
// the entities accordingly.
func trimText(s string, ents []entity) (string, []entity) {
	start := 0
	for start < len(s) && isHTMLSpace(s[start]) {
		start++
	}
	end := len(s)
	for end > start && isHTMLSpace(s[end-1]) {
		end--
	}
	if start == 0 && end == len(s) {
		return s, ents
	}
	trimmed := s[start:end]
	n := utf16Len(trimmed)
	kept := ents[:0]
	for _, e := range ents {
		a, b := e.Offset-start, e.Offset+e.Length-start
		a, b = max(a, 0), min(b, n)
		if b > a {
			e.Offset, e.Length = a, b-a
			kept = append(kept, e)
		}
	}
	return trimmed, kept
}

// renderText applies parse_mode to text and enforces Telegram's length rules.
// It returns the plain text and entities Telegram would store.
func renderText(text, parseMode string) (string, []entity, *apiError) {
	if !utf8.ValidString(text) {
		return "", nil, badRequest("strings must be encoded in UTF-8")
	}
	plain, ents := text, []entity(nil)
	switch strings.ToLower(parseMode) {
	case "":
	case "html":
		var err error
		plain, ents, err = parseHTML(text)
		if err != nil {
			return "", nil, badRequest("can't parse entities: " + err.Error())
		}
	case "markdown", "markdownv2":
		return "", nil, badRequest(fmt.Sprintf("unsupported parse_mode %q: telegramtest only implements HTML", parseMode))
	default:
		return "", nil, badRequest("unsupported parse_mode")
	}
	plain, ents = trimText(plain, ents)
	switch n := utf16Len(plain); {
	case n == 0:
		return "", nil, badRequest("message text is empty")
	case n > maxMessageText:
		return "", nil, badRequest("message is too long")
	}
	return plain, ents, nil
}

// PlainText is the text a user sees of a message sent in parse mode HTML,
// as the server stores it (entities parsed, the ends trimmed), or the
// error Telegram would answer: for tests that check rendered replies
// without a server.
func PlainText(html string) (string, error) {
	plain, _, e := renderText(html, "HTML")
	if e != nil {
		return "", fmt.Errorf("telegram would refuse it: %s", e.desc)
	}
	return plain, nil
}
