package discordtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
)

// ErrUnknownInteraction is returned when waiting on an id the fake never saw.
var ErrUnknownInteraction = errors.New("discordtest: unknown interaction")

// interaction is the fake's state of one interaction; guarded by Server.mu.
type interaction struct {
	id, token string
	typ       discordgo.InteractionType
	channelID string
	messageID string
	created   time.Time // interaction clock

	respType    discordgo.InteractionResponseType
	respData    json.RawMessage
	respondedAt time.Time
	original    *message
	edits       int
	followups   []*message
	changed     chan struct{}
}

func (it *interaction) notify() {
	close(it.changed)
	it.changed = make(chan struct{})
}

func (s *Server) register(p InteractionPayload) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := &interaction{id: p.ID, token: p.Token, typ: p.Type, channelID: p.ChannelID,
		messageID: p.MessageID, created: s.Now(), changed: make(chan struct{})}
	s.interactions[p.ID] = it
	s.byToken[p.Token] = it
}

// dispatchPayload registers p (its 3-second clock starts now) and sends it
// as INTERACTION_CREATE to the gateway sessions, waiting (bounded by ctx)
// for one to exist.
func (s *Server) dispatchPayload(ctx context.Context, p InteractionPayload) error {
	if err := s.WaitReady(ctx); err != nil {
		return err
	}
	if p.ID != "" {
		s.register(p)
	}
	s.dispatch("INTERACTION_CREATE", p.JSON)
	return nil
}

// DispatchRawInteraction sends raw, as given, as the "d" of an
// INTERACTION_CREATE, for tests of malformed or unusual interactions. raw
// must be JSON (Discord's frames always are); the interaction is registered,
// so that the bot's answers are checked, when it has an id and a token.
func (s *Server) DispatchRawInteraction(ctx context.Context, raw []byte) error {
	if !json.Valid(raw) {
		return errors.New("discordtest: a raw interaction must be JSON")
	}
	var h struct {
		ID        string                    `json:"id"`
		Token     string                    `json:"token"`
		Type      discordgo.InteractionType `json:"type"`
		GuildID   string                    `json:"guild_id"`
		ChannelID string                    `json:"channel_id"`
		Message   struct {
			ID string `json:"id"`
		} `json:"message"`
	}
	_ = json.Unmarshal(raw, &h) // a field of the wrong type leaves its zero value
	p := InteractionPayload{Type: h.Type, GuildID: h.GuildID, ChannelID: h.ChannelID, MessageID: h.Message.ID, JSON: raw}
	if h.ID != "" && h.Token != "" {
		p.ID, p.Token = h.ID, h.Token
	}
	return s.dispatchPayload(ctx, p)
}

// originLocked completes who and where an interaction comes from: the
// guild from a registered channel, and an id the server numbers.
func (s *Server) originLocked(id, guildID, parentID *string, channelID string) {
	if ch := s.channels[channelID]; ch != nil && channelID != "" {
		if *guildID == "" {
			*guildID = ch.guildID
		}
		if *parentID == "" {
			*parentID = ch.parent
		}
	}
	if *id == "" {
		*id = s.newID()
	}
}

// fillSlashLocked completes spec from the registered command: id and option types.
func (s *Server) fillSlashLocked(spec *SlashSpec) {
	s.originLocked(&spec.ID, &spec.GuildID, &spec.ParentID, spec.ChannelID)
	c := s.lookupCommandLocked(spec.GuildID, spec.Name, int64(discordgo.ChatApplicationCommand))
	if c == nil {
		return
	}
	if spec.CommandID == "" {
		spec.CommandID = c.id
	}
	opts, _ := c.obj["options"].([]any)
	spec.Options = typedOptions(spec.Options, opts)
}

// typedOptions gives the options the caller left untyped the type of the
// registered option of the same name.
func typedOptions(given []CommandOption, registered []any) []CommandOption {
	out := append([]CommandOption(nil), given...)
	for i := range out {
		for _, r := range registered {
			if rm, _ := r.(map[string]any); str(rm["name"]) == out[i].Name && out[i].Type == 0 {
				out[i].Type = discordgo.ApplicationCommandOptionType(intOr(rm["type"], 0))
			}
		}
	}
	return out
}

