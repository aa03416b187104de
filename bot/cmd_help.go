package bot

import (
	"context"
	"strings"

	"github.com/briefbot/briefbot/summaries"
)

// help lists every command the platform serves, written as it is typed
// there, and what decides the language of a reply there.
func (b *Bot) help(_ context.Context, req *Request) *Reply {
	view := "help"
	for _, c := range req.Caps {
		view += " " + string(c)
	}
	if req.Chat.Parent != "" {
		view += " in-server"
	}
	return b.cached(req, nil, view, func() *Reply { return b.helpReply(req) })
}

func (b *Bot) helpReply(req *Request) *Reply {
	f := b.fmt(req)
	var cmds Commands
	for _, c := range b.Commands(req.Lang) {
		if !req.Can(c.Needs) {
			continue
		}
		cmds.Items = append(cmds.Items, CommandItem{Usage: b.usage(req, c.Command), Description: c.Description})
	}
	return &Reply{Lang: req.Lang, Title: f.t("help_title"), Blocks: []Block{
		Heading{Text: f.t("help_title")},
		cmds,
		Note{Text: f.t("help_statement")},
		b.langRules(f, req),
	}}
}

// langRules says what decides a reply's language on the request's
// platform, in DecideLang's order, naming only the rules that apply there.
func (b *Bot) langRules(f formatter, req *Request) Bullets {
	var items []string
	add := func(ok bool, id string) {
		if ok {
			items = append(items, f.t(id))
		}
	}
	add(req.Can(CapTypedOptions), "help_lang_option")
	add(req.Can(CapUserSettings), "help_lang_user")
	add(true, "help_lang_chat")
	add(req.Chat.Parent != "", "help_lang_server")
	add(req.Can(CapUserLang), "help_lang_app")
	items = append(items, f.t("help_lang_default", "Lang", f.t("lang_name_"+string(b.defaultLang))))
	return Bullets{Title: f.t("help_lang"), Items: items}
}

// usage is how command c is written on the request's platform: the
// catalog's usage line where arguments are typed as text ("/lang ar|en"),
// its options where they are typed fields ("/lang lang:<English|العربية>
// [scope:<…>]"). Choice labels are those the platform shows, the ones it
// registered (English).
func (b *Bot) usage(req *Request, c Command) string {
	if !req.Can(CapTypedOptions) {
		return b.msgs.T(req.Lang, "usage_"+c.Name)
	}
	var s strings.Builder
	s.WriteString("/" + c.Name)
	for _, p := range c.Params {
		if !req.Can(p.Needs) {
			continue
		}
		var labels []string
		for _, ch := range p.Choices {
			if req.Can(ch.Needs) {
				labels = append(labels, b.msgs.T(summaries.EN, ch.Label))
			}
		}
		value := strings.Join(labels, "|")
		switch {
		case p.Kind == ParamFlag:
			value = "True|False"
		case value == "":
			value = b.msgs.T(req.Lang, "syntax_"+p.Name)
		}
		opt := p.Name + ":<" + value + ">"
		if !p.Required {
			opt = "[" + opt + "]"
		}
		s.WriteString(" " + opt)
	}
	return s.String()
}
