package bot

import "sync"

// RenderCache keeps adapters' renderings of replies the core marks as
// stable (Reply.Key), so a popular statement is rendered once per catalog,
// language and digits, not once per request. Both adapters use it with
// their own rendering type; cached values are shared and must not be
// modified.
type RenderCache[T any] struct {
	mu  sync.RWMutex
	m   map[string]T
	max int
}

// maxRendered bounds a render cache; a full cache starts over (a reload
// makes every key new anyway).
const maxRendered = 2048

// Render returns r's rendering, from the cache when r has a key. render
// makes it and says whether it may be kept (a rendering that holds expiring
// button tokens may not).
func (c *RenderCache[T]) Render(r *Reply, render func(*Reply) (T, bool)) T {
	if r.Key == "" {
		out, _ := render(r)
		return out
	}
	c.mu.RLock()
	out, ok := c.m[r.Key]
	c.mu.RUnlock()
	if ok {
		return out
	}
	out, keep := render(r)
	if !keep {
		return out
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= max(c.max, maxRendered) {
		c.m = map[string]T{}
	}
	c.m[r.Key] = out
	c.mu.Unlock()
	return out
}
