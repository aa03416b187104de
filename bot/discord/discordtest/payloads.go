package discordtest

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"slices"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// User is the person who triggers an interaction. Zero fields get defaults
// (id 100000000000000001, username "tester", locale "en-US").
type User struct {
	ID         string
	Username   string
	GlobalName string
	Locale     string // the user's client locale, e.g. "de"
}

// CommandOption is one option of a slash command as the user filled it in
// (the bot's commands have no sub-commands, and the fake models none).
type CommandOption struct {
	Name string
	// Type is inferred when zero: from the registered command if the fake
	// knows it, else from Value (string 3, bool 5, integers 4, floats 10).
	Type    discordgo.ApplicationCommandOptionType
	Value   any
	Focused bool // the option being typed (autocomplete)
}

// Origin is who triggers an interaction, and where. Zero fields get
// defaults: ID and Token are generated, ChannelID is "1", GuildID "" means a
// DM (the user is sent as "user" instead of "member"), GuildLocale is en-US.
type Origin struct {
	ID, Token          string
	GuildID, ChannelID string
	User               User
	// MemberPermissions is sent verbatim as member.permissions (0 = none).
	MemberPermissions int64
	// AppPermissions is app_permissions; 0 means view, send, embed, attach, history.
	AppPermissions int64
	GuildLocale    string
	// ParentID makes the channel a public thread of that channel (the
	// interaction's channel object then has type 11 and parent_id); the
	// Server's builders fill it from a thread added with AddThread.
	ParentID string
}

// SlashSpec describes a slash (CHAT_INPUT) command invocation; the fields up to
// GuildLocale are those of Origin (kept flat here so that callers can write
// SlashSpec{ChannelID: ..., Name: ...}).
type SlashSpec struct {
	ID, Token          string
	GuildID, ChannelID string
	User               User
	MemberPermissions  int64
	AppPermissions     int64
	GuildLocale        string
	ParentID           string

	Name      string
	CommandID string // filled from the registered command, or generated
	Options   []CommandOption
}

func (s *SlashSpec) origin() Origin {
	return Origin{s.ID, s.Token, s.GuildID, s.ChannelID, s.User, s.MemberPermissions, s.AppPermissions, s.GuildLocale, s.ParentID}
}

// ComponentSpec describes a click on a button.
type ComponentSpec struct {
	Origin
	MessageID string
	Message   json.RawMessage // the message object; a minimal one when nil
	CustomID  string
}

// InteractionPayload is an interaction as Discord sends it: the "d" of a
// gateway INTERACTION_CREATE and the body of an HTTP interaction POST.
type InteractionPayload struct {
	ID, Token          string
	Type               discordgo.InteractionType
	GuildID, ChannelID string
	MessageID          string // component interactions: the message clicked on
	JSON               json.RawMessage
}

// Interaction decodes the payload the way discordgo does.
func (p InteractionPayload) Interaction() (*discordgo.Interaction, error) {
	var i discordgo.Interaction
	err := json.Unmarshal(p.JSON, &i)
	return &i, err
}

// snowflake returns a snowflake of now with random low bits, for payloads
// built without a server (the server numbers its own: Server.newID).
func snowflake() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return snowflakeAt(time.Now(), binary.LittleEndian.Uint64(b[:]))
}

const defaultAppPermissions = 1<<10 | 1<<11 | 1<<14 | 1<<15 | 1<<16 | 1<<18 // view, send, embed, attach, history, external emojis

func (c *Origin) defaults() {
	if c.ID == "" {
		c.ID = snowflake()
	}
	if c.Token == "" {
		c.Token = newToken(c.ID)
	}
	if c.User.ID == "" {
		c.User.ID = "100000000000000001"
	}
	if c.User.Username == "" {
		c.User.Username = "tester"
	}
	if c.User.Locale == "" {
		c.User.Locale = "en-US"
	}
	if c.AppPermissions == 0 {
		c.AppPermissions = defaultAppPermissions
	}
	if c.GuildLocale == "" {
		c.GuildLocale = "en-US"
	}
	if c.ChannelID == "" {
		c.ChannelID = "1"
	}
}

func userObj(u User) map[string]any {
	var gn any
	if u.GlobalName != "" {
		gn = u.GlobalName
	}
	return map[string]any{"id": u.ID, "username": u.Username, "discriminator": "0", "global_name": gn,
		"avatar": nil, "public_flags": 0, "avatar_decoration_data": nil}
}

