package bot

import "context"

// help lists every command with what it does, and how the language is chosen.
func (b *Bot) help(_ context.Context, req *Request) *Reply {
	view := "help"
	for _, c := range req.Caps {
		view += " " + string(c)
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
		cmds.Items = append(cmds.Items, CommandItem{Usage: c.Usage, Description: c.Description})
	}
	return &Reply{Lang: req.Lang, Title: f.t("help_title"), Blocks: []Block{
		Heading{Text: f.t("help_title")},
		cmds,
		Note{Text: f.t("help_statement")},
		Note{Text: f.t("help_lang")},
	}}
}
