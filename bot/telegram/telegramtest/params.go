package telegramtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// params holds a request's parameters, merged from the query string and the
// body, as the Bot API does. JSON bodies are flattened: string values are kept
// as-is, any other value is kept as its JSON text.
type params struct {
	vals url.Values
}

func (p params) lookup(name string) (string, bool) {
	vs := p.vals[name]
	if len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

func (p params) get(name string) string {
	v, _ := p.lookup(name)
	return v
}

func (p params) has(name string) bool {
	v, ok := p.lookup(name)
	return ok && !isNull(v)
}

// int64 returns an integer parameter; ok is false when it is absent.
func (p params) int64(name string) (n int64, ok bool) {
	v, present := p.lookup(name)
	if !present {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return n, err == nil
}

func (p params) bool(name string) bool {
	b, _ := parseBool(p.get(name))
	return b
}

// jsonParam returns a JSON-valued parameter, or "" when absent or null.
func (p params) jsonParam(name string) string {
	v, ok := p.lookup(name)
	if !ok || isNull(v) || strings.TrimSpace(v) == "" {
		return ""
	}
	return v
}

// errCutShort marks a body that ended before its Content-Length: the client
// went away mid-request (a process killed while writing). The request never
// arrived whole, so Telegram would not act on it, and it is not a rule the
// bot broke.
var errCutShort = errors.New("request body cut short: the client went away")

// parseParams reads parameters from the query string and a form-urlencoded
// or JSON body. Multipart bodies carry file uploads, which the bot never
// sends: the fake refuses them rather than pretend to store files.
func parseParams(r *http.Request) (params, error) {
	p, err := parseBody(r)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return p, fmt.Errorf("%w (%v)", errCutShort, err)
	}
	return p, err
}

func parseBody(r *http.Request) (params, error) {
	p := params{vals: url.Values{}}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		return p, errors.New("telegramtest does not model multipart uploads (files)")
	case "application/json":
		p.vals = r.URL.Query()
		body, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
		if err != nil {
			return p, fmt.Errorf("can't read body: %w", err)
		}
		if len(bytes.TrimSpace(body)) == 0 {
			break
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return p, fmt.Errorf("can't parse JSON body: %v", err)
		}
		for k, raw := range obj {
			raw = bytes.TrimSpace(raw)
			switch {
			case string(raw) == "null":
				continue
			case len(raw) > 0 && raw[0] == '"':
				var s string
				if err := json.Unmarshal(raw, &s); err != nil {
					return p, fmt.Errorf("can't parse JSON body: %v", err)
				}
				p.vals.Set(k, s)
			default:
				p.vals.Set(k, string(raw))
			}
		}
	default:
		if err := r.ParseForm(); err != nil {
			return p, fmt.Errorf("can't parse form: %w", err)
		}
		p.vals = r.Form
	}
	return p, nil
}
