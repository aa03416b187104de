package telegramtest

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Limits of setMyCommands and setWebhook.
const (
	maxCommands    = 100
	maxCommandDesc = 256
	maxSecretToken = 256
)

var (
	commandRe     = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	langCodeRe    = regexp.MustCompile(`^[a-z]{2}$`)
	secretTokenRe = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
)

// WebhookInfo is the webhook configuration the bot set.
type WebhookInfo struct {
	URL            string // "" when no webhook is set
	SecretToken    string
	AllowedUpdates []string
}

// defaultScope reports whether a BotCommandScope JSON ("" when absent) is
// the default scope, the only one the fake models: the bot sets its
// commands per language, not per chat.
func defaultScope(raw string) bool {
	if raw == "" || raw == "null" {
		return true
	}
	var sc struct {
		Type string `json:"type"`
	}
	return json.Unmarshal([]byte(raw), &sc) == nil && sc.Type == "default"
}

// handleSetMyCommands serves setMyCommands; an empty list deletes the
// commands of the language, as in the real API.
func (s *Server) handleSetMyCommands(rq *request) (okResult, *apiError) {
	var cmds []tgbotapi.BotCommand
	if err := json.Unmarshal([]byte(rq.p.get("commands")), &cmds); err != nil {
		return okResult{}, badRequest("can't parse commands JSON array")
	}
	if len(cmds) > maxCommands {
		return okResult{}, badRequest("too many commands specified")
	}
	for _, c := range cmds {
		if !commandRe.MatchString(c.Command) {
			return okResult{}, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf16Len(strings.TrimSpace(c.Description)); n == 0 || n > maxCommandDesc {
			return okResult{}, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	lang := rq.p.get("language_code")
	if lang != "" && !langCodeRe.MatchString(lang) {
		return okResult{}, badRequest("invalid language code specified")
	}
	if !defaultScope(rq.p.jsonParam("scope")) {
		return okResult{}, unmodelled("command scopes other than the default")
	}
	return s.gated(rq, func(*chatState) (okResult, *apiError) {
		if len(cmds) == 0 {
			delete(s.commands, lang)
		} else {
			s.commands[lang] = cmds
		}
		return okResult{result: true}, nil
	})
}

func badWebhook(detail string) *apiError { return badRequest("bad webhook: " + detail) }

// urlIsLoopback reports whether a webhook URL points at this machine.
func urlIsLoopback(u *url.URL) bool {
	h := u.Hostname()
	return h == "127.0.0.1" || h == "localhost" || h == "::1"
}

// handleWebhook serves setWebhook and deleteWebhook (setWebhook with an
// empty url deletes the webhook, as in the real API).
func (s *Server) handleWebhook(rq *request) (okResult, *apiError) {
	p := rq.p
	raw := strings.TrimSpace(p.get("url"))
	info := WebhookInfo{URL: raw, SecretToken: p.get("secret_token")}
	if raw != "" {
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" {
			return okResult{}, badWebhook("invalid URL")
		}
		if !urlIsLoopback(u) {
			if u.Scheme != "https" {
				return okResult{}, badWebhook("An HTTPS URL must be provided for webhook")
			}
			if port := u.Port(); port != "" && port != "443" && port != "80" && port != "88" && port != "8443" {
				return okResult{}, badWebhook("Webhook can be set up only on ports 80, 88, 443 or 8443")
			}
		} else if u.Scheme != "https" && u.Scheme != "http" {
			return okResult{}, badWebhook("unsupported URL scheme")
		}
	}
	if p.has("secret_token") {
		if n := len(info.SecretToken); n == 0 || n > maxSecretToken || !secretTokenRe.MatchString(info.SecretToken) {
			return okResult{}, badWebhook("secret token must be 1-256 characters long and contain only A-Z, a-z, 0-9, _ and -")
		}
	}
	var e *apiError
	if info.AllowedUpdates, e = parseAllowedUpdates(p); e != nil {
		return okResult{}, e
	}
	return s.gated(rq, func(*chatState) (okResult, *apiError) {
		if p.bool("drop_pending_updates") {
			s.upd.q = nil
		}
		was := s.webhook.URL
		if raw == "" {
			s.webhook = WebhookInfo{}
			if was == "" {
				return okResult{result: true, desc: "Webhook is already deleted"}, nil
			}
			return okResult{result: true, desc: "Webhook was deleted"}, nil
		}
		if p.has("allowed_updates") {
			s.upd.setAllowed(info.AllowedUpdates)
		}
		s.webhook = info
		s.upd.wake() // a waiting long poll now answers 409
		if was == raw {
			return okResult{result: true, desc: "Webhook is already set"}, nil
		}
		return okResult{result: true, desc: "Webhook was set"}, nil
	})
}

func (s *Server) handleGetWebhookInfo(rq *request) (okResult, *apiError) {
	return s.gated(rq, func(*chatState) (okResult, *apiError) {
		w := s.webhook
		out := map[string]any{"url": w.URL, "has_custom_certificate": false, "pending_update_count": len(s.upd.q)}
		if w.URL != "" && w.AllowedUpdates != nil {
			out["allowed_updates"] = w.AllowedUpdates
		}
		return okResult{result: out}, nil
	})
}

// Commands returns the commands set for a scope (BotCommandScope JSON, ""
// for the default scope, the only one modelled) and language code ("" for
// all languages), or nil.
func (s *Server) Commands(scopeJSON, lang string) []tgbotapi.BotCommand {
	if !defaultScope(scopeJSON) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]tgbotapi.BotCommand(nil), s.commands[lang]...)
}

// Webhook returns the current webhook settings (URL "" if none).
func (s *Server) Webhook() WebhookInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.webhook
	w.AllowedUpdates = append([]string(nil), w.AllowedUpdates...)
	return w
}
