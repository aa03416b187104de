package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
)

// Maximum size of callback_data, in bytes.
const maxCallbackData = 64

func decodeJSON(raw string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// checkReplyMarkup enforces the keyboard rules the spec states only in prose.
// It returns the markup normalised (sorted keys), or "" for no markup (absent
// or an empty inline keyboard), and whether it is an inline keyboard.
// inlineOnly rejects reply keyboards.
func checkReplyMarkup(raw string, inlineOnly bool) (string, bool, *apiError) {
	if raw == "" {
		return "", false, nil
	}
	v, err := decodeJSON(raw)
	obj, ok := v.(map[string]any)
	if err != nil || !ok {
		return "", false, badRequest("can't parse reply keyboard markup JSON object")
	}
	kb, inline := obj["inline_keyboard"]
	if !inline {
		kb = obj["keyboard"]
		if inlineOnly {
			return "", false, badRequest("can't parse inline keyboard markup: field \"inline_keyboard\" must be present")
		}
	}
	buttons := 0
	rows, _ := kb.([]any)
	for _, row := range rows {
		btns, _ := row.([]any)
		for _, b := range btns {
			if e := checkButton(b, inline); e != nil {
				return "", false, e
			}
			buttons++
		}
	}
	if inline && buttons == 0 {
		return "", true, nil
	}
	norm, _ := json.Marshal(obj)
	return string(norm), inline, nil
}

// checkButton checks one button of an inline or a reply keyboard. A reply
// keyboard button may still be a plain string (tgbotapi v5.5.1 sends those).
func checkButton(b any, inline bool) *apiError {
	bo, _ := b.(map[string]any)
	if inline && bo == nil {
		return badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
	}
	text, _ := bo["text"].(string)
	if s, ok := b.(string); ok {
		text = s
	}
	if text == "" {
		if inline {
			return badRequest("can't parse inline keyboard button: Text must be non-empty")
		}
		return badRequest("can't parse keyboard button: Text must be non-empty")
	}
	if !inline {
		return nil
	}
	return checkInlineButton(bo)
}

// checkInlineButton checks that exactly one action of an inline button is set,
// and its callback data or URL.
func checkInlineButton(b map[string]any) *apiError {
	var set []string
	for _, f := range [...]string{"url", "callback_data", "web_app", "login_url", "switch_inline_query",
		"switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay"} {
		v, ok := b[f]
		if !ok || v == nil || v == false {
			continue
		}
		set = append(set, f)
	}
	switch {
	case len(set) == 0:
		return badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
	case len(set) > 1:
		return badRequest(fmt.Sprintf("can't parse inline keyboard button: exactly one of the optional fields must be used, got %v", set))
	}
	switch set[0] {
	case "callback_data":
		data, ok := b["callback_data"].(string)
		if !ok || len(data) == 0 || len(data) > maxCallbackData {
			return badRequest("BUTTON_DATA_INVALID")
		}
	case "url":
		s, _ := b["url"].(string)
		u, err := url.Parse(s)
		if err != nil || s == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "tg") ||
			(u.Scheme != "tg" && u.Host == "") {
			return badRequest("BUTTON_URL_INVALID")
		}
	}
	return nil
}
