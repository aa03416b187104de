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
		if s.guilds[gid] == nil {
			rc.fail(http.StatusForbidden, CodeMissingAccess, "Missing Access")
			return "", false
		}
		return gid, true
	}
	return "", true
}

func (s *Server) scope(key string) *commandScope {
	sc := s.commands[key]
	if sc == nil {
		sc = &commandScope{}
		s.commands[key] = sc
	}
	return sc
}

// buildCommand renders the command object Discord returns for a request body.
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
	s.mergeCommand(obj, body)
	return obj
}

func (s *Server) mergeCommand(obj, body map[string]any) {
	for k, v := range body {
		switch k {
		case "id", "application_id", "version", "guild_id":
		case "default_member_permissions":
			if n, ok := v.(json.Number); ok {
				v = n.String()
			}
			obj[k] = v
		case "type":
			obj[k] = intOr(v, 1)
		default:
			obj[k] = v
		}
	}
	obj["version"] = s.newID()
}

func (sc *commandScope) find(name string, typ int64) *storedCommand {
	for _, c := range sc.list {
		if c.name() == name && c.typ() == typ {
			return c
		}
	}
	return nil
}

func (sc *commandScope) byID(id string) (int, *storedCommand) {
	for i, c := range sc.list {
		if c.id == id {
			return i, c
		}
	}
	return -1, nil
}

func (s *Server) listCommands(rc *reqCtx) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key, ok := s.scopeLocked(rc)
	if !ok {
		return
	}
	out := []map[string]any{}
	if sc := s.commands[key]; sc != nil {
		for _, c := range sc.list {
			out = append(out, c.obj)
		}
	}
	rc.writeJSON(200, out)
}

// storedFromLocked builds the command a body describes, keeping the id of
// a command of the same name and type in sc, as Discord does; the bool
// reports whether there was one.
func (s *Server) storedFromLocked(key string, sc *commandScope, body map[string]any) (*storedCommand, bool) {
	id := s.newID()
	prev := sc.find(str(body["name"]), intOr(body["type"], 1))
	if prev != nil {
		id = prev.id
	}
	return &storedCommand{id: id, obj: s.buildCommand(key, id, body)}, prev != nil
}

func (s *Server) putCommands(rc *reqCtx) {
	list, _ := rc.doc.([]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	key, ok := s.scopeLocked(rc)
	if !ok {
		return
	}
	old, next := s.scope(key), &commandScope{}
	out := make([]map[string]any, 0, len(list))
	for _, e := range list {
		body, _ := e.(map[string]any)
		c, _ := s.storedFromLocked(key, old, body)
		next.list = append(next.list, c)
		out = append(out, c.obj)
	}
	s.commands[key] = next
	rc.writeJSON(200, out)
}

func (s *Server) postCommand(rc *reqCtx) {
	body, _ := rc.doc.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	key, ok := s.scopeLocked(rc)
	if !ok {
		return
	}
	sc := s.scope(key)
	c, existed := s.storedFromLocked(key, sc, body)
	if existed { // an overwrite by name: 200, not 201
		i, _ := sc.byID(c.id)
		sc.list[i] = c
		rc.writeJSON(200, c.obj)
		return
	}
	sc.list = append(sc.list, c)
	rc.writeJSON(201, c.obj)
}

// commandLocked finds the command of a /commands/{command_id} route.
func (s *Server) commandLocked(rc *reqCtx) (*commandScope, int, *storedCommand) {
	key, ok := s.scopeLocked(rc)
	if !ok {
		return nil, -1, nil
	}
	sc := s.scope(key)
	i, c := sc.byID(rc.params[len(rc.params)-1])
	if c == nil {
		rc.fail(http.StatusNotFound, CodeUnknownCommand, "Unknown application command")
	}
	return sc, i, c
}

func (s *Server) patchCommand(rc *reqCtx) {
	body, _ := rc.doc.(map[string]any)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, c := s.commandLocked(rc); c != nil {
		s.mergeCommand(c.obj, body)
		rc.writeJSON(200, c.obj)
	}
}

func (s *Server) deleteCommand(rc *reqCtx) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sc, i, c := s.commandLocked(rc); c != nil {
		sc.list = append(sc.list[:i:i], sc.list[i+1:]...)
		rc.noContent()
	}
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
