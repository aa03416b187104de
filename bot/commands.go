package bot

import (
	"context"

	"github.com/briefbot/briefbot/summaries"
)

// Command declares a command once, beside its handler: its parameters,
// what it needs of a platform and whether it changes a chat's settings.
// /help, Telegram's command menus, Discord's slash commands and the parsing
// of typed arguments all read this declaration; none keeps its own list.
type Command struct {
	Name   string
	Params []Param
	// Needs is a capability the platform must have for the command to be
	// offered and served there ("" for every platform).
	Needs Capability
	// Admin marks a command that changes the chat's settings: in groups,
	// channels and servers only administrators may change them, and
	// platforms that can hide it from everyone else do (Discord's default
	// member permissions).
	Admin   bool
	handler func(*Bot, context.Context, *Request) *Reply
}

// ParamKind says what a parameter takes, so that each platform offers the
// right input and typed text is read the same way everywhere.
type ParamKind int

// Parameter kinds.
const (
	ParamStatement ParamKind = iota // a statement id, alias, prefix or title words; completed as typed
	ParamChoice                     // one of Choices
	ParamNumber                     // a whole number, at least Min
	ParamTime                       // a local time of day
	ParamZone                       // a time zone; completed as typed
	ParamFlag                       // on or off; in typed text, on when one of Words is present
	ParamFigure                     // a figure id (or its unambiguous start) of the statement given; completed as typed
	ParamLink                       // a deep link's payload (see StartPayload)
	ParamText                       // free text, taken as typed (a search); in typed text, the words no other parameter takes
)

// Role says what a parameter does besides being an argument.
type Role int

// Parameter roles.
const (
	RoleValue        Role = iota // an argument of the command
	RoleReplyLang                // the reply's language, an explicit choice
	RoleReplyPrivate             // answer only the requester
)

// Param declares one parameter of a command.
type Param struct {
	Name string
	Kind ParamKind
	// Desc is the message id of its description.
	Desc    string
	Choices []Choice
	// Words are what sets a flag in typed text ("daily", "يوميا").
	Words    []string
	Required bool
	// Min is the smallest number accepted; MinLen and MaxLen bound text
	// (platforms with typed options enforce them as the user types).
	Min            int64
	MinLen, MaxLen int
	Role           Role
	// OptionOnly parameters exist only as platform options (the reply
	// language and private flag of a Discord command); typed text never
	// sets them.
	OptionOnly bool
	Needs      Capability
	// Invalid is the message id of the answer to a typed value that is not
	// of the parameter's kind ("“two” is not a page number").
	Invalid string
}

// Choice is one value a choice parameter takes.
type Choice struct {
	Value string
	// Label is the message id of the choice's name.
	Label string
	// Words are other ways people type it ("العربية", "عربي" for "ar");
	// they are compared after folding case and Arabic spelling variants.
	Words []string
	// Needs is a capability the platform must have for the choice to be
	// offered ("" for every platform).
	Needs Capability
}

// Capability is something a platform must be able to do for a command to
// make sense there; adapters leave out of their menus the commands whose
// capability they lack.
type Capability string

// Capabilities.
const (
	// CapPrivateReplies: replies only the sender sees (Discord ephemeral).
	CapPrivateReplies Capability = "private-replies"
	// CapStart: the platform opens a conversation with /start (Telegram,
	// the console); Discord has no such command.
	CapStart Capability = "start"
	// CapUserSettings: the platform keeps settings per user (User.Key),
	// besides per chat, and the language resolver reads them; /lang
	// offers the scope "me".
	CapUserSettings Capability = "user-settings"
	// CapTypedOptions: arguments are typed fields (Discord's slash
	// options), so /help shows "/lang lang:<…>" rather than "/lang ar|en".
	CapTypedOptions Capability = "typed-options"
	// CapUserLang: the platform reports the user's app language
	// (User.Lang), which the language resolver reads.
	CapUserLang Capability = "user-lang"
)

// The parameters several commands share.
var (
	statementParam = Param{Name: "statement", Kind: ParamStatement, Desc: "param_statement"}
	figureParam    = Param{Name: "figure", Kind: ParamFigure, Desc: "param_figure"}
	replyLangParam = Param{Name: "lang", Kind: ParamChoice, Desc: "param_reply_lang", Role: RoleReplyLang, OptionOnly: true, Choices: langChoices}
	privateParam   = Param{Name: "private", Kind: ParamFlag, Desc: "param_private", Role: RoleReplyPrivate, OptionOnly: true, Needs: CapPrivateReplies}
	channelChoice  = Choice{Value: "channel", Label: "choice_scope_channel", Words: []string{"القناة", "المحادثة"}}
	serverChoice   = Choice{Value: "server", Label: "choice_scope_server", Words: []string{"الخادم"}}
	scopeParam     = Param{Name: "scope", Kind: ParamChoice, Desc: "param_scope", Choices: []Choice{channelChoice, serverChoice}}
	// /lang may also set the requester's own language, where the platform
	// keeps settings per user.
	langScopeParam = Param{Name: "scope", Kind: ParamChoice, Desc: "param_lang_scope", Choices: []Choice{channelChoice, serverChoice,
		{Value: "me", Label: "choice_scope_me", Words: []string{"لي", "أنا"}, Needs: CapUserSettings}}}
	langChoices = []Choice{
		{Value: "en", Label: "choice_lang_en", Words: []string{"english", "الإنجليزية", "انجليزي", "إنجليزية", "الإنكليزية", "انكليزي", "إنكليزية"}},
		{Value: "ar", Label: "choice_lang_ar", Words: []string{"arabic", "العربية", "عربي", "عربية"}},
	}
)