// SlashCommand dispatches an application command as the user would trigger
// it. The guild comes from the channel if registered, the command id and
// option types from the registered command if any.
func (s *Server) SlashCommand(ctx context.Context, spec SlashSpec) (InteractionPayload, error) {
	s.mu.Lock()
	s.fillSlashLocked(&spec)
	s.mu.Unlock()
	p := NewSlashInteraction(s.appID, spec)
	return p, s.dispatchPayload(ctx, p)
}

// Autocomplete dispatches an autocomplete interaction with option focused
// being typed.
func (s *Server) Autocomplete(ctx context.Context, spec SlashSpec, focused string) (InteractionPayload, error) {
	s.mu.Lock()
	s.fillSlashLocked(&spec)
	s.mu.Unlock()
	p := NewAutocompleteInteraction(s.appID, spec, focused)
	return p, s.dispatchPayload(ctx, p)
}

// PressButton dispatches a click on the button customID of message
// messageID; the message comes from the fake's store when it knows it.
func (s *Server) PressButton(ctx context.Context, channelID string, user User, messageID, customID string) (InteractionPayload, error) {
	spec := ComponentSpec{Origin: Origin{ChannelID: channelID, User: user}, MessageID: messageID, CustomID: customID}
	s.mu.Lock()
	s.originLocked(&spec.ID, &spec.GuildID, &spec.ParentID, spec.ChannelID)
	if m := s.messages[messageID]; m != nil {
		spec.Message = m.json()
	}
	s.mu.Unlock()
	p := NewComponentInteraction(s.appID, spec)
	return p, s.dispatchPayload(ctx, p)
}

// allowedResponse reports whether Discord accepts callback type typ for an
// interaction of type it.
func allowedResponse(it discordgo.InteractionType, typ discordgo.InteractionResponseType) bool {
	switch it {
	case discordgo.InteractionPing:
		return typ == 1
	case discordgo.InteractionApplicationCommand:
		return typ == 4 || typ == 5 || typ == 9 || typ == 12
	case discordgo.InteractionMessageComponent:
		return typ >= 4 && typ <= 7 || typ == 9
	case discordgo.InteractionApplicationCommandAutocomplete:
		return typ == 8
	case discordgo.InteractionModalSubmit:
		return typ >= 4 && typ <= 7
	}
	return false
}

// callbackErr is a refused initial response.
type callbackErr struct {
	status int
	body   apiError
}

func (e *callbackErr) Error() string {
	return fmt.Sprintf("HTTP %d: %s (%d)", e.status, e.body.Message, e.body.Code)
}

