package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// apiClient is the HTTP client tgbotapi calls through. A call is not
// started once the adapter's context has ended, but one already started
// runs to its answer (within callTimeout): a sendMessage cut off in flight
// may have been delivered, and not knowing would mean answering the
// update again in the next process. getUpdates is called apart, on the
// fetching context. It also keeps the token out of errors: tgbotapi puts
// the token in every URL, and net/http quotes the URL in its errors.
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

// callTimeout bounds one call to the Bot API, a server that never answers
// included.
const callTimeout = 30 * time.Second

// Do sends req unless the adapter's context has ended, and lets it finish.
func (c *apiClient) Do(req *http.Request) (*http.Response, error) {
	ctx := *c.ctx.Load()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("not calling the Bot API after the shutdown deadline: %w", err)
	}
	call, cancel := context.WithTimeout(context.WithoutCancel(ctx), callTimeout)
	resp, err := c.http.Do(req.WithContext(call))
	if err != nil {
		cancel()
		return nil, c.redact(err)
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose ends a call's context when its answer has been read.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	defer b.cancel()
	return b.ReadCloser.Close()
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
