package discordtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Sign sets the X-Signature-Ed25519 and X-Signature-Timestamp headers Discord
// puts on HTTP interactions, signed with the fake's key (see PublicKey).
func (s *Server) Sign(req *http.Request, body []byte) {
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	sig := ed25519.Sign(s.priv, append([]byte(ts), body...))
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(sig))
	req.Header.Set("X-Signature-Timestamp", ts)
}

// PostInteraction plays Discord for an HTTP-interactions bot: it registers p,
// POSTs it signed to endpoint and, if the bot answers 200 with a JSON
// interaction response, records that as the initial response with the same
// checks as POST /interactions/{id}/{token}/callback. The returned response's
// body can still be read. A rejected answer is returned as an error (and
// recorded in Violations).
func (s *Server) PostInteraction(ctx context.Context, endpoint string, p InteractionPayload) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(p.JSON))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Discord-Interactions/1.0 (+https://discord.com)")
	s.Sign(req, p.JSON)
	s.register(p)
	resp, err := s.transport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil || resp.StatusCode != http.StatusOK || len(body) == 0 {
		return resp, err
	}
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		s.violate(fmt.Sprintf("interaction %s: HTTP response has Content-Type %q, want application/json", p.ID, resp.Header.Get("Content-Type")))
	}
	rt, params, _ := s.matchRoute(http.MethodPost, "/interactions/"+p.ID+"/"+p.Token+"/callback")
	doc, err := decodeJSON(body)
	if err != nil {
		s.violate(fmt.Sprintf("interaction %s: HTTP response is not JSON", p.ID))
		return resp, fmt.Errorf("discordtest: interaction response is not JSON: %w", err)
	}
	if fe := s.validate(rt, doc); fe != nil {
		s.violate(rt.key + " (HTTP response): Invalid Form Body: " + fe.String())
		return resp, fmt.Errorf("discordtest: invalid interaction response: %s", fe)
	}
	m, _ := doc.(map[string]any)
	if cerr := s.applyCallback(params[0], params[1], m); cerr != nil {
		return resp, cerr
	}
	return resp, nil
}
