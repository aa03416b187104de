package desk

import (
	"errors"
	"fmt"
	"regexp"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// Password bounds: bcrypt reads at most 72 bytes, and a password shorter
// than 10 characters is too easy to guess for a page on the network.
const (
	MinPassword = 10
	MaxPassword = 72
)

var curatorName = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$`)

// Password hash costs (bcrypt's): the default, which `briefbot desk
// adduser` uses, and the least, for tests that sign in many times.
const (
	DefaultPasswordCost = bcrypt.DefaultCost
	MinPasswordCost     = bcrypt.MinCost
)

// ValidCuratorName reports whether name can name a curator: letters,
// digits, '.', '_' and '-', 1 to 64 characters, starting with a letter or
// a digit. Names are shown in the history.
func ValidCuratorName(name string) bool { return curatorName.MatchString(name) }

// HashPassword checks a new password against the bounds and returns its
// bcrypt hash at cost (DefaultPasswordCost when out of bcrypt's range), for
// the store.
func HashPassword(password string, cost int) (string, error) {
	if cost < bcrypt.MinCost || cost > bcrypt.MaxCost {
		cost = DefaultPasswordCost
	}
	switch n := utf8.RuneCountInString(password); {
	case !utf8.ValidString(password):
		return "", errors.New("the password is not UTF-8 text")
	case n < MinPassword:
		return "", fmt.Errorf("the password has %d characters; at least %d are needed", n, MinPassword)
	case len(password) > MaxPassword:
		return "", fmt.Errorf("the password is %d bytes long; at most %d count", len(password), MaxPassword)
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), cost)
	if err != nil {
		return "", fmt.Errorf("hashing the password: %w", err)
	}
	return string(h), nil
}

// newDummyHash is a hash at cost that no password matches, compared against when a name
// is unknown, so that a wrong name takes as long to refuse as a wrong
// password.
func newDummyHash(cost int) []byte {
	h, err := bcrypt.GenerateFromPassword([]byte(newToken()[:MaxPassword/2]), cost)
	if err != nil {
		return nil
	}
	return h
}

// checkPassword reports whether password matches hash; an unknown curator
// (hash "") is compared with dummy, and never matches.
func checkPassword(hash string, dummy []byte, password string) bool {
	if len(password) > MaxPassword {
		return false
	}
	h := []byte(hash)
	if hash == "" {
		h = dummy
	}
	return bcrypt.CompareHashAndPassword(h, []byte(password)) == nil && hash != ""
}
