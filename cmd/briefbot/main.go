// Command briefbot serves curated summaries and key figures of official
// statements on Telegram, Discord and the terminal. See `briefbot --help`.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	var ec exitCode
	var ce configError
	switch {
	case err == nil:
	case errors.As(err, &ec):
		os.Exit(int(ec))
	case errors.As(err, &ce):
		fmt.Fprintln(os.Stderr, "briefbot:", err)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "briefbot:", err)
		os.Exit(1)
	}
}