// coreCommands is every command of the core, in the order /help lists them.
func coreCommands() []Command {
	return []Command{
		{Name: "start", Needs: CapStart, Params: []Param{{Name: "link", Kind: ParamLink, Desc: "param_link"}}, handler: (*Bot).start},
		{Name: "help", Params: []Param{replyLangParam, privateParam}, handler: (*Bot).help},
		{Name: "list", Params: []Param{
			{Name: "page", Kind: ParamNumber, Desc: "param_page", Min: 1, Invalid: "error_bad_page"},
			replyLangParam, privateParam,
		}, handler: (*Bot).list},
		{Name: "summary", Params: []Param{statementParam, replyLangParam, privateParam}, handler: (*Bot).summary},
		{Name: "figures", Params: []Param{statementParam, replyLangParam, privateParam}, handler: (*Bot).figures},
		{Name: "figure", Params: []Param{statementParam, figureParam, replyLangParam, privateParam}, handler: (*Bot).figure},
		{Name: "search", Params: []Param{
			{Name: "query", Kind: ParamText, Desc: "param_query", Required: true},
			replyLangParam, privateParam,
		}, handler: (*Bot).search},
		// Not Admin: anyone may set their own language (scope me) where
		// users have settings; the chat's and the server's still need their
		// administrators (refuseChange), so Discord shows it to everyone.
		{Name: "lang", Params: []Param{
			{Name: "lang", Kind: ParamChoice, Desc: "param_lang", Required: true, Choices: langChoices},
			langScopeParam,
		}, handler: (*Bot).setLang},
		{Name: "digits", Admin: true, Params: []Param{
			{Name: "style", Kind: ParamChoice, Desc: "param_digits", Required: true, Choices: []Choice{
				{Value: string(WesternDigits), Label: "choice_digits_western", Words: []string{"latin", "123", "غربية"}},
				{Value: string(ArabicIndicDigits), Label: "choice_digits_arabic", Words: []string{"arabic-indic", "eastern", "١٢٣", "هندية", "عربية"}},
			}},
			scopeParam,
		}, handler: (*Bot).setDigits},
		{Name: "private", Admin: true, Needs: CapPrivateReplies, Params: []Param{
			{Name: "state", Kind: ParamChoice, Desc: "param_private_state", Required: true, Choices: []Choice{
				{Value: "on", Label: "choice_on", Words: []string{"yes", "true", "نعم", "تشغيل"}},
				{Value: "off", Label: "choice_off", Words: []string{"no", "false", "لا", "إيقاف"}},
			}},
		}, handler: (*Bot).setPrivate},
	}
}

// CommandInfo is a command's declaration with its texts in one language,
// for /help and the platforms' menus.
type CommandInfo struct {
	Command
	Usage       string
	Description string
	Params      []ParamInfo
}

// ParamInfo is a parameter with its texts in one language.
type ParamInfo struct {
	Param
	Description string
	Choices     []ChoiceInfo
}

// ChoiceInfo is a choice with its label in one language; Needs is the
// capability a platform must have to offer it.
type ChoiceInfo struct {
	Value, Label string
	Needs        Capability
}

// Commands lists the core's commands with their texts in lang.
func (b *Bot) Commands(lang summaries.Lang) []CommandInfo {
	out := make([]CommandInfo, 0, len(b.commands))
	for _, c := range b.commands {
		info := CommandInfo{Command: c, Usage: b.msgs.T(lang, "usage_"+c.Name), Description: b.msgs.T(lang, "desc_"+c.Name)}
		for _, p := range c.Params {
			pi := ParamInfo{Param: p, Description: b.msgs.T(lang, p.Desc)}
			for _, ch := range p.Choices {
				pi.Choices = append(pi.Choices, ChoiceInfo{Value: ch.Value, Label: b.msgs.T(lang, ch.Label), Needs: ch.Needs})
			}
			info.Params = append(info.Params, pi)
		}
		out = append(out, info)
	}
	return out
}

// takesText reports whether c has a free-text parameter, whose text its
// handler bounds itself (a search cuts a long query and says so).
func (c *Command) takesText() bool {
	for _, p := range c.Params {
		if p.Kind == ParamText && !p.OptionOnly {
			return true
		}
	}
	return false
}

// command returns the declaration of name, or nil.
func (b *Bot) command(name string) *Command {
	if i, ok := b.byName[name]; ok {
		return &b.commands[i]
	}
	return nil
}

func (c Command) handle(b *Bot) func(context.Context, *Request) *Reply {
	return func(ctx context.Context, req *Request) *Reply { return c.handler(b, ctx, req) }
}
