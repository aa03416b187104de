package search

import "fmt"

// ErrorKind says what is wrong with a query, for the bot to answer in the
// user's language.
type ErrorKind uint8

// The kinds of bad query.
const (
	KindEmpty           ErrorKind = iota + 1 // nothing typed
	KindTooLong                              // cut to MaxQueryRunes or MaxTerms; the query is still usable
	KindPunctuationOnly                      // no letter or digit: punctuation, symbols, emoji
	KindTooShort                             // only single letters
	KindExclusionsOnly                       // only -words: nothing to look for
	KindCommonWordsOnly                      // only words too common to search for (في, the)
	KindTimeout                              // the search took longer than MaxSearchTime
)

// QueryError is a query that cannot be searched as typed.
type QueryError struct {
	Kind ErrorKind
	Err  error // the cause, for a timeout; nil otherwise
}

// The errors ParseQuery and Search return, to compare with errors.Is.
var (
	ErrEmpty           = &QueryError{Kind: KindEmpty}
	ErrTooLong         = &QueryError{Kind: KindTooLong}
	ErrPunctuationOnly = &QueryError{Kind: KindPunctuationOnly}
	ErrTooShort        = &QueryError{Kind: KindTooShort}
	ErrExclusionsOnly  = &QueryError{Kind: KindExclusionsOnly}
	ErrCommonWordsOnly = &QueryError{Kind: KindCommonWordsOnly}
	ErrTimeout         = &QueryError{Kind: KindTimeout}
)

// Error says what is wrong, in English, for the log.
func (e *QueryError) Error() string {
	var msg string
	switch e.Kind {
	case KindEmpty:
		msg = "empty query"
	case KindTooLong:
		msg = fmt.Sprintf("query too long: cut to %d characters and %d terms", MaxQueryRunes, MaxTerms)
	case KindPunctuationOnly:
		msg = "query has no letters or digits"
	case KindTooShort:
		msg = "query words are too short"
	case KindExclusionsOnly:
		msg = "query only excludes words"
	case KindCommonWordsOnly:
		msg = "query has only common words"
	case KindTimeout:
		msg = fmt.Sprintf("search took longer than %v", MaxSearchTime)
	default:
		msg = "bad query"
	}
	if e.Err != nil {
		return "search: " + msg + ": " + e.Err.Error()
	}
	return "search: " + msg
}

// Is matches a QueryError of the same kind, so errors.Is(err, ErrTooLong)
// holds for every cut query.
func (e *QueryError) Is(target error) bool {
	t, ok := target.(*QueryError)
	return ok && t.Kind == e.Kind
}

// Unwrap returns the cause of a timeout.
func (e *QueryError) Unwrap() error { return e.Err }
