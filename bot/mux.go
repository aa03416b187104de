package bot

import (
	"context"
)

// Handler answers one request. Handlers return their reply instead of
// sending it, so they are tested without any platform.
type Handler interface {
	Handle(ctx context.Context, req *Request) *Reply
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, req *Request) *Reply

// Handle calls f.
func (f HandlerFunc) Handle(ctx context.Context, req *Request) *Reply { return f(ctx, req) }

// Middleware wraps a handler with behaviour shared by every command.
type Middleware func(Handler) Handler

// Mux routes a request to the handler registered for its command.
type Mux struct {
	routes   map[string]Handler
	kinds    map[RequestKind]Handler
	notFound Handler
	chain    []Middleware
	handler  Handler // routes wrapped in chain, built by Use/Route
}

var _ Handler = (*Mux)(nil)

// NewMux returns a mux that answers unknown commands with notFound.
func NewMux(notFound Handler) *Mux {
	m := &Mux{routes: map[string]Handler{}, kinds: map[RequestKind]Handler{}, notFound: notFound}
	m.build()
	return m
}

// Route registers h for command name (lower case, no slash).
func (m *Mux) Route(name string, h Handler) { m.routes[name] = h }

// RouteKind registers h for every request of kind k other than a command
// (lookups, expired buttons), which then pass the same middleware.
func (m *Mux) RouteKind(k RequestKind, h Handler) { m.kinds[k] = h }

// Use appends middleware; the first added is the outermost.
func (m *Mux) Use(mw ...Middleware) {
	m.chain = append(m.chain, mw...)
	m.build()
}

func (m *Mux) build() {
	var h Handler = HandlerFunc(m.route)
	for i := len(m.chain) - 1; i >= 0; i-- {
		h = m.chain[i](h)
	}
	m.handler = h
}

func (m *Mux) route(ctx context.Context, req *Request) *Reply {
	if req.Kind != KindCommand {
		if h, ok := m.kinds[req.Kind]; ok {
			return h.Handle(ctx, req)
		}
	}
	if h, ok := m.routes[req.Command]; ok {
		return h.Handle(ctx, req)
	}
	return m.notFound.Handle(ctx, req)
}

// Handle runs req through the middleware to its command's handler.
func (m *Mux) Handle(ctx context.Context, req *Request) *Reply {
	return m.handler.Handle(ctx, req)
}

// Has reports whether a handler is registered for command name.
func (m *Mux) Has(name string) bool { _, ok := m.routes[name]; return ok }
