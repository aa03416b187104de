package discordtest

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
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

// CommandOption is one option of a slash command as the user filled it in.
type CommandOption struct {
	Name string
	// Type is inferred when zero: from the registered command if the fake
	// knows it, else from Value (string 3, bool 5, integers 4, floats 10;
	// nil with Options: sub-command 1, or group 2 if it holds sub-commands).
	Type    discordgo.ApplicationCommandOptionType
	Value   any
	Focused bool            // the option being typed (autocomplete)
	Options []CommandOption // for sub-commands and groups
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
}

// SlashSpec describes an application command invocation; the fields up to
// GuildLocale are those of Origin (kept flat here so that callers can write
// SlashSpec{ChannelID: ..., Name: ...}).
type SlashSpec struct {
	ID, Token          string
	GuildID, ChannelID string
	User               User
	MemberPermissions  int64
	AppPermissions     int64
	GuildLocale        string

	Name        string
	CommandID   string                           // filled from the registered command, or generated
	CommandType discordgo.ApplicationCommandType // default ChatApplicationCommand
	TargetID    string                           // user/message commands
	Options     []CommandOption
}

func (s *SlashSpec) origin() Origin {
	return Origin{s.ID, s.Token, s.GuildID, s.ChannelID, s.User, s.MemberPermissions, s.AppPermissions, s.GuildLocale}
}

// ComponentSpec describes a click on a button or a select-menu choice.
type ComponentSpec struct {
	Origin
	MessageID     string
	Message       json.RawMessage // the message object; a minimal one when nil
	CustomID      string
	ComponentType discordgo.ComponentType // default ButtonComponent
	Values        []string                // select menus
}

// ModalField is one submitted text input.
type ModalField struct{ CustomID, Value string }

// ModalSpec describes a modal submission.
type ModalSpec struct {
	Origin
	CustomID  string
	Fields    []ModalField
	MessageID string // set when the modal was opened from a component
}

// InteractionPayload is an interaction as Discord sends it: the "d" of a
// gateway INTERACTION_CREATE and the body of an HTTP interaction POST.
type InteractionPayload struct {
	ID, Token          string
	Type               discordgo.InteractionType
	GuildID, ChannelID string
	MessageID          string // component and modal interactions on a message
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

func inferOptionType(o *CommandOption) {
	for i := range o.Options {
		inferOptionType(&o.Options[i])
	}
	if o.Type != 0 {
		return
	}
	switch o.Value.(type) {
	case string:
		o.Type = discordgo.ApplicationCommandOptionString
	case bool:
		o.Type = discordgo.ApplicationCommandOptionBoolean
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		o.Type = discordgo.ApplicationCommandOptionInteger
	case float32, float64:
		o.Type = discordgo.ApplicationCommandOptionNumber
	case nil:
		o.Type = discordgo.ApplicationCommandOptionSubCommand
		for _, c := range o.Options {
			if c.Type == discordgo.ApplicationCommandOptionSubCommand {
				o.Type = discordgo.ApplicationCommandOptionSubCommandGroup
			}
		}
	default:
		o.Type = discordgo.ApplicationCommandOptionString
	}
}

func optionsJSON(opts []CommandOption) []any {
	out := make([]any, 0, len(opts))
	for i := range opts {
		o := &opts[i]
		inferOptionType(o)
		m := map[string]any{"name": o.Name, "type": int(o.Type)}
		if o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
			m["options"] = optionsJSON(o.Options)
		} else {
			m["value"] = o.Value
		}
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
	if spec.CommandType == 0 {
		spec.CommandType = discordgo.ChatApplicationCommand
	}
	d := map[string]any{"id": spec.CommandID, "name": spec.Name, "type": int(spec.CommandType)}
	if len(spec.Options) > 0 {
		d["options"] = optionsJSON(spec.Options)
	}
	if spec.TargetID != "" {
		d["target_id"] = spec.TargetID
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
// interaction; the option named focused (searched in sub-commands too) is
// marked focused, and added with an empty string value if absent.
func NewAutocompleteInteraction(appID string, spec SlashSpec, focused string) InteractionPayload {
	c := spec.origin()
	c.defaults()
	spec.Options = append([]CommandOption(nil), spec.Options...)
	if focused != "" && !markFocused(spec.Options, focused) {
		spec.Options = append(spec.Options, CommandOption{Name: focused, Type: discordgo.ApplicationCommandOptionString, Value: "", Focused: true})
	}
	return build(appID, c, discordgo.InteractionApplicationCommandAutocomplete, slashData(&spec), "", nil)
}

func markFocused(opts []CommandOption, name string) bool {
	for i := range opts {
		if len(opts[i].Options) > 0 {
			opts[i].Options = append([]CommandOption(nil), opts[i].Options...)
			if markFocused(opts[i].Options, name) {
				return true
			}
		}
		if opts[i].Name == name && opts[i].Value != nil {
			opts[i].Focused = true
			return true
		}
	}
	return false
}

// NewComponentInteraction builds a MESSAGE_COMPONENT interaction.
func NewComponentInteraction(appID string, spec ComponentSpec) InteractionPayload {
	c := spec.Origin
	c.defaults()
	if spec.ComponentType == 0 {
		spec.ComponentType = discordgo.ButtonComponent
	}
	if spec.MessageID == "" {
		spec.MessageID = snowflake()
	}
	data := map[string]any{"custom_id": spec.CustomID, "component_type": int(spec.ComponentType)}
	if spec.ComponentType != discordgo.ButtonComponent {
		vals := spec.Values
		if vals == nil {
			vals = []string{}
		}
		data["values"] = vals
	}
	msg := spec.Message
	if msg == nil { // Discord always sends the message a component is on
		author := map[string]any{"id": appID, "username": "bot", "discriminator": "0", "bot": true}
		msg, _ = json.Marshal(messageObject(spec.MessageID, c.ChannelID, author, "2024-01-01T00:00:00.000000+00:00"))
	}
	return build(appID, c, discordgo.InteractionMessageComponent, data, spec.MessageID, msg)
}

// NewModalSubmitInteraction builds a MODAL_SUBMIT interaction.
func NewModalSubmitInteraction(appID string, spec ModalSpec) InteractionPayload {
	c := spec.Origin
	c.defaults()
	rows := make([]any, 0, len(spec.Fields))
	for _, f := range spec.Fields {
		rows = append(rows, map[string]any{"type": 1, "components": []any{
			map[string]any{"type": 4, "custom_id": f.CustomID, "value": f.Value}}})
	}
	data := map[string]any{"custom_id": spec.CustomID, "components": rows}
	return build(appID, c, discordgo.InteractionModalSubmit, data, spec.MessageID, nil)
}

// NewPingInteraction builds the PING Discord sends to verify an HTTP
// interactions endpoint (answer: {"type":1}).
func NewPingInteraction(appID string) InteractionPayload {
	id := snowflake()
	tok := newToken(id)
	b, _ := json.Marshal(map[string]any{"id": id, "application_id": appID, "type": 1, "token": tok, "version": 1})
	return InteractionPayload{ID: id, Token: tok, Type: discordgo.InteractionPing, JSON: b}
}
