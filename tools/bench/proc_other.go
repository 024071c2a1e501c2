//go:build !unix

package main

import (
	"fmt"
	"os"
	"os/exec"
)

// wrapProvider needs getrusage, which only Unix systems have.
func wrapProvider(_, _ string, _ []string) int {
	fmt.Fprintln(os.Stderr, "bench provider wrapper: peak RSS needs a Unix system")
	return 1
}

func ownProcessGroup(*exec.Cmd) {}
