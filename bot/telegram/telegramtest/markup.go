package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
)

// Maximum size of callback_data, in bytes.
const maxCallbackData = 64

// inlineButtonActions are the InlineKeyboardButton fields of which exactly one
// must be set.
var inlineButtonActions = []string{
	"url", "callback_data", "web_app", "login_url", "switch_inline_query",
	"switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
	"copy_text", "callback_game", "pay",
}

func decodeJSON(raw string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}

// checkReplyMarkup enforces the keyboard rules the spec states only in prose.
// It returns the markup normalised (sorted keys), or "" for no markup (absent
// or an empty inline keyboard). inlineOnly rejects reply keyboards.
func checkReplyMarkup(raw string, inlineOnly bool) (string, *apiError) {
	if raw == "" {
		return "", nil
	}
	v, err := decodeJSON(raw)
	if err != nil {
		return "", badRequest("can't parse reply keyboard markup JSON object")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return "", badRequest("can't parse reply keyboard markup JSON object")
	}
	if kb, ok := obj["inline_keyboard"]; ok {
		rows, _ := kb.([]any)
		buttons := 0
		for _, row := range rows {
			btns, _ := row.([]any)
			for _, b := range btns {
				bo, _ := b.(map[string]any)
				if e := checkInlineButton(bo); e != nil {
					return "", e
				}
				buttons++
			}
		}
		if buttons == 0 {
			return "", nil
		}
	} else if inlineOnly {
		return "", badRequest("can't parse inline keyboard markup: field \"inline_keyboard\" must be present")
	} else if kb, ok := obj["keyboard"]; ok {
		rows, _ := kb.([]any)
		for _, row := range rows {
			btns, _ := row.([]any)
			for _, b := range btns {
				text := ""
				switch bt := b.(type) {
				case string:
					text = bt
				case map[string]any:
					text, _ = bt["text"].(string)
				}
				if text == "" {
					return "", badRequest("can't parse keyboard button: Text must be non-empty")
				}
			}
		}
	}
	norm, _ := json.Marshal(obj)
	return string(norm), nil
}

func checkInlineButton(b map[string]any) *apiError {
	if b == nil {
		return badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object")
	}
	if text, _ := b["text"].(string); text == "" {
		return badRequest("can't parse inline keyboard button: Text must be non-empty")
	}
	var set []string
	for _, f := range inlineButtonActions {
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
