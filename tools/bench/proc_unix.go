//go:build unix

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

// wrapProvider runs the real provider with the same arguments, environment (minus the wrapper's
// own variables) and standard streams: go-plugin's handshake line goes to the inherited stdout
// untouched, and Terraform then talks to the child directly over its socket. When the child
// exits, its peak RSS (getrusage ru_maxrss, KiB on Linux) and CPU time (ru_utime + ru_stime)
// are appended to out. The exit code is the child's.
func wrapProvider(target, out string, args []string) int {
	cmd := exec.Command(target, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = withoutEnv(os.Environ(), envWrapTarget, envWrapOut)

	// Providers ignore interrupts (Terraform stops them over gRPC), and the child gets a
	// terminal's SIGINT from the process group anyway; pass on what is sent to us alone.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "bench provider wrapper:", err)
		return 1
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				_ = cmd.Process.Signal(s)
			case <-done:
				return
			}
		}
	}()
	err := cmd.Wait()
	close(done)

	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && out != "" {
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		if werr := appendUsage(out, ru.Maxrss, cpu); werr != nil {
			fmt.Fprintln(os.Stderr, "bench provider wrapper: recording RSS and CPU:", werr)
		}
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		if code := exit.ExitCode(); code > 0 {
			return code
		}
		return 1
	}
	fmt.Fprintln(os.Stderr, "bench provider wrapper:", err)
	return 1
}

// ownProcessGroup puts a command in a process group of its own, so that a terminal's Ctrl-C
// reaches only the harness, which then interrupts Terraform once (two interrupts make
// Terraform exit at once, without stopping cleanly).
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}
