package telegram

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
)

// apiClient is the HTTP client tgbotapi calls through. It binds every
// request to the adapter's context, so that the end of Run interrupts
// them (getUpdates is called apart, on the fetching context), and it keeps
// the token out of errors: tgbotapi puts the token in every URL, and
// net/http quotes the URL in its errors.
type apiClient struct {
	http  *http.Client
	token string
	ctx   atomic.Pointer[context.Context]
}

func newAPIClient(ctx context.Context, token string, rt http.RoundTripper) *apiClient {
	if rt == nil {
		rt = http.DefaultTransport
	}
	c := &apiClient{http: &http.Client{Transport: rt}, token: token}
	c.setContext(ctx)
	return c
}

func (c *apiClient) setContext(ctx context.Context) { c.ctx.Store(&ctx) }

// Do sends req under the adapter's context.
func (c *apiClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.http.Do(req.WithContext(*c.ctx.Load()))
	if err != nil {
		return nil, c.redact(err)
	}
	return resp, nil
}

// redact replaces the token in err's text; what it unwraps to is the cause
// without the URL (a context or network error).
func (c *apiClient) redact(err error) error {
	if err == nil || c.token == "" || !strings.Contains(err.Error(), c.token) {
		return err
	}
	cause := errors.Unwrap(err)
	if cause != nil && strings.Contains(cause.Error(), c.token) {
		cause = c.redact(cause)
	}
	return &redactedError{msg: strings.ReplaceAll(err.Error(), c.token, "<token>"), cause: cause}
}

type redactedError struct {
	msg   string
	cause error
}

func (e *redactedError) Error() string { return e.msg }

// Unwrap returns the underlying cause (a context or network error), which
// does not carry the URL.
func (e *redactedError) Unwrap() error { return e.cause }
