package telegram

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxUpdateBody bounds a webhook request's body.
const maxUpdateBody = 1 << 20

// NewWebhookSecret makes a secret_token for setWebhook: 32 random
// characters from Telegram's allowed set.
func NewWebhookSecret() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// WebhookPath is the path of the webhook URL, which the HTTP server routes
// to WebhookHandler.
func (a *Adapter) WebhookPath() string { return WebhookPath(a.cfg.WebhookURL) }

// WebhookPath is the path of a webhook URL ("/" when it has none).
func WebhookPath(webhookURL string) string {
	u, err := url.Parse(webhookURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	return u.Path
}

// setWebhook registers the webhook with its secret_token. tgbotapi v5.5.1
// predates secret_token, so the call is made with explicit parameters.
func (a *Adapter) setWebhook() error {
	allowed, _ := json.Marshal(allowedUpdates)
	params := tgbotapi.Params{"url": a.cfg.WebhookURL, "secret_token": a.cfg.WebhookSecret, "allowed_updates": string(allowed)}
	if _, err := a.api.MakeRequest("setWebhook", params); err != nil {
		return fmt.Errorf("telegram: setWebhook: %w", a.client.redact(err))
	}
	return nil
}

// WebhookHandler receives updates that Telegram posts to the webhook. A
// request without the right X-Telegram-Bot-Api-Secret-Token header gets
// 401 and is never processed; a body over 1 MB gets 413, one that is not
// JSON 400. A malformed update is logged, skipped and answered 200, or
// Telegram would post it again and again. Updates are queued and answered
// after the 200, so Telegram never waits on the bot; once the adapter is
// stopping, they get 503 and Telegram posts them again later.
func (a *Adapter) WebhookHandler() http.Handler {
	secret := []byte(a.cfg.WebhookSecret)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := []byte(r.Header.Get("X-Telegram-Bot-Api-Secret-Token"))
		if len(secret) == 0 || subtle.ConstantTimeCompare(got, secret) != 1 {
			a.log.Warn("webhook request with a wrong secret refused", "remote", r.RemoteAddr)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			http.Error(w, "want application/json", http.StatusUnsupportedMediaType)
			return
		}
		select {
		case <-a.running:
		default:
			http.Error(w, "not ready", http.StatusServiceUnavailable)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxUpdateBody))
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			http.Error(w, "update too large", http.StatusRequestEntityTooLarge)
			return
		case err != nil:
			http.Error(w, "body not read", http.StatusRequestTimeout)
			return
		case !json.Valid(body):
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if !a.accept(r.Context(), body, false) {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
