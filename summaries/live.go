package summaries

import "sync/atomic"

// Live holds the catalog being served. A reload stores a new catalog only
// when the new files are valid, so a bad edit never takes away what the bot
// was serving.
type Live struct{ p atomic.Pointer[Catalog] }

// NewLive returns a holder serving c.
func NewLive(c *Catalog) *Live {
	l := &Live{}
	l.p.Store(c)
	return l
}

// Catalog returns the catalog being served.
func (l *Live) Catalog() *Catalog { return l.p.Load() }

// Store replaces the catalog being served.
func (l *Live) Store(c *Catalog) { l.p.Store(c) }
