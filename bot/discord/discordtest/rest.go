package discordtest

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// route is one REST endpoint: a path template as written in the OpenAPI
// description plus a method.
type route struct {
	method     string
	template   string
	key        string // method + " " + template
	bucketHash string
	segs       []string
	auth       bool // needs "Authorization: Bot <token>"
	global     bool // counts towards the global rate limit
	handler    func(*reqCtx)
	rule       func(formErrors, any) // body checks the description misses; nil for none
	schema     *jsonschema.Schema    // the JSON request body's schema; nil if none
	required   bool                  // the description requires a body
	schemaErr  error
}

// routeDef is one line of a server's route table.
type routeDef struct {
	method, template string
	handler          func(*reqCtx)
	rule             func(formErrors, any)
}

// newRoutes completes a route table: interaction callbacks and webhook routes
// need no bot token and are exempt from the global rate limit, as on Discord
// (GET /gateway needs no token either), and each route gets its request body
// schema from the OpenAPI description.
func (s *Server) newRoutes(defs []routeDef) []*route {
	spec, specErr := sharedSpec()
	out := make([]*route, 0, len(defs))
	for _, d := range defs {
		exempt := strings.HasPrefix(d.template, "/interactions/") || strings.HasPrefix(d.template, "/webhooks/")
		rt := &route{method: d.method, template: d.template, key: d.method + " " + d.template,
			segs: strings.Split(strings.TrimPrefix(d.template, "/"), "/"), auth: !exempt && d.template != "/gateway",
			global: !exempt, handler: d.handler, rule: d.rule, schemaErr: specErr}
		rt.bucketHash = bucketHash(rt.key)
		if specErr == nil {
			rt.schema, rt.required, rt.schemaErr = spec.body(d.method, d.template)
		}
		out = append(out, rt)
	}
	return out
}

// reqCtx carries one request through the pipeline.
type reqCtx struct {
	w       http.ResponseWriter
	r       *http.Request
	rt      *route
	params  []string // path parameter values, in template order
	body    []byte   // JSON body, nil if none
	doc     any      // decoded body (json.Number numbers), nil if none
	status  int
	limitHd func(http.Header) // writes X-RateLimit-* headers
}

// param returns the i-th path parameter.
func (rc *reqCtx) param(i int) string { return rc.params[i] }

func (rc *reqCtx) writeJSON(status int, v any) {
	var b []byte
	switch x := v.(type) {
	case []byte:
		b = x
	case json.RawMessage:
		b = x
	default:
		b, _ = json.Marshal(v)
	}
	h := rc.w.Header()
	h.Set("Content-Type", "application/json")
	if rc.limitHd != nil {
		rc.limitHd(h)
	}
	rc.status = status
	rc.w.WriteHeader(status)
	_, _ = rc.w.Write(b)
}

func (rc *reqCtx) noContent() {
	if rc.limitHd != nil {
		rc.limitHd(rc.w.Header())
	}
	rc.status = http.StatusNoContent
	rc.w.WriteHeader(http.StatusNoContent)
}

// apiError is Discord's JSON error body.
type apiError struct {
	Code    int            `json:"code"`
	Message string         `json:"message"`
	Errors  map[string]any `json:"errors,omitempty"`
}

func (rc *reqCtx) fail(status, code int, msg string) {
	rc.writeJSON(status, apiError{Code: code, Message: msg})
}

