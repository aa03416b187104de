package discordtest

import (
	"bytes"
	"compress/zlib"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// replayBuffer is how many dispatches a session keeps for RESUME.
const replayBuffer = 2048

// Gateway close codes the fake uses (Discord's values).
const (
	CloseUnknownError         = 4000
	CloseUnknownOpcode        = 4001
	CloseDecodeError          = 4002
	CloseNotAuthenticated     = 4003
	CloseAuthenticationFailed = 4004
	CloseAlreadyAuthenticated = 4005
	CloseInvalidShard         = 4010
	CloseInvalidAPIVersion    = 4012
)

// GatewayStats counts gateway activity.
type GatewayStats struct {
	Connections int // WebSocket connections accepted
	Identifies  int // successful IDENTIFYs
	Resumes     int // successful RESUMEs
	Heartbeats  int // heartbeats acknowledged
	Live        int // identified sessions currently connected
}

type gatewayState struct {
	mu       sync.Mutex
	sessions map[string]*gwSession
	conns    map[*gwConn]struct{}
	changed  chan struct{} // closed and replaced on every session change

	connections, identifies, resumes, heartbeats atomic.Int64
}

func newGatewayState() gatewayState {
	return gatewayState{sessions: map[string]*gwSession{}, conns: map[*gwConn]struct{}{}, changed: make(chan struct{})}
}

// notifyLocked wakes waiters; g.mu must be held.
func (g *gatewayState) notifyLocked() {
	close(g.changed)
	g.changed = make(chan struct{})
}

type gwConn struct {
	ws      *websocket.Conn
	wmu     sync.Mutex   // guards writes and zw
	zw      *zlib.Writer // reused for every compressed frame; nil until the first
	closing atomic.Bool  // the fake is closing this connection
}

func (c *gwConn) write(mt int, b []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.writeLocked(mt, b)
}

func (c *gwConn) writeLocked(mt int, b []byte) error {
	_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	return c.ws.WriteMessage(mt, b)
}

// send writes one frame, zlib-compressed (a binary frame) when compress is set.
func (c *gwConn) send(compress bool, frame []byte) error {
	if !compress {
		return c.write(websocket.TextMessage, frame)
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	var buf bytes.Buffer
	if c.zw == nil {
		c.zw, _ = zlib.NewWriterLevel(&buf, zlib.BestSpeed)
	} else {
		c.zw.Reset(&buf)
	}
	_, _ = c.zw.Write(frame)
	_ = c.zw.Close()
	return c.writeLocked(websocket.BinaryMessage, buf.Bytes())
}

func (c *gwConn) closeWith(code int, text string) {
	c.closing.Store(true)
	c.wmu.Lock()
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
	c.wmu.Unlock()
	_ = c.ws.Close()
}

type gwSession struct {
	id       string
	mu       sync.Mutex
	conn     *gwConn // nil while disconnected
	compress bool
	seq      int64
	ring     [][]byte // ring[seq%replayBuffer] holds the frame with that seq
	oldest   int64    // lowest seq still in ring
}

// dispatchLocked assigns the next sequence number to event t, keeps it for
// RESUME and writes it if connected. sess.mu must be held.
func (sess *gwSession) dispatchLocked(t string, d []byte) {
	sess.seq++
	frame := make([]byte, 0, len(d)+len(t)+48)
	frame = append(frame, `{"op":0,"t":"`...)
	frame = append(frame, t...)
	frame = append(frame, `","s":`...)
	frame = strconv.AppendInt(frame, sess.seq, 10)
	frame = append(frame, `,"d":`...)
	frame = append(frame, d...)
	frame = append(frame, '}')
	if sess.ring == nil {
		sess.ring = make([][]byte, replayBuffer)
		sess.oldest = sess.seq
	}
	sess.ring[sess.seq%replayBuffer] = frame
	if sess.seq-sess.oldest >= replayBuffer {
		sess.oldest = sess.seq - replayBuffer + 1
	}
	if sess.conn != nil {
		if err := sess.conn.send(sess.compress, frame); err != nil {
			_ = sess.conn.ws.Close()
			sess.conn = nil
		}
	}
}

type gwPayload struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  *int64          `json:"s"`
	T  *string         `json:"t"`
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
	g := &s.gw
	g.mu.Lock()
	g.conns[c] = struct{}{}
	g.mu.Unlock()
	g.connections.Add(1)
	var sess *gwSession
	defer func() {
		g.mu.Lock()
		delete(g.conns, c)
		if sess != nil {
			sess.mu.Lock()
			if sess.conn == c {
				sess.conn = nil
			}
			sess.mu.Unlock()
		}
		g.notifyLocked()
		g.mu.Unlock()
		_ = ws.Close()
	}()
	q := r.URL.Query()
	if v := q.Get("v"); v != "" && v != "9" && v != "10" {
		c.closeWith(CloseInvalidAPIVersion, "Invalid API version.")
		return
	}
	if e := q.Get("encoding"); e != "" && e != "json" {
		c.closeWith(CloseDecodeError, "Error while decoding payload.")
		return
	}
	hello := `{"op":10,"d":{"heartbeat_interval":` + strconv.FormatInt(s.heartbeat.Milliseconds(), 10) + `},"s":null,"t":null}`
	if c.write(websocket.TextMessage, []byte(hello)) != nil {
		return
	}
	for {
		mt, msg, err := ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) && (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway) && sess != nil && !c.closing.Load() {
				s.dropSession(sess) // a clean close ends the session, as on Discord
			}
			return
		}
		if mt == websocket.BinaryMessage {
			c.closeWith(CloseDecodeError, "Error while decoding payload.")
			return
		}
		var p gwPayload
		if json.Unmarshal(msg, &p) != nil {
			c.closeWith(CloseDecodeError, "Error while decoding payload.")
			return
		}
		switch p.Op {
		case 1: // heartbeat
			g.heartbeats.Add(1)
			if c.write(websocket.TextMessage, []byte(`{"op":11,"d":null,"s":null,"t":null}`)) != nil {
				return
			}
		case 2: // identify
			if sess != nil {
				c.closeWith(CloseAlreadyAuthenticated, "Already authenticated.")
				return
			}
			sess = s.identify(c, p.D)
			if sess == nil {
				return
			}
		case 6: // resume
			if sess != nil {
				c.closeWith(CloseAlreadyAuthenticated, "Already authenticated.")
				return
			}
			var ok bool
			sess, ok = s.resume(c, p.D)
			if !ok {
				return
			}
		case 3, 4, 8, 31: // presence, voice state, request members, soundboard: accepted, ignored
			if sess == nil {
				c.closeWith(CloseNotAuthenticated, "Not authenticated.")
				return
			}
		default:
			c.closeWith(CloseUnknownOpcode, "Unknown opcode.")
			return
		}
	}
}

