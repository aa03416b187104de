package bot

import (
	"strconv"
	"sync"

	"github.com/briefbot/briefbot/summaries"
)

// replyCache keeps the finished summary and figures replies of one catalog:
// they depend only on the statement, the view, the language and the digits,
// and rendering them through the message catalogs is most of a command's
// cost. A new catalog (a reload) starts a new cache.
type replyCache struct {
	cat *summaries.Catalog
	gen string
	m   sync.Map // cacheKey -> *Reply
}

type cacheKey struct {
	st     *summaries.Statement // nil for replies about the whole catalog
	view   string               // "summary", "figures", "help", "list 2", ...
	lang   summaries.Lang
	digits Digits
}

// cacheFor returns the cache of the catalog being served.
func (b *Bot) cacheFor(cat *summaries.Catalog) *replyCache {
	c := b.cache.Load()
	if c != nil && c.cat == cat {
		return c
	}
	c = &replyCache{cat: cat, gen: strconv.FormatInt(b.cacheGen.Add(1), 10)}
	b.cache.Store(c)
	return c
}

// cached returns the reply for (st, view, req's language and digits),
// building it with build the first time; st is nil for replies that depend
// on the catalog as a whole (/help, /list). The reply is shared: callers get a shallow copy whose blocks they must not modify.
// Error replies are never cached.
func (b *Bot) cached(req *Request, st *summaries.Statement, view string, build func() *Reply) *Reply {
	cat := b.catalogOf(req)
	if cat == nil || st != nil && cat.Get(st.ID) != st {
		return build() // not a statement of the served catalog: do not cache
	}
	c := b.cacheFor(cat)
	k := cacheKey{st: st, view: view, lang: req.Lang, digits: req.Settings.Digits}
	if r, ok := c.m.Load(k); ok {
		cp := *r.(*Reply)
		return &cp
	}
	r := build()
	if r == nil || r.Error {
		return r
	}
	id := ""
	if st != nil {
		id = st.ID
	}
	r.Key = view + "|" + id + "|" + string(req.Lang) + "|" + string(req.Settings.Digits) + "|" + c.gen
	c.m.Store(k, r)
	cp := *r
	return &cp
}
