package summaries

import (
	"bytes"
	"encoding/gob"
	"os"
	"path/filepath"
)

// Parsed returns how many statement files the build that made s parsed and
// checked (the rest came from the previous state or the cache).
func Parsed(s *State) int { return s.parsed }

// RewriteCacheVersion rewrites the cache in dir as if another build wrote it.
func RewriteCacheVersion(dir, version string) error {
	p := filepath.Join(dir, cacheFileName)
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	dec := gob.NewDecoder(bytes.NewReader(data))
	var h cacheHeader
	if err := dec.Decode(&h); err != nil {
		return err
	}
	var out bytes.Buffer
	enc := gob.NewEncoder(&out)
	h.Version = version
	enc.Encode(h)
	for range h.Records {
		var rec cacheRecord
		if err := dec.Decode(&rec); err != nil {
			return err
		}
		enc.Encode(&rec)
	}
	return os.WriteFile(p, out.Bytes(), 0o644)
}