// applyCallback records an initial response. doc is the decoded, already
// validated body. It returns nil on success.
func (s *Server) applyCallback(id, token string, doc map[string]any) *callbackErr {
	typ := discordgo.InteractionResponseType(intOr(doc["type"], 0))
	data, _ := doc["data"].(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.interactions[id]
	fail := func(status, code int, msg string) *callbackErr {
		s.violate(fmt.Sprintf("interaction %s: callback type %d: %s (%d)", id, typ, msg, code))
		return &callbackErr{status, apiError{Code: code, Message: msg}}
	}
	switch {
	case it == nil:
		return fail(http.StatusNotFound, CodeUnknownInteraction, "Unknown interaction")
	case it.token != token:
		return fail(http.StatusUnauthorized, CodeInvalidWebhookToken, "Invalid Webhook Token")
	case it.respType != 0:
		return fail(http.StatusBadRequest, CodeAlreadyAcknowledged, "Interaction has already been acknowledged.")
	case s.Now().Sub(it.created) > InteractionDeadline:
		return fail(http.StatusNotFound, CodeUnknownInteraction, "Unknown interaction")
	}
	if !allowedResponse(it.typ, typ) {
		fe := formErrors{}
		fe.add([]string{"type"}, "INTERACTION_CALLBACK_TYPE_INVALID",
			fmt.Sprintf("Callback type %d is not valid for interaction type %d", typ, it.typ))
		s.violate(fmt.Sprintf("interaction %s: Invalid Form Body: %s", id, fe))
		return &callbackErr{http.StatusBadRequest, apiError{Code: CodeInvalidFormBody, Message: "Invalid Form Body", Errors: fe}}
	}
	if (typ == 4 || typ == 7) && (data == nil || (typ == 4 && isEmptyMessage(data))) {
		return fail(http.StatusBadRequest, CodeEmptyMessage, "Cannot send an empty message")
	}
	it.respType = typ
	it.respondedAt = s.Now()
	if data != nil {
		it.respData, _ = json.Marshal(data)
	}
	switch typ {
	case 4, 5:
		body := data
		if typ == 5 {
			body = map[string]any{"flags": json.Number(fmt.Sprint(intOr(data["flags"], 0)&flagEphemeral | flagLoading))}
		}
		it.original = s.interactionMessageLocked(it, body, true)
	case 6, 7:
		m := s.messages[it.messageID]
		if m == nil {
			m = s.newMessageLocked(it.channelID, map[string]any{})
			if it.messageID != "" {
				delete(s.messages, m.id)
				m.id, m.obj["id"] = it.messageID, it.messageID
				s.messages[m.id] = m
			}
		}
		if typ == 7 {
			s.editLocked(m, data)
		}
		it.original = m
	}
	it.notify()
	return nil
}

// interactionMessageLocked stores a message sent through an interaction token.
func (s *Server) interactionMessageLocked(it *interaction, body map[string]any, original bool) *message {
	m := s.newMessageLocked(it.channelID, body)
	m.interactionID = it.id
	m.obj["webhook_id"] = s.appID
	m.obj["application_id"] = s.appID
	if original && it.typ == discordgo.InteractionApplicationCommand {
		m.obj["type"] = 20
	}
	m.obj["interaction_metadata"] = map[string]any{"id": it.id, "type": int(it.typ),
		"authorizing_integration_owners": map[string]any{}}
	return m
}

func (s *Server) postCallback(rc *reqCtx) {
	doc, _ := rc.doc.(map[string]any)
	if err := s.applyCallback(rc.param(0), rc.param(1), doc); err != nil {
		rc.writeJSON(err.status, err.body)
		return
	}
	rc.noContent()
}

// tokenLocked resolves /webhooks/{app}/{token} for interaction follow-ups.
func (s *Server) tokenLocked(rc *reqCtx) *interaction {
	it := s.byToken[rc.param(1)]
	switch {
	case rc.param(0) != s.appID || it == nil:
		rc.fail(http.StatusNotFound, CodeUnknownWebhook, "Unknown Webhook")
	case s.Now().Sub(it.created) > TokenLifetime:
		s.violate(fmt.Sprintf("interaction %s: token used after 15 minutes", it.id))
		rc.fail(http.StatusUnauthorized, CodeInvalidWebhookToken, "Invalid Webhook Token")
	case it.respType == 0 || it.respType == 1 || it.respType == 8 || it.respType == 9:
		s.violate(fmt.Sprintf("interaction %s: webhook used before an initial response", it.id))
		rc.fail(http.StatusNotFound, CodeUnknownWebhook, "Unknown Webhook")
	default:
		return it
	}
	return nil
}

func (s *Server) postFollowup(rc *reqCtx) {
	body, _ := rc.doc.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.tokenLocked(rc)
	if it == nil || s.refuseEmptyLocked(rc, body) {
		return
	}
	m := s.interactionMessageLocked(it, body, false)
	it.followups = append(it.followups, m)
	it.notify()
	if rc.r.URL.Query().Get("wait") == "true" {
		rc.writeJSON(200, m.json())
		return
	}
	rc.noContent()
}

// deleteOriginal deletes @original, the interaction's initial response
// (an acknowledgement that should leave nothing behind).
func (s *Server) deleteOriginal(rc *reqCtx) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.tokenLocked(rc)
	if it == nil {
		return
	}
	if it.original == nil || it.original.deleted {
		rc.fail(http.StatusNotFound, CodeUnknownMessage, "Unknown Message")
		return
	}
	it.original.deleted = true
	it.notify()
	rc.noContent()
}

