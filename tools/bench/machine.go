package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// machineInfo describes where the numbers were taken.
type machineInfo struct {
	NProc     int
	CPU       string
	MemTotal  string
	LoadAvg   string // /proc/loadavg at the start: the machine may be shared
	OS        string
	GoVersion string
	Terraform string // first line of `terraform version`
}

func collectMachine(ctx context.Context, terraform string, env []string) machineInfo {
	m := machineInfo{
		NProc:     runtime.NumCPU(),
		CPU:       "unknown",
		MemTotal:  "unknown",
		LoadAvg:   "unknown",
		OS:        runtime.GOOS + "/" + runtime.GOARCH,
		GoVersion: runtime.Version(),
		Terraform: "unknown",
	}
	if v := procField("/proc/cpuinfo", "model name"); v != "" {
		m.CPU = v
	}
	if v := procField("/proc/meminfo", "MemTotal"); v != "" {
		m.MemTotal = formatMemTotal(v)
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.LoadAvg = strings.Join(f[:3], " ")
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.OS += ", Linux " + strings.TrimSpace(string(b))
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, terraform, "version")
	cmd.Env = env
	if out, err := cmd.Output(); err == nil {
		m.Terraform = firstLine(string(out))
	}
	return m
}

// procField returns the value of the first "key : value" line of a /proc file.
func procField(file, key string) string {
	f, err := os.Open(file)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// formatMemTotal turns /proc/meminfo's "24683876 kB" (KiB) into "23.5 GiB".
func formatMemTotal(v string) string {
	f := strings.Fields(v)
	if len(f) == 0 {
		return v
	}
	kib, err := strconv.ParseFloat(f[0], 64)
	if err != nil || len(f) < 2 || f[1] != "kB" {
		return v
	}
	return strconv.FormatFloat(kib/(1<<20), 'f', 1, 64) + " GiB"
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(line)
}
