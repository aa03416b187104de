package bot

import (
	"strconv"
	"strings"

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
// given that takes it (a flag's words, a choice's values and words, a time,
// a number); the words left over form the command's free-text parameter
// (a statement, a zone or a text), or stay Unplaced when it has none.
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
	for _, w := range strings.Fields(args) {
		if !c.place(&o, w, can) {
			rest = append(rest, w)
		}
	}
	switch {
	case len(rest) == 0:
	case free != nil:
		o.Set(free.Name, Value{Text: strings.Join(rest, " ")})
	default:
		for i := range c.Params {
			p := &c.Params[i]
			if p.Kind == ParamNumber && !o.Has(p.Name) && p.Invalid != "" {
				return o, &badArg{param: p, word: rest[0]}
			}
		}
		o.Unplaced = rest
	}
	return o, nil
}

// place gives w to the first parameter that takes it.
func (c *Command) place(o *Options, w string, can func(Capability) bool) bool {
	lw := strings.ToLower(w)
	for i := range c.Params {
		p := &c.Params[i]
		if p.OptionOnly || o.Has(p.Name) || !can(p.Needs) {
			continue
		}
		switch p.Kind {
		case ParamFlag:
			if containsWord(p.Words, lw) {
				o.Set(p.Name, Value{Bool: true})
				return true
			}
		case ParamChoice:
			for _, ch := range p.Choices {
				if lw == ch.Value || containsWord(ch.Words, lw) {
					o.Set(p.Name, Value{Text: ch.Value})
					return true
				}
			}
		case ParamTime:
			if strings.Contains(w, ":") && !strings.Contains(w, "/") {
				o.Set(p.Name, Value{Text: w})
				return true
			}
		case ParamNumber:
			if n, err := strconv.ParseInt(arabic.WesternDigits(w), 10, 64); err == nil && n >= p.Min {
				o.Set(p.Name, Value{Int: n})
				return true
			}
		}
	}
	return false
}

func containsWord(words []string, w string) bool {
	for _, x := range words {
		if x == w {
			return true
		}
	}
	return false
}
