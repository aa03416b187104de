package summaries

import (
	"fmt"
	"io/fs"
	"syscall"
)

// readBounded reads a regular file of at most limit bytes with four system
// calls (see DirFS); it is readBounded's fast path.
func (d *dirFS) readBounded(name string, limit int64, bs *buffers) ([]byte, stamp, error) {
	p, ok := d.path(name)
	if !ok {
		return nil, stamp{}, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	var fd int
	err := retry(func() (err error) {
		fd, err = syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC|syscall.O_NONBLOCK, 0)
		return err
	})
	if err != nil {
		return nil, stamp{}, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := retry(func() error { return syscall.Fstat(fd, &st) }); err != nil {
		return nil, stamp{}, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	s := stamp{size: st.Size, mtime: st.Mtim.Nano()}
	switch {
	case st.Mode&syscall.S_IFMT == syscall.S_IFDIR:
		return nil, s, fmt.Errorf("%s is a directory", name)
	case st.Mode&syscall.S_IFMT != syscall.S_IFREG:
		return nil, s, fmt.Errorf("%s is not a regular file", name)
	case st.Size > limit:
		return nil, s, &sizeError{st.Size, limit}
	}
	buf := bs.get(int(st.Size) + 1)
	n := 0
	for n < len(buf) {
		var m int
		err := retry(func() (err error) { m, err = syscall.Read(fd, buf[n:]); return err })
		if err != nil {
			bs.put(buf)
			return nil, s, &fs.PathError{Op: "read", Path: name, Err: err}
		}
		if m == 0 {
			break // end of file
		}
		n += m
		if int64(n) == st.Size {
			break // all of it: a regular file that does not grow is read in one call
		}
	}
	if int64(n) > st.Size { // it grew while being read: the next event reads it again
		bs.put(buf)
		return nil, s, fmt.Errorf("%s changed while it was read", name)
	}
	return buf[:n], s, nil
}

// retry runs a system call again when a signal interrupted it.
func retry(call func() error) error {
	for {
		if err := call(); err != syscall.EINTR {
			return err
		}
	}
}
