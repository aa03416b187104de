// Package records holds what the curators' desk keeps in the store:
// curators' sessions, drafts with their versions, and the history of
// changes. It is a leaf shared by bot/desk, which declares the interfaces
// it needs, and bot/store, which implements them, so that the store never
// imports the desk.
package records

import (
	"errors"
	"time"
)

// Errors the store returns, for the desk to tell apart.
var (
	// ErrNotFound is a curator, session or draft the store does not hold.
	ErrNotFound = errors.New("not found")
	// ErrConflict is a draft saved over a version that is no longer the
	// latest: another curator saved it in between.
	ErrConflict = errors.New("the draft was changed by someone else")
)

// Session is one signed-in curator. The store keeps the SHA-256 of the
// session token, never the token itself, so a copy of the database signs
// nobody in.
type Session struct {
	TokenHash string
	Curator   string
	// CSRF is the token every form of the session must carry.
	CSRF    string
	Created time.Time
	Expires time.Time
}

// Draft is a statement being written: its file and its source text as the
// desk would publish them, whether or not they are valid yet. A draft stays
// out of the catalog until it is published.
type Draft struct {
	Statement string // the statement id
	// Path is where the statement file is (or will be) in the data folder.
	Path string
	YAML []byte
	// SourcePath is where its source text is (or will be) in the data folder.
	SourcePath string
	Source     []byte
	// Version counts the saves of the draft, from 1; a save names the
	// version it started from, and is refused when that is not the latest.
	Version   int
	UpdatedBy string
	Updated   time.Time
}

// Change is one entry of a statement's history: who did what, when, and
// which fields it changed.
type Change struct {
	Statement string
	Curator   string
	Action    string   // "import", "save", "publish", "discard"
	Fields    []string // the fields changed, by their form names
	At        time.Time
}
