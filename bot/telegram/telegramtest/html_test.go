package telegramtest

import (
	"strings"
	"testing"
)

func TestUTF16Len(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "é": 1, "€": 1, "😀": 2, "a😀b": 4, "👍🏽": 4} {
		if got := utf16Len(s); got != want {
			t.Errorf("utf16Len(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestParseHTMLAccepts(t *testing.T) {
	cases := []struct {
		in, plain string
		ents      []entity
	}{
		{"plain > text", "plain > text", nil},
		{"<b>bold</b> <i>it</i>", "bold it", []entity{{Type: "bold", Length: 4}, {Type: "italic", Offset: 5, Length: 2}}},
		{"😀<B>x</B>", "😀x", []entity{{Type: "bold", Offset: 2, Length: 1}}},
		{`<a href="https://e.com/?a=1&amp;b=2">l</a>`, "l", []entity{{Type: "text_link", Length: 1, URL: "https://e.com/?a=1&b=2"}}},
		{"&lt;&gt;&amp;&quot;&#65;&#x42;", `<>&"AB`, nil},
		{`<pre><code class="language-go">x := 1</code></pre>`, "x := 1", []entity{{Type: "pre", Length: 6, Language: "go"}}},
		{`<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>`, "st", []entity{{Type: "spoiler", Length: 1}, {Type: "spoiler", Offset: 1, Length: 1}}},
		{"<blockquote expandable>q</blockquote>", "q", []entity{{Type: "expandable_blockquote", Length: 1}}},
		{`<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>`, "👍", []entity{{Type: "custom_emoji", Length: 2, CustomEmojiID: "5368324170671202286"}}},
		{"<b>a<i>b</i></b><u>c</u><s>d</s><del>e</del><strike>f</strike><ins>g</ins><em>h</em><strong>i</strong><code>j</code>", "abcdefghij", nil},
		{"<b></b>x", "x", nil}, // empty entities are dropped
	}
	for _, c := range cases {
		plain, ents, err := parseHTML(c.in)
		if err != nil {
			t.Errorf("parseHTML(%q): %v", c.in, err)
			continue
		}
		if plain != c.plain {
			t.Errorf("parseHTML(%q) text = %q, want %q", c.in, plain, c.plain)
		}
		if c.ents != nil && !equalEntities(ents, c.ents) {
			t.Errorf("parseHTML(%q) entities = %+v, want %+v", c.in, ents, c.ents)
		}
	}
}

func equalEntities(a, b []entity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseHTMLRejects(t *testing.T) {
	cases := map[string]string{
		"<b>x</i>":                     `Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`,
		"<b>x":                         `Can't find end tag corresponding to start tag "b"`,
		"x</b>":                        "Unexpected end tag at byte offset 1",
		"<div>x</div>":                 `Unsupported start tag "div" at byte offset 0`,
		"a < b":                        `Unsupported start tag "" at byte offset 2`,
		"<b":                           "Unclosed start tag at byte offset 0",
		"fish & chips":                 `unescaped "&"`,
		"&nbsp;":                       `unescaped "&"`,
		"&lt":                          `unescaped "&"`,
		"&#xD800;":                     `unescaped "&"`,
		`<span class="x">s</span>`:     `Tag "span" must have class "tg-spoiler"`,
		`<a href="https://e.com>x</a>`: "Unclosed end of attribute value",
		"<br/>":                        `Unsupported start tag "br/"`,
		"<b>a<i>b</b></i>":             `Unmatched end tag at byte offset 8, expected "</i>", found "</b>"`,
		`<a href=x"y>t</a>`:            "Unexpected end of name token",
	}
	for in, want := range cases {
		_, _, err := parseHTML(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseHTML(%q) error = %v, want containing %q", in, err, want)
		}
	}
}

func TestRenderTextLimits(t *testing.T) {
	emoji := strings.Repeat("😀", 2048) // 4096 UTF-16 code units, 8192 bytes
	if _, _, e := renderText(emoji, ""); e != nil {
		t.Errorf("4096 units rejected: %s", e.desc)
	}
	if _, _, e := renderText("<b>"+emoji+"</b>", "HTML"); e != nil {
		t.Errorf("4096 units in tags rejected: %s", e.desc)
	}
	if _, _, e := renderText(emoji+"a", ""); e == nil || e.desc != "Bad Request: message is too long" {
		t.Errorf("4097 units: got %+v", e)
	}
	if _, _, e := renderText(strings.Repeat("&amp;", 4097), "HTML"); e == nil {
		t.Error("4097 decoded entities accepted")
	}
	if _, _, e := renderText(" \n ", ""); e == nil || e.desc != "Bad Request: message text is empty" {
		t.Errorf("blank text: got %+v", e)
	}
	if _, _, e := renderText("x", "MarkdownV2"); e == nil {
		t.Error("MarkdownV2 accepted")
	}
	plain, ents, _ := renderText("  <b> hi</b>  ", "HTML")
	if plain != "hi" || len(ents) != 1 || ents[0].Offset != 0 || ents[0].Length != 2 {
		t.Errorf("trim: %q %+v", plain, ents)
	}
}

func TestStripNulls(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":null,"b":1}`: `{"b":1}`,
		`{"a":1,"b":null}`: `{"a":1}`,
		`{"a":null}`:       `{}`,
		`{"a":{"x":null,"y":"n\":null"},"b":null,"c":[null]}`: `{"a":{"y":"n\":null"},"c":[null]}`,
	} {
		if got := string(stripNulls([]byte(in))); got != want {
			t.Errorf("stripNulls(%s) = %s, want %s", in, got, want)
		}
	}
}
