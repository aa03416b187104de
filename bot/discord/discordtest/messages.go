package discordtest

import (
	"encoding/json"
	"net/http"

	"github.com/bwmarrin/discordgo"
)

// Message flags the fake interprets.
const (
	flagEphemeral    = 1 << 6
	flagLoading      = 1 << 7
	flagComponentsV2 = 1 << 15
)

// message is a stored message; obj is the object Discord would return.
type message struct {
	id, channelID string
	obj           map[string]any
	ephemeral     bool
	deleted       bool
	interactionID string
}

// messageObject is a message as Discord returns it, before the fields of a
// request body are applied.
func messageObject(id, channelID string, author map[string]any, timestamp string) map[string]any {
	return map[string]any{
		"id": id, "channel_id": channelID, "type": 0, "content": "", "author": author,
		"timestamp": timestamp, "edited_timestamp": nil, "tts": false, "mention_everyone": false,
		"mentions": []any{}, "mention_roles": []any{}, "attachments": []any{}, "embeds": []any{},
		"components": []any{}, "pinned": false, "flags": 0,
	}
}

// newMessageLocked stores a bot message built from a request body; s.mu must be held.
func (s *Server) newMessageLocked(channelID string, body map[string]any) *message {
	id := s.newID()
	obj := messageObject(id, channelID, s.botUser(), s.timestamp())
	applyMessageFields(obj, body)
	m := &message{id: id, channelID: channelID, obj: obj, ephemeral: intOr(obj["flags"], 0)&flagEphemeral != 0}
	s.messages[id] = m
	s.channelMsgs[channelID] = append(s.channelMsgs[channelID], m)
	return m
}

// applyMessageFields copies the editable fields of a request body into obj.
func applyMessageFields(obj, body map[string]any) {
	for _, k := range [...]string{"content", "embeds", "components", "attachments", "poll", "tts", "flags"} {
		v, ok := body[k]
		if !ok {
			continue
		}
		if v == nil {
			switch k {
			case "content":
				v = ""
			case "tts":
				v = false
			case "flags":
				v = 0
			case "poll":
			default:
				v = []any{}
			}
		}
		if k == "embeds" {
			for _, e := range v.([]any) {
				if em, ok := e.(map[string]any); ok && em["type"] == nil {
					em["type"] = "rich"
				}
			}
		}
		obj[k] = v
	}
}

// refuseEmptyLocked answers 400 50006 (and records a violation) for a body
// that would create a message with nothing in it.
func (s *Server) refuseEmptyLocked(rc *reqCtx, body map[string]any) bool {
	if body != nil && !isEmptyMessage(body) {
		return false
	}
	s.violate(rc.rt.key + ": Cannot send an empty message")
	rc.fail(http.StatusBadRequest, CodeEmptyMessage, "Cannot send an empty message")
	return true
}

// isEmptyMessage reports a body that would create a message with nothing in it.
func isEmptyMessage(m map[string]any) bool {
	if str(m["content"]) != "" || m["poll"] != nil {
		return false
	}
	for _, k := range [...]string{"embeds", "components", "attachments", "sticker_ids"} {
		if l, ok := m[k].([]any); ok && len(l) > 0 {
			return false
		}
	}
	return true
}

func (m *message) json() []byte {
	b, _ := json.Marshal(m.obj)
	return b
}

func parseMessage(b []byte) *discordgo.Message {
	if b == nil {
		return nil
	}
	var dm discordgo.Message
	if err := json.Unmarshal(b, &dm); err != nil {
		return nil
	}
	return &dm
}

// ChannelMessages returns the messages visible in a channel, oldest first:
// what the bot posted and its non-ephemeral interaction responses and
// follow-ups (those have WebhookID set to the application id).
func (s *Server) ChannelMessages(channelID string) []*discordgo.Message {
	s.mu.Lock()
	raws := make([][]byte, 0, len(s.channelMsgs[channelID]))
	for _, m := range s.channelMsgs[channelID] {
		if !m.deleted && !m.ephemeral {
			raws = append(raws, m.json())
		}
	}
	s.mu.Unlock()
	out := make([]*discordgo.Message, 0, len(raws))
	for _, b := range raws {
		if dm := parseMessage(b); dm != nil {
			out = append(out, dm)
		}
	}
	return out
}

// channelLocked resolves the channel of a message send, answering 404/403
// itself; s.mu must be held.
func (s *Server) channelLocked(rc *reqCtx, id string) *channelInfo {
	c := s.channels[id]
	if c == nil || c.deleted {
		rc.fail(http.StatusNotFound, CodeUnknownChannel, "Unknown Channel")
		return nil
	}
	if c.denied {
		rc.fail(http.StatusForbidden, CodeMissingPermissions, "Missing Permissions")
		return nil
	}
	return c
}

func (s *Server) postMessage(rc *reqCtx) {
	body, _ := rc.doc.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.channelLocked(rc, rc.param(0))
	if c == nil || s.refuseEmptyLocked(rc, body) {
		return
	}
	m := s.newMessageLocked(c.id, body)
	if c.guildID != "" {
		m.obj["guild_id"] = c.guildID
	}
	rc.writeJSON(200, m.json())
}

// editLocked applies an edit body to m; s.mu must be held.
func (s *Server) editLocked(m *message, body map[string]any) {
	prev := intOr(m.obj["flags"], 0)
	applyMessageFields(m.obj, body)
	flags := prev &^ flagLoading
	if _, ok := body["flags"]; ok {
		flags = prev&flagEphemeral | intOr(body["flags"], 0)&^(flagEphemeral|flagLoading)
	}
	m.obj["flags"] = flags
	m.obj["edited_timestamp"] = s.timestamp()
	if it := s.interactions[m.interactionID]; it != nil {
		it.notify()
	}
}
