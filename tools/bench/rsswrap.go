package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Wrapper mode. The dev_overrides directory holds a copy of this program named
// terraform-provider-xray; Terraform starts it with these variables in its environment, and it
// runs the real provider as a child and appends the child's peak RSS and CPU time to a file.
const (
	envWrapTarget = "XRAY_BENCH_WRAP_PROVIDER" // path of the real provider binary
	envWrapOut    = "XRAY_BENCH_WRAP_RSS_FILE" // file that receives one "maxrss_kib cpu_µs" line per provider process
)

// envFloorLatency tells the floor provider how long one request takes; it is the floorprovider
// command's EnvLatency (a main package, so it cannot be imported).
const envFloorLatency = "XRAY_BENCH_FLOOR_LATENCY"

// envFloorHTTP makes each of the floor provider's waits the provider's request for that step,
// sent as one plain request to a fake Xray ("URL TOKEN"): the floorprovider command's EnvHTTP.
const envFloorHTTP = "XRAY_BENCH_FLOOR_HTTP"

// envFloorRetries is the floor provider's EnvRetries: the creates it retries, and the waits
// before each retry ("name:wait,wait name:wait"), for the faults phase's retry floor.
const envFloorRetries = "XRAY_BENCH_FLOOR_RETRIES"

// envFloorNoCheck is the floor provider's EnvNoCheck: no wait in ModifyPlan (-skip-name-check).
const envFloorNoCheck = "XRAY_BENCH_FLOOR_NO_CHECK"

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

// appendUsage records one provider process's peak RSS in KiB and CPU time (user + system).
func appendUsage(file string, kib int64, cpu time.Duration) error {
	f, err := os.OpenFile(file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(f, "%d %d\n", kib, cpu.Microseconds()); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// usage is what the wrapper recorded for the provider processes of one phase.
type usage struct {
	MaxKiB    int64         // the largest peak RSS
	Processes int           // how many processes there were
	CPU       time.Duration // their CPU time, summed
}

// parseUsage reads the lines of appendUsage.
func parseUsage(data string) (usage, error) {
	var u usage
	for _, line := range strings.Split(data, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 2 {
			return usage{}, fmt.Errorf("bad usage line %q", line)
		}
		kib, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return usage{}, fmt.Errorf("bad usage line %q: %v", line, err)
		}
		us, err := strconv.ParseInt(fields[1], 10, 64)
		if err != nil {
			return usage{}, fmt.Errorf("bad usage line %q: %v", line, err)
		}
		u.Processes++
		u.MaxKiB = max(u.MaxKiB, kib)
		u.CPU += time.Duration(us) * time.Microsecond
	}
	return u, nil
}

// readUsage reads a file written by wrapper processes; a missing file means no provider ran.
func readUsage(file string) (usage, error) {
	data, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return usage{}, nil
	}
	if err != nil {
		return usage{}, err
	}
	return parseUsage(string(data))
}
