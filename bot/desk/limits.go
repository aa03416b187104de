package desk

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Failed sign-ins allowed per curator name and per client address: a
// burst, then one every failureEvery.
const (
	failureBurst = 5
	failureEvery = 20 * time.Second
	maxFailKeys  = 4096
)

// failures rate-limits failed sign-ins. Only failures spend a token; a key
// with none left is refused before its password is even checked.
type failures struct {
	mu  sync.Mutex
	m   map[string]*rate.Limiter
	now func() time.Time
}

func newFailures(now func() time.Time) *failures {
	return &failures{m: map[string]*rate.Limiter{}, now: now}
}

// blocked reports whether any key has no failure left.
func (f *failures) blocked(keys ...string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	for _, k := range keys {
		if l, ok := f.m[k]; ok && l.TokensAt(now) < 1 {
			return true
		}
	}
	return false
}

// fail spends a failure of each key.
func (f *failures) fail(keys ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	if len(f.m) >= maxFailKeys {
		f.prune(now)
	}
	for _, k := range keys {
		l, ok := f.m[k]
		if !ok {
			l = rate.NewLimiter(rate.Every(failureEvery), failureBurst)
			f.m[k] = l
		}
		l.AllowN(now, 1)
	}
}

// prune drops the keys whose failures have all been forgiven; when every
// key is still limited (a flood of names), it starts over rather than grow.
func (f *failures) prune(now time.Time) {
	for k, l := range f.m {
		if l.TokensAt(now) >= failureBurst {
			delete(f.m, k)
		}
	}
	if len(f.m) >= maxFailKeys {
		clear(f.m)
	}
}
