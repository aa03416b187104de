package discordtest

import (
	"encoding/json"
	"net/http"

	"github.com/bwmarrin/discordgo"
)

// commandScope holds the commands of one scope (global or one guild).
type commandScope struct {
	list []*storedCommand
}

type storedCommand struct {
	id  string
	obj map[string]any
}

func (c *storedCommand) name() string { return str(c.obj["name"]) }
func (c *storedCommand) typ() int64   { return intOr(c.obj["type"], 1) }

// scopeLocked checks the application id and guild of a command route and
// returns the scope key ("" for global). s.mu must be held.
func (s *Server) scopeLocked(rc *reqCtx) (string, bool) {
	if rc.param(0) != s.appID {
		rc.fail(http.StatusForbidden, CodeNotAuthorizedApp, "You are not authorized to perform this action on this application")
		return "", false
	}
	if len(rc.rt.segs) > 3 && rc.rt.segs[2] == "guilds" {
		gid := rc.param(1)
		if !s.guilds[gid] {
			rc.fail(http.StatusForbidden, CodeMissingAccess, "Missing Access")
			return "", false
		}
		return gid, true
	}
	return "", true
}

// buildCommand renders the command object Discord returns for a request
// body (one command of a bulk overwrite).
func (s *Server) buildCommand(scope, id string, body map[string]any) map[string]any {
	obj := map[string]any{
		"id": id, "application_id": s.appID, "version": s.newID(), "type": intOr(body["type"], 1),
		"name": str(body["name"]), "name_localizations": body["name_localizations"],
		"description": str(body["description"]), "description_localizations": body["description_localizations"],
		"default_member_permissions": nil, "dm_permission": true, "nsfw": false,
		"contexts": body["contexts"], "integration_types": []any{0},
	}
	if scope != "" {
		obj["guild_id"] = scope
	}
	for k, v := range body {
		switch k {
		case "id", "application_id", "version", "guild_id", "type":
		case "default_member_permissions":
			if n, ok := v.(json.Number); ok {
				v = n.String()
			}
			obj[k] = v
		default:
			obj[k] = v
		}
	}
	return obj
}

func (sc *commandScope) find(name string, typ int64) *storedCommand {
	for _, c := range sc.list {
		if c.name() == name && c.typ() == typ {
			return c
		}
	}
	return nil
}

// putCommands serves a bulk overwrite: the list replaces the scope's
// commands, and a command keeps the id of the one of the same name and
// type it replaces, as on Discord.
func (s *Server) putCommands(rc *reqCtx) {
	list, _ := rc.doc.([]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	key, ok := s.scopeLocked(rc)
	if !ok {
		return
	}
	old, next := s.commands[key], &commandScope{}
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		body, _ := e.(map[string]any)
		id := s.newID()
		if old != nil {
			if prev := old.find(str(body["name"]), intOr(body["type"], 1)); prev != nil {
				id = prev.id
			}
		}
		c := &storedCommand{id: id, obj: s.buildCommand(key, id, body)}
		next.list = append(next.list, c)
		out = append(out, c.obj)
	}
	s.commands[key] = next
	rc.writeJSON(200, out)
}

// Commands returns the registered commands of a guild ("" = global), in order.
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	var raw []byte
	if sc := s.commands[guildID]; sc != nil {
		objs := make([]map[string]any, len(sc.list))
		for i, c := range sc.list {
			objs[i] = c.obj
		}
		raw, _ = json.Marshal(objs)
	}
	s.mu.Unlock()
	var out []*discordgo.ApplicationCommand
	if raw != nil {
		_ = json.Unmarshal(raw, &out)
	}
	return out
}

// lookupCommandLocked finds a registered command by name and type, guild
// scope first; s.mu must be held.
func (s *Server) lookupCommandLocked(guildID, name string, typ int64) *storedCommand {
	keys := []string{""}
	if guildID != "" {
		keys = []string{guildID, ""}
	}
	for _, key := range keys {
		if sc := s.commands[key]; sc != nil {
			if c := sc.find(name, typ); c != nil {
				return c
			}
		}
	}
	return nil
}
