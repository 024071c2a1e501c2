// Command fakexray serves the in-memory fake Xray (package fakexray) on a
// loopback port, for demos, benchmarks and manual testing of the provider.
//
//	fakexray -addr 127.0.0.1:0 -url-file /tmp/xray.url -fault-503 0.1 -fault-429 0.05
//
// It prints the base URL on stdout, writes it to -url-file once listening
// (so scripts can wait for the file), and runs until SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
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

// run parses flags, serves until ctx ends and shuts down.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fakexray", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", fakexray.DefaultAddr, "listen address (loopback only)")
	version := fs.String("version", fakexray.DefaultVersion, "Xray version to report and gate routes on (Jira routes need >= 3.129, status >= 3.136)")
	flavour := fs.String("flavour", string(fakexray.FlavourBoth), "read/update paths to serve: documented, observed or both")
	routerStyle := fs.String("router", string(fakexray.RouterGo), "how routes the server lacks are answered: go (404/405), gin (plain 404), xray ({\"error\"}) or platform ({\"errors\"})")
	latency := fs.Duration("latency", 0, "fixed delay added to every API request")
	adminToken := fs.String("admin-token", fakexray.DefaultAdminToken, "bearer token with admin rights")
	readerToken := fs.String("reader-token", fakexray.DefaultReaderToken, "bearer token of a non-admin user (empty disables it)")
	fault503 := fs.Float64("fault-503", 0, "probability (0..1) of answering 503 to an API request")
	fault429 := fs.Float64("fault-429", 0, "probability (0..1) of answering 429 with Retry-After to an API request")
	retryAfter := fs.Int("retry-after", 1, "Retry-After seconds sent with injected 429s")
	seed := fs.Int64("seed", 1, "seed of the fault generator, for reproducible runs")
	urlFile := fs.String("url-file", "", "write the base URL to this file once listening")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	fl, err := fakexray.ParseFlavour(*flavour)
	if err != nil {
		return err
	}
	style, err := fakexray.ParseRouterStyle(*routerStyle)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		p    float64
	}{{"-fault-503", *fault503}, {"-fault-429", *fault429}} {
		if f.p < 0 || f.p > 1 {
			return fmt.Errorf("%s must be between 0 and 1, got %v", f.name, f.p)
		}
	}
	if *fault503+*fault429 > 1 {
		return fmt.Errorf("-fault-503 plus -fault-429 must not exceed 1")
	}
	if *retryAfter < 0 {
		return fmt.Errorf("-retry-after must not be negative")
	}

	srv, err := fakexray.Start(
		fakexray.WithAddr(*addr),
		fakexray.WithVersion(*version),
		fakexray.WithFlavour(fl),
		fakexray.WithRouterStyle(style),
		fakexray.WithLatency(*latency),
		fakexray.WithAdminToken(*adminToken),
		fakexray.WithReaderToken(*readerToken),
		fakexray.WithSeed(*seed),
	)
	if err != nil {
		return err
	}
	defer srv.Close()
	injectRandomFaults(srv, *fault503, *fault429, *retryAfter)

	if *urlFile != "" {
		if err := writeFileAtomic(*urlFile, srv.URL()); err != nil {
			return err
		}
		// Remove it on exit so a waiting script never reads a stale URL.
		defer os.Remove(*urlFile)
	}
	fmt.Fprintln(stdout, srv.URL())

	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdownCtx)
}

// injectRandomFaults adds the soak-test faults. Probabilities of separate
// faults share one draw per request, so they add up exactly.
func injectRandomFaults(srv *fakexray.Server, p503, p429 float64, retryAfter int) {
	// A probability of 1 means "always" for a Fault, and 0 means "always"
	// too, so a zero flag must not inject anything.
	if p503 > 0 {
		srv.Inject(fakexray.Fault{
			PathContains: "/xray/",
			Probability:  p503,
			Status:       503,
			Body:         `{"errors":[{"status":503,"message":"Service Unavailable (injected by fakexray)"}]}`,
		})
	}
	if p429 > 0 {
		srv.Inject(fakexray.Fault{
			PathContains: "/xray/",
			Probability:  p429,
			Status:       429,
			RetryAfter:   strconv.Itoa(retryAfter),
			Body:         `{"errors":[{"status":429,"message":"Too Many Requests (injected by fakexray)"}]}`,
		})
	}
}

// writeFileAtomic writes via a temporary file and rename, so a script that
// polls for the file never reads it half-written.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".fakexray-url-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