// Discord JSON error codes used by the fake.
const (
	CodeUnknownChannel      = 10003
	CodeUnknownMessage      = 10008
	CodeUnknownWebhook      = 10015
	CodeUnknownInteraction  = 10062
	CodeNotAuthorizedApp    = 20012
	CodeAlreadyAcknowledged = 40060
	CodeMissingAccess       = 50001
	CodeEmptyMessage        = 50006
	CodeMissingPermissions  = 50013
	CodeInvalidWebhookToken = 50027
	CodeInvalidFormBody     = 50035
	CodeInvalidJSON         = 50109
)

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	rest, ok := stripAPIPrefix(path)
	rc := &reqCtx{w: w, r: r}
	defer func() { s.record(rc.status) }()
	raw, err := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	if err != nil {
		// The client went away mid-body (a process killed while writing):
		// Discord would never act on half a request, and it is no rule the
		// bot broke, so it is answered but not logged as a violation.
		rc.fail(http.StatusBadRequest, 0, "400: request body cut short")
		return
	}
	if !ok {
		s.violate("unknown path " + r.Method + " " + path)
		rc.fail(http.StatusNotFound, 0, "404: Not Found")
		return
	}
	rt, params, template := s.matchRoute(r.Method, rest)
	if rt == nil {
		if spec, err := sharedSpec(); template != "" && err == nil && !spec.has(r.Method, template) {
			s.violate("method not allowed: " + r.Method + " " + path)
			rc.fail(http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
		} else {
			s.violate("route not implemented by the fake (or not Discord's): " + r.Method + " " + path)
			rc.fail(http.StatusNotFound, 0, "404: Not Found")
		}
		return
	}
	rc.rt, rc.params = rt, params

	if rt.auth && r.Header.Get("Authorization") != "Bot "+s.token {
		rc.fail(http.StatusUnauthorized, 0, "401: Unauthorized")
		return
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		// File uploads: the bot sends none, and the fake stores no files.
		s.violate(rt.key + ": multipart bodies (file uploads) are not modelled by the fake")
		rc.fail(http.StatusBadRequest, CodeInvalidFormBody, "Invalid Form Body")
		return
	}
	if len(raw) > 0 {
		rc.body = raw
	}

	now := time.Now()
	bucketKey := rt.bucketKey(params)
	if v := s.limiter.early(bucketKey, rt.global, now); v != "" {
		s.violate(rt.key + ": " + v)
	}
	if s.limiter.on {
		if lim := s.limiter.take(rt, bucketKey, now); lim != nil {
			rc.limitHd = lim.headers
			if lim.limited {
				s.write429(rc, lim, bucketKey, now)
				return
			}
		}
	}

	if rc.body != nil {
		doc, err := decodeJSON(rc.body)
		if err != nil {
			s.violate(rt.key + ": body is not valid JSON")
			rc.fail(http.StatusBadRequest, CodeInvalidJSON, "The request body contains invalid JSON.")
			return
		}
		rc.doc = doc
		if fe := s.validate(rt, doc); fe != nil {
			s.formError(rc, fe)
			return
		}
	} else if rt.required {
		fe := formErrors{}
		fe.required(nil)
		s.formError(rc, fe)
		return
	}
	rt.handler(rc)
}

// formError answers 400 50035 and records the violation.
func (s *Server) formError(rc *reqCtx, fe formErrors) {
	s.violate(rc.rt.key + ": Invalid Form Body: " + fe.String())
	rc.writeJSON(http.StatusBadRequest, apiError{Code: CodeInvalidFormBody, Message: "Invalid Form Body", Errors: fe})
}

func (s *Server) write429(rc *reqCtx, lim *limitResult, bucketKey string, now time.Time) {
	s.limiter.noteRetryAfter(bucketKey, lim.global, now.Add(lim.retryAfter))
	lim.limited = true
	rc.limitHd = lim.headers
	secs := float64(lim.retryAfter.Milliseconds()) / 1000
	if lim.retryAfter%time.Millisecond != 0 {
		secs += 0.001
	}
	scope := "user"
	if lim.global {
		scope = "global"
	}
	rc.w.Header().Set("Retry-After", strconv.FormatInt(int64(lim.retryAfter+time.Second-1)/int64(time.Second), 10))
	rc.w.Header().Set("X-RateLimit-Scope", scope)
	body, _ := json.Marshal(map[string]any{"message": "You are being rate limited.", "retry_after": secs, "global": lim.global})
	rc.writeJSON(http.StatusTooManyRequests, body)
}

// stripAPIPrefix turns /api/v9/x (or /api/v10/x, /api/x) into /x.
func stripAPIPrefix(p string) (string, bool) {
	if !strings.HasPrefix(p, "/api/") {
		return "", false
	}
	p = p[len("/api"):]
	if strings.HasPrefix(p, "/v") {
		i := strings.IndexByte(p[1:], '/')
		if i < 0 {
			return "", false
		}
		if _, err := strconv.Atoi(p[2 : i+1]); err == nil {
			p = p[i+1:]
		}
	}
	return strings.TrimSuffix(p, "/"), true
}

// matchRoute finds the route of a request. With no route for the method,
// template is a route template the path matches ("" if none).
func (s *Server) matchRoute(method, path string) (rt *route, params []string, template string) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for _, r := range s.routes {
		if len(r.segs) != len(segs) {
			continue
		}
		var ps []string
		ok := true
		for i, sg := range r.segs {
			if sg[0] == '{' {
				ps = append(ps, segs[i])
			} else if sg != segs[i] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if r.method == method {
			return r, ps, r.template
		}
		template = r.template
	}
	return nil, nil, template
}

func decodeJSON(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	if d.More() {
		return nil, io.ErrUnexpectedEOF
	}
	return v, nil
}

func (s *Server) getGateway(rc *reqCtx) { rc.writeJSON(200, map[string]string{"url": s.wsURL}) }

func (s *Server) getApplication(rc *reqCtx) {
	rc.writeJSON(200, map[string]any{"id": s.appID, "name": s.botName, "icon": nil, "description": "",
		"bot_public": true, "bot_require_code_grant": false, "verify_key": s.PublicKey(), "flags": 0,
		"bot": s.botUser(), "team": nil, "summary": ""})
}
