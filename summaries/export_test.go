package summaries

import (
	"bufio"
	"bytes"
	"crypto/sha256"
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
	data = data[:len(data)-sha256.Size]
	r := &cacheReader{s: string(data)}
	r.str()
	var out bytes.Buffer
	w := &cacheWriter{w: bufio.NewWriter(&out)}
	w.str(version)
	w.w.Write(data[r.off:])
	if err := w.w.Flush(); err != nil {
		return err
	}
	sum := sha256.Sum256(out.Bytes())
	return os.WriteFile(p, append(out.Bytes(), sum[:]...), 0o644)
}

// RoundTripCache writes a statement as a cache record and reads it back.
func RoundTripCache(st *Statement) (*Statement, error) {
	var out bytes.Buffer
	w := &cacheWriter{w: bufio.NewWriter(&out)}
	w.record(&cacheRecord{Path: "p", Stmt: *st})
	if err := w.w.Flush(); err != nil {
		return nil, err
	}
	r := &cacheReader{s: out.String()}
	rec := r.record()
	if r.err != nil || r.off != len(r.s) {
		return nil, errCacheShort
	}
	return &rec.Stmt, nil
}

// ReadCacheBytes reads a cache file's content as readCache does, and
// returns how many records it found (0 for no usable cache).
func ReadCacheBytes(dir string, data []byte) int {
	os.WriteFile(filepath.Join(dir, cacheFileName), data, 0o644)
	return len(readCache(dir))
}

// CacheFileName is the cache file's name in its folder.
const CacheFileName = cacheFileName
