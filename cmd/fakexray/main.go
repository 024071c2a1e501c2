// Command fakexray serves the in-memory fake Xray (package internal/fakexray) on a loopback
// port, for trying configurations by hand, demos, benchmarks and testing Terraform modules in CI
// with no JFrog instance:
//
//	go run ./cmd/fakexray -addr 127.0.0.1:8081 -seed seed.json -env-file fake.env
//
// Once it listens and holds its seed it prints the base URL on stdout, writes -url-file and
// -env-file (so a script or CI job can wait for either), and answers GET /_fake/health. It runs
// until SIGINT or SIGTERM. Run it with -h for every flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "fakexray:", err)
		os.Exit(2)
	}
}

// run parses flags, starts the fake, announces it, serves until ctx ends and shuts down.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	opts, err := parseFlags(args, stderr)
	if opts != nil {
		// A -url-file or -env-file left by a run that was killed goes first, before any check
		// can fail and before the fake listens: a script waiting for the file never reads an
		// old URL. Both are then written atomically (temporary file and rename).
		for _, f := range []string{opts.urlFile, opts.envFile} {
			if f != "" {
				if rmErr := os.Remove(f); rmErr != nil && !errors.Is(rmErr, os.ErrNotExist) {
					return fmt.Errorf("removing the stale %s: %w", f, rmErr)
				}
			}
		}
	}
	if err != nil {
		return err
	}
	fake, err := start(opts)
	if err != nil {
		return err
	}
	defer fake.close()

	env := fake.env()
	if opts.envFile != "" {
		if err := writeFileAtomic(opts.envFile, formatEnv(env), 0o600); err != nil {
			return err
		}
		// Removed on exit, as -url-file, so a waiting script never reads a stale one.
		defer os.Remove(opts.envFile)
	}
	if opts.urlFile != "" {
		if err := writeFileAtomic(opts.urlFile, fake.srv.URL(), 0o644); err != nil {
			return err
		}
		defer os.Remove(opts.urlFile)
	}
	fmt.Fprintln(stdout, fake.srv.URL())
	fake.describe(stderr, opts)

	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return fake.srv.Shutdown(shutdownCtx)
}
