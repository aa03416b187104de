package desk

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"github.com/briefbot/briefbot/bot/desk/records"
	"github.com/briefbot/briefbot/summaries"
)

// working is a statement as the desk edits it: its draft when it has one,
// else its published file.
type working struct {
	ID         string
	Path       string // the statement file in the data folder
	SourcePath string // its source text
	Doc        *Doc
	Source     []byte
	// Draft is the statement's draft; nil when it has none.
	Draft *records.Draft
	// Published is the published file as it is now; nil when the statement
	// was never published (or its file cannot be read as a statement).
	Published *published
	// folder is the data folder as it was read for this working copy.
	folder *folder
}

// published is a statement's file and source in the data folder.
type published struct {
	Doc    *Doc
	YAML   []byte
	Source []byte
	Hash   string
}

// Version names what a save starts from: the draft's version and the
// published file's content. A save whose version is no longer the
// statement's is refused, so that no one overwrites another's work
// unseen, whether the other saved in the desk or edited the file by hand.
func (w *working) Version() string {
	v := "0"
	if w.Draft != nil {
		v = strconv.Itoa(w.Draft.Version)
	}
	if w.Published != nil {
		v += "-" + w.Published.Hash
	}
	return v
}

// draftVersion is the version a draft save starts from (0: none yet).
func (w *working) draftVersion() int {
	if w.Draft == nil {
		return 0
	}
	return w.Draft.Version
}

// errUnknown is a statement the desk has neither a draft nor a file of.
var errUnknown = errors.New("no such statement")

// load returns a statement's working copy.
func (d *Desk) load(ctx context.Context, id string) (*working, error) {
	if !summaries.ValidID(id) {
		return nil, errUnknown
	}
	w := &working{ID: id}
	dr, err := d.cfg.Store.Draft(ctx, id)
	switch {
	case err == nil:
		w.Draft = &dr
	case !errors.Is(err, records.ErrNotFound):
		return nil, err
	}
	if w.folder, err = d.scan(ctx); err != nil {
		return nil, err
	}
	if f, ok := w.folder.byID[id]; ok {
		w.Path = f.Path
		if w.Published, err = d.readPublished(f.Path); err != nil {
			return nil, err
		}
	}
	switch {
	case w.Draft != nil:
		if w.Path == "" {
			w.Path = w.Draft.Path
		}
		if w.Doc, err = ParseDoc(w.Draft.YAML); err != nil {
			return nil, fmt.Errorf("draft of %s: %w", id, err)
		}
		w.SourcePath, w.Source = w.Draft.SourcePath, w.Draft.Source
	case w.Published != nil:
		w.Doc, w.Source = w.Published.Doc, w.Published.Source
		w.SourcePath, _ = sourcePath(w.Path, w.Doc.Source.File)
	default:
		return nil, errUnknown
	}
	if _, err := statementPath(w.Path); err != nil {
		return nil, err
	}
	if w.SourcePath != "" && !validSourcePath(w.SourcePath) {
		return nil, fmt.Errorf("%q: %w", w.SourcePath, errBadPath)
	}
	return w, nil
}

// readPublished reads a statement file and the source text it names. A
// source that cannot be read (missing, outside the folder) reads as empty:
// validation says why.
func (d *Desk) readPublished(p string) (*published, error) {
	data, err := d.readData(p, maxStatementFile)
	if err != nil {
		return nil, err
	}
	doc, err := ParseDoc(data)
	if err != nil {
		return nil, nil // not editable here; the list shows its problems
	}
	pub := &published{Doc: doc, YAML: data}
	if sp, err := sourcePath(p, doc.Source.File); err == nil {
		if src, err := d.readData(sp, maxSourceFile); err == nil {
			pub.Source = src
		} else if !errors.Is(err, fs.ErrNotExist) {
			d.log.Warn("source text unreadable", "file", sp, "err", err)
		}
	}
	pub.Hash = fileHash(pub.YAML, pub.Source)
	return pub, nil
}

// dataFile is one statement file of the data folder as validation sees it.
type dataFile struct {
	Path     string
	ID       string // "" when the file cannot be read as a statement
	Date     string
	Title    summaries.Text
	Problems []summaries.Problem
}

// folder is the data folder as validation sees it: every statement file,
// valid or not, in path order and by statement id, and every problem.
type folder struct {
	files    []dataFile
	byID     map[string]dataFile
	problems []summaries.Problem
}

// scan loads the data folder as live reload does.
func (d *Desk) scan(ctx context.Context) (*folder, error) {
	cat, problems, err := d.loadFolder(ctx, summaries.DirFS(d.cfg.DataDir))
	if err != nil {
		return nil, fmt.Errorf("reading BRIEFBOT_DATA: %w", err)
	}
	byPath := map[string]*dataFile{}
	var order []string
	for _, st := range cat.All() {
		byPath[st.File] = &dataFile{Path: st.File, ID: st.ID, Date: st.DateString(), Title: st.Title}
		order = append(order, st.File)
	}
	for _, p := range problems {
		f, ok := byPath[p.File]
		if !ok {
			f = &dataFile{Path: p.File}
			if data, err := d.readData(p.File, maxStatementFile); err == nil {
				if doc, err := ParseDoc(data); err == nil {
					f.ID, f.Date, f.Title = doc.ID, doc.Date, doc.Title
				}
			}
			byPath[p.File] = f
			order = append(order, p.File)
		}
		f.Problems = append(f.Problems, p)
	}
	fo := &folder{files: make([]dataFile, 0, len(order)), byID: map[string]dataFile{}, problems: problems}
	for _, p := range order {
		f := *byPath[p]
		fo.files = append(fo.files, f)
		if _, taken := fo.byID[f.ID]; f.ID != "" && !taken {
			fo.byID[f.ID] = f
		}
	}
	return fo, nil
}

// loadFolder loads and checks a folder of statements with the code of
// `briefbot validate` (summaries.LoadState), through the desk's cache.
func (d *Desk) loadFolder(ctx context.Context, fsys fs.FS) (*summaries.Catalog, []summaries.Problem, error) {
	st, problems, err := summaries.LoadState(ctx, fsys, summaries.LoadOptions{CacheDir: d.cfg.CacheDir, Logger: d.log})
	if err != nil {
		return nil, nil, err
	}
	return st.Catalog(), problems, nil
}
