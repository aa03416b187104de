package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// maxInteractionBody bounds an interaction request's body.
const maxInteractionBody = 1 << 20

// maxSkew is how far a request's X-Signature-Timestamp may be from now: a
// captured request replayed later is refused.
const maxSkew = 5 * time.Minute

// HTTPHandler serves POST /discord/interactions. A body over 1 MB gets 413.
// A request whose Ed25519 signature (X-Signature-Ed25519 over
// X-Signature-Timestamp and the body) fails, or whose timestamp is not a
// Unix time within five minutes of now, gets 401. A malformed interaction
// or one of a type the bot does not know gets 400 at once. PING is
// answered with PONG, every other interaction in the HTTP response, and an
// interaction whose handling ended without an answer gets 500, never
// silence.
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
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxInteractionBody))
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			http.Error(w, "interaction too large", http.StatusRequestEntityTooLarge)
			return
		case err != nil:
			http.Error(w, "body not read", http.StatusRequestTimeout)
			return
		}
		if err := a.verify(r.Header, body, time.Now()); err != nil {
			a.log.Warn("interaction refused", "remote", r.RemoteAddr, "reason", err.Error())
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		i, ok := a.decode(body)
		if !ok {
			http.Error(w, "bad interaction", http.StatusBadRequest)
			return
		}
		select {
		case <-a.ready:
		default:
			if i.Type != discordgo.InteractionPing {
				http.Error(w, "not ready", http.StatusServiceUnavailable)
				return
			}
		}
		first := make(chan *discordgo.InteractionResponse, 1)
		written := make(chan struct{})
		respond := func(resp *discordgo.InteractionResponse) error {
			first <- resp
			select { // what follows (an edit, a deletion) must come after it
			case <-written:
			case <-r.Context().Done():
			}
			return nil
		}
		done := make(chan struct{})
		if !a.track(func() { defer close(done); a.handle(a.runCtx(), i, respond) }) {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		defer close(written)
		select {
		case resp := <-first:
			writeResponse(w, resp)
		case <-done:
			select {
			case resp := <-first:
				writeResponse(w, resp)
			default:
				http.Error(w, "interaction not answered", http.StatusInternalServerError)
			}
		case <-r.Context().Done():
		}
	})
}

func writeResponse(w http.ResponseWriter, resp *discordgo.InteractionResponse) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(resp)
}

// verify checks an interaction request's signature and timestamp.
func (a *Adapter) verify(h http.Header, body []byte, now time.Time) error {
	sig, err := hex.DecodeString(h.Get("X-Signature-Ed25519"))
	if err != nil || len(sig) != ed25519.SignatureSize {
		return errors.New("no valid X-Signature-Ed25519")
	}
	ts := h.Get("X-Signature-Timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("X-Signature-Timestamp is not a Unix time")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > maxSkew || d < -maxSkew {
		return errors.New("X-Signature-Timestamp is more than five minutes from now")
	}
	if !ed25519.Verify(a.pub, append([]byte(ts), body...), sig) {
		return errors.New("bad signature")
	}
	return nil
}