func (s *Server) tokenOK(tok string) bool { return tok == s.token || tok == "Bot "+s.token }

func (s *Server) identify(c *gwConn, raw json.RawMessage) *gwSession {
	var d struct {
		Token    string  `json:"token"`
		Compress bool    `json:"compress"`
		Shard    *[2]int `json:"shard"`
	}
	if json.Unmarshal(raw, &d) != nil {
		c.closeWith(CloseDecodeError, "Error while decoding payload.")
		return nil
	}
	if !s.tokenOK(d.Token) {
		c.closeWith(CloseAuthenticationFailed, "Authentication failed.")
		return nil
	}
	// Sharding is not modelled (the bot runs one shard): a shard count
	// above one is refused rather than served as if unsharded.
	if d.Shard != nil && d.Shard[1] > 1 {
		s.violate(fmt.Sprintf("gateway: IDENTIFY with shard %v: sharding is not modelled by the fake", *d.Shard))
		c.closeWith(CloseInvalidShard, "Invalid shard.")
		return nil
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	sess := &gwSession{id: hex.EncodeToString(b[:]), conn: c, compress: d.Compress}
	ready := map[string]any{
		"v":                       9,
		"user":                    s.botUser(),
		"guilds":                  []any{},
		"session_id":              sess.id,
		"session_type":            "normal",
		"resume_gateway_url":      s.wsURL,
		"private_channels":        []any{},
		"relationships":           []any{},
		"presences":               []any{},
		"guild_join_requests":     []any{},
		"geo_ordered_rtc_regions": []string{"us-east"},
		"application":             map[string]any{"id": s.appID, "flags": 0},
		"user_settings":           map[string]any{},
		"_trace":                  []string{"[\"discordtest\"]"},
	}
	rb, _ := json.Marshal(ready)

	// READY must be the session's first dispatch, yet the session must be
	// known before the client sees READY. So the new session's lock is taken
	// before gw.mu (the reverse of the usual order); that cannot deadlock
	// because nobody can wait for a session that is not yet published.
	g := &s.gw
	sess.mu.Lock()
	g.mu.Lock()
	g.sessions[sess.id] = sess
	g.identifies.Add(1)
	g.notifyLocked()
	g.mu.Unlock()
	sess.dispatchLocked("READY", rb)
	sess.mu.Unlock()
	return sess
}

func (s *Server) resume(c *gwConn, raw json.RawMessage) (*gwSession, bool) {
	var d struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if json.Unmarshal(raw, &d) != nil {
		c.closeWith(CloseDecodeError, "Error while decoding payload.")
		return nil, false
	}
	if !s.tokenOK(d.Token) {
		c.closeWith(CloseAuthenticationFailed, "Authentication failed.")
		return nil, false
	}
	g := &s.gw
	g.mu.Lock()
	sess := g.sessions[d.SessionID]
	g.mu.Unlock()
	invalid := []byte(`{"op":9,"d":false,"s":null,"t":null}`)
	if sess == nil {
		return nil, c.write(websocket.TextMessage, invalid) == nil
	}
	sess.mu.Lock()
	if d.Seq > sess.seq || d.Seq+1 < sess.oldest {
		sess.mu.Unlock()
		s.dropSession(sess)
		return nil, c.write(websocket.TextMessage, invalid) == nil
	}
	if old := sess.conn; old != nil && old != c {
		go old.closeWith(CloseUnknownError, "Session resumed elsewhere.")
	}
	sess.conn = c
	g.resumes.Add(1)
	for seq := d.Seq + 1; seq <= sess.seq && sess.conn != nil; seq++ {
		if err := c.send(sess.compress, sess.ring[seq%replayBuffer]); err != nil {
			sess.conn = nil
		}
	}
	sess.dispatchLocked("RESUMED", []byte(`{"_trace":["[\"discordtest\"]"]}`))
	sess.mu.Unlock()
	g.mu.Lock()
	g.notifyLocked()
	g.mu.Unlock()
	return sess, true
}

func (s *Server) dropSession(sess *gwSession) {
	g := &s.gw
	g.mu.Lock()
	delete(g.sessions, sess.id)
	g.notifyLocked()
	g.mu.Unlock()
}

// liveLocked counts sessions with a connection; g.mu must be held.
func (g *gatewayState) liveLocked() int {
	n := 0
	for _, ss := range g.sessions {
		ss.mu.Lock()
		if ss.conn != nil {
			n++
		}
		ss.mu.Unlock()
	}
	return n
}

// WaitReady blocks until a gateway session has identified (and has not ended
// with a clean close) or ctx is done.
func (s *Server) WaitReady(ctx context.Context) error {
	g := &s.gw
	for {
		g.mu.Lock()
		n, ch := len(g.sessions), g.changed
		g.mu.Unlock()
		if n > 0 {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Stats returns gateway counters.
func (s *Server) Stats() GatewayStats {
	g := &s.gw
	g.mu.Lock()
	defer g.mu.Unlock()
	st := GatewayStats{Connections: int(g.connections.Load()), Identifies: int(g.identifies.Load()),
		Resumes: int(g.resumes.Load()), Heartbeats: int(g.heartbeats.Load())}
	st.Live = g.liveLocked()
	return st
}

// dispatch sends event t with payload d (JSON) to every gateway session.
// Sessions that are disconnected but resumable keep it for replay on RESUME.
func (s *Server) dispatch(t string, d []byte) {
	g := &s.gw
	g.mu.Lock()
	list := make([]*gwSession, 0, len(g.sessions))
	for _, ss := range g.sessions {
		list = append(list, ss)
	}
	g.mu.Unlock()
	for _, ss := range list {
		ss.mu.Lock()
		ss.dispatchLocked(t, d)
		ss.mu.Unlock()
	}
}

// DisconnectAll closes every gateway connection with 4000 (resumable), as when
// Discord drops connections; clients are expected to RESUME.
func (s *Server) DisconnectAll() { s.gw.closeAll(CloseUnknownError, "Unknown error.") }

func (g *gatewayState) closeAll(code int, text string) {
	g.mu.Lock()
	list := make([]*gwConn, 0, len(g.conns))
	for c := range g.conns {
		list = append(list, c)
	}
	g.mu.Unlock()
	for _, c := range list {
		c.closeWith(code, text)
	}
}

func (s *Server) botUser() map[string]any {
	return map[string]any{
		"id": s.appID, "username": s.botName, "discriminator": "0", "global_name": nil,
		"avatar": nil, "bot": true, "verified": true, "mfa_enabled": false, "flags": 0,
	}
}
