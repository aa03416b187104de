package bot

import (
	"context"

	"github.com/briefbot/briefbot/summaries"
)

// ArgKind says what a command argument is, so that platforms can offer the
// right input (Discord options with autocomplete or choices).
type ArgKind int

// Argument kinds.
const (
	ArgStatement ArgKind = iota // a statement id, alias or prefix
	ArgChoice                   // one of Choices
	ArgNumber                   // a page or count
)

// Arg describes one command argument.
type Arg struct {
	Name     string
	Kind     ArgKind
	Choices  []string
	Required bool
}

// CommandInfo describes a command in one language, for /help and for the
// platforms' command menus.
type CommandInfo struct {
	Name        string
	Usage       string
	Description string
	Args        []Arg
	Needs       Capability // "" when every platform can serve it
}

type commandDef struct {
	Name    string
	Args    []Arg
	Needs   Capability
	handler func(*Bot, context.Context, *Request) *Reply
}

// Capability is something a platform must be able to do for a command to
// make sense there; adapters leave out of their menus the commands whose
// capability they lack.
type Capability string

// Capabilities.
const (
	// CapPrivateReplies: replies only the sender sees (Discord ephemeral).
	CapPrivateReplies Capability = "private-replies"
)

func (c commandDef) handle(b *Bot) func(context.Context, *Request) *Reply {
	return func(ctx context.Context, req *Request) *Reply { return c.handler(b, ctx, req) }
}

// coreCommands is every command of the core, in the order /help lists them.
func coreCommands() []commandDef {
	return []commandDef{
		{Name: "start", handler: (*Bot).start},
		{Name: "help", handler: (*Bot).help},
		{Name: "list", Args: []Arg{{Name: "page", Kind: ArgNumber}}, handler: (*Bot).list},
		{Name: "summary", Args: []Arg{{Name: "statement", Kind: ArgStatement}}, handler: (*Bot).summary},
		{Name: "figures", Args: []Arg{{Name: "statement", Kind: ArgStatement}}, handler: (*Bot).figures},
		{Name: "lang", Args: []Arg{{Name: "lang", Kind: ArgChoice, Choices: []string{"ar", "en"}}}, handler: (*Bot).setLang},
		{Name: "digits", Args: []Arg{{Name: "digits", Kind: ArgChoice, Choices: []string{string(WesternDigits), string(ArabicIndicDigits)}}}, handler: (*Bot).setDigits},
		{Name: "private", Args: []Arg{{Name: "private", Kind: ArgChoice, Choices: []string{"on", "off"}}}, Needs: CapPrivateReplies, handler: (*Bot).setPrivate},
	}
}

// Commands lists the core's commands with usage and description in lang.
func (b *Bot) Commands(lang summaries.Lang) []CommandInfo {
	out := make([]CommandInfo, 0, len(b.commands))
	for _, c := range b.commands {
		out = append(out, CommandInfo{
			Name:        c.Name,
			Usage:       b.msgs.T(lang, "usage_"+c.Name),
			Description: b.msgs.T(lang, "desc_"+c.Name),
			Args:        c.Args,
			Needs:       c.Needs,
		})
	}
	return out
}
