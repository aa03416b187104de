package summaries

import (
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Default timings of a Watcher.
const (
	DefaultDebounce = 300 * time.Millisecond
	DefaultMaxDelay = 3 * time.Second
)

// WatchOptions tune a Watcher.
type WatchOptions struct {
	// Debounce is how long the folder must be quiet after an event before
	// the reload (DefaultDebounce when 0): one editor's save is several
	// events, and a file half written is usually finished by then.
	Debounce time.Duration
	// MaxDelay bounds the wait when events never stop (DefaultMaxDelay).
	MaxDelay time.Duration
	// Report receives the outcome of every reload, accepted or refused, on
	// the watcher's goroutine. It is where the caller swaps in the new
	// catalog (Update.State.Catalog()) and logs the problems.
	Report func(Update)
	// Logger is for the watcher's own trouble, such as a folder it cannot
	// watch. Nil discards.
	Logger *slog.Logger
}

// Watcher reloads a data folder when its files change, and when asked to
// (SIGHUP). Every reload is incremental (see State.Reload); a refused one
// keeps the previous state, and the paths it could not take are read
// again with the next event, so the next save fixes a half-written file.
type Watcher struct {
	dir    string
	state  *State
	opts   WatchOptions
	log    *slog.Logger
	fsw    *fsnotify.Watcher // nil when the folder cannot be watched
	rescan chan struct{}
}

// NewWatcher watches dir, whose statements st was loaded from (LoadState
// over DirFS(dir)), and every folder under it. Events that happen after
// it returns are seen. When the system cannot watch the folder (no inotify
// left), the watcher logs it and still reloads on Rescan.
func NewWatcher(dir string, st *State, opts WatchOptions) *Watcher {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = DefaultMaxDelay
	}
	if opts.Report == nil {
		opts.Report = func(Update) {}
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Watcher{dir: filepath.Clean(dir), state: st, opts: opts, log: log, rescan: make(chan struct{}, 1)}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		log.Warn("cannot watch the data folder; reloading on SIGHUP only", "dir", dir, "err", err)
		return w
	}
	w.fsw = fsw
	if err := w.addTree(w.dir); err != nil {
		log.Warn("cannot watch every folder of the data folder; reloading on SIGHUP covers the rest", "dir", dir, "err", err)
	}
	return w
}

// Rescan asks for a full rescan (size and modification time of every file,
// then the hash of those that differ). It does not wait.
func (w *Watcher) Rescan() {
	select {
	case w.rescan <- struct{}{}:
	default: // one is already asked for
	}
}

// Run reloads on events and rescan requests until ctx ends.
func (w *Watcher) Run(ctx context.Context) error {
	var events <-chan fsnotify.Event
	var errs <-chan error
	if w.fsw != nil {
		defer w.fsw.Close()
		events, errs = w.fsw.Events, w.fsw.Errors
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	pending := map[string]bool{} // paths not yet taken by an accepted reload
	var first time.Time          // the first event of the burst being debounced
	overflow := false            // events were lost: rescan
	arm := func() {
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		timer.Reset(max(min(w.opts.Debounce, w.opts.MaxDelay-now.Sub(first)), 0))
	}
	var last []Problem // the problems of the last refusal reported
	reload := func(ch Changes) {
		first = time.Time{}
		if ok := w.reload(ctx, ch, &last); ok {
			clear(pending)
			overflow = false
		}
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			if rel, ok := w.relevant(ev); ok {
				pending[rel] = true
				arm()
			}
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				overflow = true
				arm()
				continue
			}
			w.log.Warn("watching the data folder", "err", err)
		case <-w.rescan:
			timer.Stop()
			reload(Changes{Rescan: true})
		case <-timer.C:
			reload(Changes{Paths: slices.Sorted(maps.Keys(pending)), Rescan: overflow})
		}
	}
}

// reload runs one reload and reports it; it reports whether it was accepted.
func (w *Watcher) reload(ctx context.Context, ch Changes, last *[]Problem) bool {
	u, err := w.state.Reload(ctx, ch)
	if ctx.Err() != nil {
		return false
	}
	if err != nil {
		u = Update{State: w.state, Problems: []Problem{{File: w.dir, Field: "folder", Msg: err.Error()}}}
	}
	if !u.Accepted {
		u.Repeated = slices.Equal(u.Problems, *last)
		*last = u.Problems
		w.opts.Report(u)
		return false
	}
	*last = nil
	w.state = u.State
	w.opts.Report(u)
	return true
}

// relevant turns an event into the changed path it is about, watching a
// new folder on the way. Attribute changes, hidden files (editors' swap and
// lock files), backups and other files no statement names are not reloads.
func (w *Watcher) relevant(ev fsnotify.Event) (string, bool) {
	if ev.Op == fsnotify.Chmod {
		return "", false
	}
	rel, err := filepath.Rel(w.dir, ev.Name)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if hidden(rel) {
		return "", false
	}
	if ev.Has(fsnotify.Create) {
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			if err := w.addTree(ev.Name); err != nil {
				w.log.Warn("cannot watch a new folder; SIGHUP reloads it", "dir", ev.Name, "err", err)
			}
			return rel, true
		}
	}
	if IsStatementFile(rel) {
		return rel, true
	}
	if _, ok := w.state.sources[rel]; ok {
		return rel, true
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		for p := range w.state.files { // a folder that held statements
			if under(p, rel) {
				return rel, true
			}
		}
	}
	return "", false
}

// addTree watches dir and every folder under it, hidden ones left out.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && hidden(d.Name()) {
			return filepath.SkipDir
		}
		return w.fsw.Add(p)
	})
}