// envelope renders the fields common to all interactions.
func envelope(appID string, c Origin, typ discordgo.InteractionType, data any) map[string]any {
	m := map[string]any{
		"id": c.ID, "application_id": appID, "type": int(typ), "token": c.Token, "version": 1,
		"channel_id": c.ChannelID, "locale": c.User.Locale, "data": data,
		"app_permissions": strconv.FormatInt(c.AppPermissions, 10), "entitlements": []any{},
		"attachment_size_limit": 10485760,
	}
	if c.GuildID != "" {
		m["guild_id"] = c.GuildID
		m["guild"] = map[string]any{"id": c.GuildID, "locale": c.GuildLocale, "features": []any{}}
		m["guild_locale"] = c.GuildLocale
		m["channel"] = map[string]any{"id": c.ChannelID, "type": 0, "guild_id": c.GuildID, "flags": 0}
		if c.ParentID != "" {
			m["channel"] = map[string]any{"id": c.ChannelID, "type": 11, "guild_id": c.GuildID, "parent_id": c.ParentID, "flags": 0,
				"thread_metadata": map[string]any{"archived": false, "auto_archive_duration": 1440, "locked": false,
					"archive_timestamp": "2024-01-01T00:00:00.000000+00:00"}}
		}
		m["member"] = map[string]any{"user": userObj(c.User), "roles": []any{}, "nick": nil, "avatar": nil,
			"joined_at": "2024-01-01T00:00:00.000000+00:00", "premium_since": nil, "deaf": false, "mute": false,
			"flags": 0, "pending": false, "permissions": strconv.FormatInt(c.MemberPermissions, 10),
			"communication_disabled_until": nil}
		m["authorizing_integration_owners"] = map[string]any{"0": c.GuildID}
		m["context"] = 0
	} else {
		m["user"] = userObj(c.User)
		m["channel"] = map[string]any{"id": c.ChannelID, "type": 1, "flags": 0}
		m["authorizing_integration_owners"] = map[string]any{"0": "0"}
		m["context"] = 1
	}
	return m
}

// inferredType is an option's type when the caller and the registered
// command leave it open.
func inferredType(v any) discordgo.ApplicationCommandOptionType {
	switch v.(type) {
	case bool:
		return discordgo.ApplicationCommandOptionBoolean
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return discordgo.ApplicationCommandOptionInteger
	case float32, float64:
		return discordgo.ApplicationCommandOptionNumber
	}
	return discordgo.ApplicationCommandOptionString
}

func optionsJSON(opts []CommandOption) []any {
	out := make([]any, 0, len(opts))
	for _, o := range opts {
		if o.Type == 0 {
			o.Type = inferredType(o.Value)
		}
		m := map[string]any{"name": o.Name, "type": int(o.Type), "value": o.Value}
		if o.Focused {
			m["focused"] = true
		}
		out = append(out, m)
	}
	return out
}

// build renders an interaction; message is the message a component
// interaction is on (nil for none).
func build(appID string, c Origin, typ discordgo.InteractionType, data any, messageID string, message json.RawMessage) InteractionPayload {
	env := envelope(appID, c, typ, data)
	if message != nil {
		env["message"] = message
	}
	b, _ := json.Marshal(env)
	return InteractionPayload{ID: c.ID, Token: c.Token, Type: typ, GuildID: c.GuildID, ChannelID: c.ChannelID, MessageID: messageID, JSON: b}
}

func slashData(spec *SlashSpec) map[string]any {
	if spec.CommandID == "" {
		spec.CommandID = snowflake()
	}
	d := map[string]any{"id": spec.CommandID, "name": spec.Name, "type": int(discordgo.ChatApplicationCommand)}
	if len(spec.Options) > 0 {
		d["options"] = optionsJSON(spec.Options)
	}
	return d
}

// NewSlashInteraction builds an APPLICATION_COMMAND interaction.
func NewSlashInteraction(appID string, spec SlashSpec) InteractionPayload {
	c := spec.origin()
	c.defaults()
	return build(appID, c, discordgo.InteractionApplicationCommand, slashData(&spec), "", nil)
}

// NewAutocompleteInteraction builds an APPLICATION_COMMAND_AUTOCOMPLETE
// interaction; the option named focused is marked focused, and added with
// an empty string value if absent.
func NewAutocompleteInteraction(appID string, spec SlashSpec, focused string) InteractionPayload {
	c := spec.origin()
	c.defaults()
	spec.Options = append([]CommandOption(nil), spec.Options...)
	i := slices.IndexFunc(spec.Options, func(o CommandOption) bool { return o.Name == focused && o.Value != nil })
	switch {
	case i >= 0:
		spec.Options[i].Focused = true
	case focused != "":
		spec.Options = append(spec.Options, CommandOption{Name: focused, Type: discordgo.ApplicationCommandOptionString, Value: "", Focused: true})
	}
	return build(appID, c, discordgo.InteractionApplicationCommandAutocomplete, slashData(&spec), "", nil)
}

// NewComponentInteraction builds a MESSAGE_COMPONENT interaction: a button
// click.
func NewComponentInteraction(appID string, spec ComponentSpec) InteractionPayload {
	c := spec.Origin
	c.defaults()
	if spec.MessageID == "" {
		spec.MessageID = snowflake()
	}
	data := map[string]any{"custom_id": spec.CustomID, "component_type": int(discordgo.ButtonComponent)}
	msg := spec.Message
	if msg == nil { // Discord always sends the message a component is on
		author := map[string]any{"id": appID, "username": "bot", "discriminator": "0", "bot": true}
		msg, _ = json.Marshal(messageObject(spec.MessageID, c.ChannelID, author, "2024-01-01T00:00:00.000000+00:00"))
	}
	return build(appID, c, discordgo.InteractionMessageComponent, data, spec.MessageID, msg)
}

// NewPingInteraction builds the PING Discord sends to verify an HTTP
// interactions endpoint (answer: {"type":1}).
func NewPingInteraction(appID string) InteractionPayload {
	id := snowflake()
	tok := newToken(id)
	b, _ := json.Marshal(map[string]any{"id": id, "application_id": appID, "type": 1, "token": tok, "version": 1})
	return InteractionPayload{ID: id, Token: tok, Type: discordgo.InteractionPing, JSON: b}
}
