//go:build !unix

package summaries_test

import (
	"errors"
	"time"
)

// cpuTime is not measured here.
func cpuTime() time.Duration { return 0 }

// mkfifo is not supported here.
func mkfifo(string) error { return errors.ErrUnsupported }
