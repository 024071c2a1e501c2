package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Wrapper mode. The dev_overrides directory holds a copy of this program named
// terraform-provider-xray; Terraform starts it with these variables in its environment, and it
// runs the real provider as a child and appends the child's peak RSS to a file.
const (
	envWrapTarget = "XRAY_BENCH_WRAP_PROVIDER" // path of the real provider binary
	envWrapOut    = "XRAY_BENCH_WRAP_RSS_FILE" // file that receives one "maxrss_kib" line per provider process
)

// envFloorLatency tells the floor provider how long one request takes; it is the floorprovider
// command's EnvLatency (a main package, so it cannot be imported).
const envFloorLatency = "XRAY_BENCH_FLOOR_LATENCY"

// withoutEnv returns env without the variables named.
func withoutEnv(env []string, names ...string) []string {
	out := make([]string, 0, len(env))
next:
	for _, kv := range env {
		for _, name := range names {
			if strings.HasPrefix(kv, name+"=") {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}

// appendRSS records one provider process's peak RSS in KiB.
func appendRSS(file string, kib int64) error {
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(f, "%d\n", kib); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// parsePeakRSS returns the largest of the KiB values, one per line, and how many there were.
func parsePeakRSS(data string) (maxKiB int64, processes int, err error) {
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		v, err := strconv.ParseInt(line, 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("bad RSS line %q: %v", line, err)
		}
		processes++
		maxKiB = max(maxKiB, v)
	}
	return maxKiB, processes, nil
}

// readPeakRSS reads a file written by wrapper processes; a missing file means no provider ran.
func readPeakRSS(file string) (maxKiB int64, processes int, err error) {
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, err
	}
	return parsePeakRSS(string(data))
}
