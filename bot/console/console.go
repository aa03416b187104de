package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/summaries"
)

// ChatKey and UserKey identify the console's one conversation.
const (
	ChatKey = "console"
	UserKey = "console"
)

// maxLine bounds one input line; longer lines still reach the core, which
// answers over-long arguments itself.
const maxLine = 1 << 20

// Console serves the core on a terminal or a pipe.
type Console struct {
	Handler bot.Handler
	In      io.Reader
	Out     io.Writer
	// Lang is the explicit --lang; a successful /lang replaces it.
	Lang summaries.Lang
	// Prompt is printed before each command ("> " by default).
	Prompt string
}

// Request builds the request the console sends for one input line. A line
// without a leading "/" is taken as a command all the same when it reads as
// one ("figures" is "/figures"); any other text is free text (bot.KindText),
// which the core answers. ok is false for a blank line.
func Request(line string, lang summaries.Lang) (*bot.Request, bool) {
	line = strings.TrimSpace(line)
	if line == "" {
		return nil, false
	}
	req := &bot.Request{
		Kind: bot.KindText, Args: line, Lang: lang,
		Chat: bot.Chat{Key: ChatKey, Kind: bot.Private},
		User: bot.User{Key: UserKey},
		Caps: []bot.Capability{bot.CapStart}, Platform: bot.PlatformConsole,
	}
	cmd := line
	if !strings.HasPrefix(cmd, "/") {
		cmd = "/" + cmd
	}
	if name, _, args, ok := bot.ParseCommand(cmd); ok {
		req.Kind, req.Command, req.Args = bot.KindCommand, name, args
	}
	return req, true
}

// Run answers each input line until the input ends (nil) or ctx is done.
func (c *Console) Run(ctx context.Context) error {
	prompt := c.Prompt
	if prompt == "" {
		prompt = "> "
	}
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		sc := bufio.NewScanner(c.In)
		sc.Buffer(make([]byte, 64*1024), maxLine)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
		close(lines)
	}()
	for {
		if _, err := io.WriteString(c.Out, prompt); err != nil {
			return fmt.Errorf("writing prompt: %w", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case line, open := <-lines:
			if !open {
				io.WriteString(c.Out, "\n")
				if err := <-errc; err != nil {
					return fmt.Errorf("reading input: %w", err)
				}
				return nil
			}
			req, ok := Request(line, c.Lang)
			if !ok {
				continue
			}
			reply := c.Handler.Handle(ctx, req)
			if req.Command == "lang" && !reply.Error && req.Args != "" {
				c.Lang = "" // the chat setting now decides
			}
			if _, err := io.WriteString(c.Out, Render(reply)); err != nil {
				return fmt.Errorf("writing reply: %w", err)
			}
		}
	}
}
