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

// checkReplyMarkup enforces the inline keyboard rules the spec states only
// in prose. It returns the markup normalised (sorted keys), or "" for no
// markup (absent or an empty inline keyboard). Other markups are not modelled
// (the bot sends only inline keyboards); where the spec allows only inline
// keyboards (edits, inline results) the spec check has refused them already.
func checkReplyMarkup(raw string) (string, *apiError) {
	if raw == "" {
		return "", nil
	}
	v, err := decodeJSON(raw)
	obj, ok := v.(map[string]any)
	if err != nil || !ok {
		return "", badRequest("can't parse reply keyboard markup JSON object")
	}
	kb, inline := obj["inline_keyboard"]
	if !inline {
		return "", unmodelled("reply keyboards")
	}
	buttons := 0
	rows, _ := kb.([]any)
	for _, row := range rows {
		btns, _ := row.([]any)
		for _, b := range btns {
			bo, _ := b.(map[string]any)
			if bo == nil {
				return "", badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
			}
			if text, _ := bo["text"].(string); text == "" {
				return "", badRequest("can't parse inline keyboard button: Text must be non-empty")
			}
			if e := checkInlineButton(bo); e != nil {
				return "", e
			}
			buttons++
		}
	}
	if buttons == 0 {
		return "", nil
	}
	norm, _ := json.Marshal(obj)
	return string(norm), nil
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
