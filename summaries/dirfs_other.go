//go:build !linux

package summaries

// readBounded reads a file through os.DirFS where DirFS has no fast path.
func (d *dirFS) readBounded(name string, limit int64, bs *buffers) ([]byte, stamp, error) {
	return readFSBounded(d.FS, name, limit, bs)
}
