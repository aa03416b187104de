package discord

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/bwmarrin/discordgo"
)

// maxInteractionBody bounds an interaction request's body.
const maxInteractionBody = 1 << 20

// HTTPHandler serves POST /discord/interactions: it verifies each request's
// Ed25519 signature (X-Signature-Ed25519 over X-Signature-Timestamp and the
// body) and answers 401 to any that fails, answers PING with PONG, and
// answers every other interaction in the HTTP response.
func (a *Adapter) HTTPHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		if a.pub == nil {
			http.Error(w, "interactions endpoint not configured", http.StatusNotFound)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxInteractionBody)
		if !discordgo.VerifyInteraction(r, a.pub) {
			a.log.Warn("interaction with a bad signature refused", "remote", r.RemoteAddr)
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		var i discordgo.Interaction
		if err := json.Unmarshal(body, &i); err != nil {
			http.Error(w, "bad interaction", http.StatusBadRequest)
			return
		}
		first := make(chan *discordgo.InteractionResponse, 1)
		respond := func(resp *discordgo.InteractionResponse) error {
			first <- resp
			return nil
		}
		select {
		case <-a.ready:
		default:
			if i.Type != discordgo.InteractionPing {
				http.Error(w, "not ready", http.StatusServiceUnavailable)
				return
			}
		}
		a.wg.Go(func() { a.handle(a.runCtx(), &i, respond) })
		select {
		case resp := <-first:
			w.Header().Set("Content-Type", "application/json")
			json.NewEncoder(w).Encode(resp)
		case <-r.Context().Done():
		}
	})
}
