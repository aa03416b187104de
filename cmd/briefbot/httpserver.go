package main

import (
	"fmt"
	"net/http"
	"time"
)

// Limits of the HTTP server behind BRIEFBOT_HTTP_ADDR (the Telegram
// webhook, Discord interactions): a client that sends its headers or its
// body slowly is cut off, so none holds a connection for long without
// being authenticated. A request, body included, must arrive within
// httpReadTimeout; the handlers bound bodies to 1 MB (413 beyond).
const (
	httpHeaderTimeout = 5 * time.Second
	httpReadTimeout   = 10 * time.Second
	httpWriteTimeout  = 20 * time.Second // a Discord interaction is answered within 3 s
	httpIdleTimeout   = 60 * time.Second
	httpMaxHeader     = 32 << 10
)

// newHTTPServer is the one HTTP server of the process.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: httpHeaderTimeout,
		ReadTimeout:       httpReadTimeout,
		WriteTimeout:      httpWriteTimeout,
		IdleTimeout:       httpIdleTimeout,
		MaxHeaderBytes:    httpMaxHeader,
	}
}

// route is one pattern the HTTP server serves.
type route struct {
	pattern string // http.ServeMux syntax: "POST /path"
	handler http.Handler
}

// httpRoutes builds the server's mux. A pattern the mux refuses (an
// invalid wildcard, two routes on one path) is an error, not a panic: it
// comes from the configuration (TELEGRAM_WEBHOOK_URL).
func httpRoutes(routes []route) (mux *http.ServeMux, err error) {
	mux = http.NewServeMux()
	for _, r := range routes {
		if err := handle(mux, r); err != nil {
			return nil, err
		}
	}
	return mux, nil
}

func handle(mux *http.ServeMux, r route) (err error) {
	defer func() {
		if p := recover(); p != nil { // ServeMux panics on a bad pattern
			err = fmt.Errorf("%q is not a valid route: %v", r.pattern, p)
		}
	}()
	mux.Handle(r.pattern, r.handler)
	return nil
}
