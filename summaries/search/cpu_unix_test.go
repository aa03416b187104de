//go:build unix

package search

import "syscall"

// cpuSeconds is the CPU time the process has used, user and system. The
// benchmarks report it beside wall time because the machine is shared.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
