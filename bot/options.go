package bot

import (
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/briefbot/briefbot/bot/schedule"
	"github.com/briefbot/briefbot/summaries/arabic"
)

// Value is one typed option value; which field holds it follows the
// parameter's kind.
type Value struct {
	Text string // a statement, a choice's value, a time, a zone
	Int  int64  // a number
	Bool bool   // a flag
}

// Options are a request's arguments as typed values, by parameter name.
// The zero value is empty and ready to use.
type Options struct {
	values map[string]Value
	// Unplaced are words of typed text that fit no parameter; handlers of
	// commands without a free-text parameter answer them with usage.
	Unplaced []string
}

// Set records the value of parameter name.
func (o *Options) Set(name string, v Value) {
	if o.values == nil {
		o.values = map[string]Value{}
	}
	o.values[name] = v
}

// Has reports whether parameter name was given.
func (o Options) Has(name string) bool { _, ok := o.values[name]; return ok }

// Text is the text of parameter name, "" when not given.
func (o Options) Text(name string) string { return o.values[name].Text }

// Int is the number of parameter name, and whether it was given.
func (o Options) Int(name string) (int64, bool) { v, ok := o.values[name]; return v.Int, ok }

// Flag reports whether flag name is on.
func (o Options) Flag(name string) bool { return o.values[name].Bool }

// Empty reports whether no option and no unplaced word was given.
func (o Options) Empty() bool { return len(o.values) == 0 && len(o.Unplaced) == 0 }

// badArg is a typed value that is not of its parameter's kind.
type badArg struct {
	param *Param
	word  string
}

// parseArgs reads typed text into options by the command's declaration.
// Words may come in any order: each goes to the first parameter not yet
// given that takes it (a flag's words, a choice's values and words, a time
// of one or two words such as "7 صباحًا", a number); the words left over
// form the command's free-text parameter (a statement, a zone such as
// "New York", or a text). Without one, they are the wrong value of the first choice
// or number not given ("/lang fr"), or stay Unplaced.
func (c *Command) parseArgs(args string, can func(Capability) bool) (Options, *badArg) {
	var o Options
	var rest []string
	var free *Param
	for i := range c.Params {
		p := &c.Params[i]
		if (p.Kind == ParamStatement || p.Kind == ParamZone || p.Kind == ParamText) && !p.OptionOnly && free == nil {
			free = p
		}
	}
	words := strings.Fields(args)
	for i := 0; i < len(words); {
		if n := c.place(&o, words[i:], can); n > 0 {
			i += n
			continue
		}
		rest = append(rest, words[i])
		i++
	}
	switch {
	case len(rest) == 0:
	case free != nil:
		o.Set(free.Name, Value{Text: strings.Join(rest, " ")})
	default:
		for i := range c.Params {
			p := &c.Params[i]
			if p.OptionOnly || o.Has(p.Name) || !can(p.Needs) {
				continue
			}
			if p.Kind == ParamChoice || p.Kind == ParamNumber && p.Invalid != "" {
				return o, &badArg{param: p, word: rest[0]}
			}
		}
		o.Unplaced = rest
	}
	return o, nil
}

// place gives the first words of ws to the first parameter that takes
// them, and returns how many it took (0: none).
func (c *Command) place(o *Options, ws []string, can func(Capability) bool) int {
	w := ws[0]
	for i := range c.Params {
		p := &c.Params[i]
		if p.OptionOnly || o.Has(p.Name) || !can(p.Needs) {
			continue
		}
		switch p.Kind {
		case ParamFlag:
			if matchWord(p.Words, w) {
				o.Set(p.Name, Value{Bool: true})
				return 1
			}
		case ParamChoice:
			if ch := p.choice(w, can); ch != nil {
				o.Set(p.Name, Value{Text: ch.Value})
				return 1
			}
		case ParamTime:
			// "7 صباحًا" and "7 am" are one time; a time with a part out of
			// range ("25:00") is still the time, so its answer says what is
			// wrong with it.
			for n := min(2, len(ws)); n >= 1; n-- {
				t := strings.Join(ws[:n], " ")
				if _, _, err := schedule.ParseClock(t); !errors.Is(err, schedule.ErrNotClock) {
					o.Set(p.Name, Value{Text: t})
					return n
				}
			}
		case ParamNumber:
			if n, err := strconv.ParseInt(arabic.WesternDigits(w), 10, 64); err == nil && n >= p.Min {
				o.Set(p.Name, Value{Int: n})
				return 1
			}
		}
	}
	return 0
}

// choice returns the choice w names, by its value or one of its words: as
// typed (case aside) first, then with Arabic spelling variants folded, so
// "١٢٣" is not taken for "123".
func (p *Param) choice(w string, can func(Capability) bool) *Choice {
	for _, fold := range []func(string) string{strings.ToLower, arabic.Normalize} {
		fw := fold(w)
		for i := range p.Choices {
			ch := &p.Choices[i]
			if !can(ch.Needs) {
				continue
			}
			if fw == fold(ch.Value) || slices.ContainsFunc(ch.Words, func(x string) bool { return fold(x) == fw }) {
				return ch
			}
		}
	}
	return nil
}

// matchWord reports whether w is one of words, folding case and Arabic
// spelling variants ("يوميًا" is "يوميا").
func matchWord(words []string, w string) bool {
	fw := arabic.Normalize(w)
	return slices.ContainsFunc(words, func(x string) bool { return arabic.Normalize(x) == fw })
}