// patchOriginal edits @original, the interaction's initial response.
func (s *Server) patchOriginal(rc *reqCtx) {
	body, _ := rc.doc.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	it := s.tokenLocked(rc)
	if it == nil {
		return
	}
	m := it.original
	if m == nil || m.deleted {
		rc.fail(http.StatusNotFound, CodeUnknownMessage, "Unknown Message")
		return
	}
	s.editLocked(m, body)
	it.edits++
	if isEmptyMessage(m.obj) {
		s.violate(rc.rt.key + ": edit leaves an empty message")
	}
	it.notify()
	rc.writeJSON(200, m.json())
}

// Response is what a bot did with one interaction.
type Response struct {
	InteractionID   string
	InteractionType discordgo.InteractionType
	// Type is the initial response's callback type; 0 while unanswered.
	Type discordgo.InteractionResponseType
	// Data is the callback's "data" object as sent (nil for types 1, 5, 6 without data).
	Data json.RawMessage
	// Latency is the time from dispatch to the initial response (interaction clock).
	Latency time.Duration
	// Original is the current state of @original (types 4, 5, 6, 7), nil if none or deleted.
	Original *discordgo.Message
	// OriginalEdits counts PATCHes of @original.
	OriginalEdits int
	// Followups are the follow-up messages in order, deleted ones omitted.
	Followups []*discordgo.Message
}

// Answered reports whether the interaction got its initial response.
func (r Response) Answered() bool { return r.Type != 0 }

// Choices decodes the choices of an autocomplete (type 8) response.
func (r Response) Choices() []*discordgo.ApplicationCommandOptionChoice {
	var d struct {
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	}
	_ = json.Unmarshal(r.Data, &d)
	return d.Choices
}

// Content is the content of @original, or of the callback data when there is
// no message (e.g. a modal), or "".
func (r Response) Content() string {
	if r.Original != nil {
		return r.Original.Content
	}
	var d struct {
		Content string `json:"content"`
	}
	_ = json.Unmarshal(r.Data, &d)
	return d.Content
}

// snapshot returns the state of interaction id and the channel closed at
// its next change.
func (s *Server) snapshot(id string) (Response, <-chan struct{}, bool) {
	s.mu.Lock()
	it := s.interactions[id]
	if it == nil {
		s.mu.Unlock()
		return Response{}, nil, false
	}
	r := Response{InteractionID: it.id, InteractionType: it.typ, Type: it.respType, Data: it.respData,
		OriginalEdits: it.edits}
	if it.respType != 0 {
		r.Latency = it.respondedAt.Sub(it.created)
	}
	var orig []byte
	if it.original != nil && !it.original.deleted {
		orig = it.original.json()
	}
	fus := make([][]byte, 0, len(it.followups))
	for _, m := range it.followups {
		if !m.deleted {
			fus = append(fus, m.json())
		}
	}
	ch := it.changed
	s.mu.Unlock()
	// Decoded without the lock: discordgo's decoder is slow.
	r.Original = parseMessage(orig)
	for _, b := range fus {
		if m := parseMessage(b); m != nil {
			r.Followups = append(r.Followups, m)
		}
	}
	return r, ch, true
}

// Interaction returns the current state of an interaction.
func (s *Server) Interaction(id string) (Response, bool) {
	r, _, ok := s.snapshot(id)
	return r, ok
}

// WaitResponse blocks until the interaction has its initial response.
func (s *Server) WaitResponse(ctx context.Context, id string) (Response, error) {
	return s.WaitFor(ctx, id, Response.Answered)
}

// WaitFor blocks until cond holds for the interaction's state (re-checked
// after every change: response, edit, follow-up, delete).
func (s *Server) WaitFor(ctx context.Context, id string, cond func(Response) bool) (Response, error) {
	for {
		r, ch, ok := s.snapshot(id)
		if !ok {
			return Response{}, ErrUnknownInteraction
		}
		if cond(r) {
			return r, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return r, fmt.Errorf("discordtest: waiting for interaction %s: %w", id, ctx.Err())
		}
	}
}
