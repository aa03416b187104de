//go:build unix

package summaries_test

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, user and system: with
// other work on the machine, wall time says little, this says what a load
// costs.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// mkfifo makes a named pipe.
func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }
