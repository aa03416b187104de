package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// envReader reads the settings from the environment and collects every
// problem, so that one message names them all.
type envReader struct {
	getenv   func(string) string
	known    map[string]setting
	problems []string
}

func newEnvReader(getenv func(string) string) *envReader {
	r := &envReader{getenv: getenv, known: map[string]setting{}}
	for _, s := range settings() {
		r.known[s.name] = s
	}
	return r
}

// bad records a problem; its text names the variable.
func (r *envReader) bad(format string, args ...any) {
	r.problems = append(r.problems, fmt.Sprintf(format, args...))
}

// err is every problem in one error, nil when there is none.
func (r *envReader) err() error {
	switch len(r.problems) {
	case 0:
		return nil
	case 1:
		return errors.New(r.problems[0])
	}
	return fmt.Errorf("%d configuration problems (briefbot --help lists every variable):\n  %s",
		len(r.problems), strings.Join(r.problems, "\n  "))
}

// get is a variable of the table. Reading one that is not in it is a
// mistake of ours, reported like the user's so a test finds it.
func (r *envReader) get(name string) string {
	if s, ok := r.known[name]; !ok || s.secret {
		r.bad("%s: read as a plain setting, but the table of settings says otherwise", name)
	}
	return r.getenv(name)
}

// maxSecretFile bounds a secret's file: a token is a line.
const maxSecretFile = 64 << 10

// secret is a secret's value, from its variable or from the file its
// _FILE variable names (a trailing newline trimmed), and where it came
// from, for messages: "TELEGRAM_TOKEN" or "TELEGRAM_TOKEN_FILE=/path".
// Setting both is a problem, and so is a file that cannot be read or is
// empty; the messages name the file, never what it holds.
func (r *envReader) secret(name string) (value, from string) {
	if s, ok := r.known[name]; !ok || !s.secret {
		r.bad("%s: read as a secret, but the table of settings says otherwise", name)
	}
	value = strings.TrimSpace(r.getenv(name))
	path := r.getenv(name + secretFileSuffix)
	if path == "" {
		return value, name
	}
	from = name + secretFileSuffix + "=" + path
	if r.getenv(name) != "" {
		r.bad("%s and %s are both set: set one", name, name+secretFileSuffix)
		return "", from
	}
	b, err := readSecretFile(path)
	if err != nil {
		r.bad("%s: %v", from, err)
		return "", from
	}
	value = strings.TrimRight(string(b), "\r\n")
	if strings.TrimSpace(value) == "" {
		r.bad("%s: the file is empty", from)
	}
	return value, from
}

// readSecretFile reads a secret's file, refusing one over maxSecretFile.
// Its errors name the file (os errors carry the path), not its content.
func readSecretFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the file: %w", unwrapPath(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxSecretFile+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("cannot read the file: %w", unwrapPath(err))
	case len(b) > maxSecretFile:
		return nil, fmt.Errorf("the file is over %d KB; a secret is one line", maxSecretFile>>10)
	}
	return b, nil
}

// unwrapPath is a file error without its path (the message names it).
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// intIn reads a whole number within [lo, hi], def when unset.
func (r *envReader) intIn(name string, def, lo, hi int) int {
	v := r.get(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		r.bad("%s=%q: want a whole number from %d to %d", name, clipEcho(v), lo, hi)
		return def
	}
	return n
}

// duration reads a duration within [lo, hi] (hi 0: no bound), def when
// unset; want says what a good value is.
func (r *envReader) duration(name string, def, lo, hi time.Duration, want string) time.Duration {
	v := r.get(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < lo || hi > 0 && d > hi {
		r.bad("%s=%q: %s", name, clipEcho(v), want)
		return def
	}
	return d
}
