package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sourceInSh sources an env file as the docs say (`set -a; . FILE`) in a clean sh and returns
// the value sh gives each of keys.
func sourceInSh(t *testing.T, file string, keys []string) map[string]string {
	t.Helper()
	script := `set -a; . "$1"; set +a; shift; for k in "$@"; do eval "printf '%s\0' \"\${$k}\""; done`
	cmd := exec.Command("sh", append([]string{"-c", script, "sh", file}, keys...)...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=/nonexistent-home"}
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sourcing %s in sh: %v", file, err)
	}
	values := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	got := map[string]string{}
	for i, k := range keys {
		if i < len(values) {
			got[k] = values[i]
		}
	}
	return got
}

// Every line of the env file means the same to sh (`set -a; . FILE`) as to a KEY=VALUE reader
// ($GITHUB_ENV, GitLab's dotenv report), with every flag that adds a value: URLs with a query,
// certificate paths, tokens.
func TestEnvFileMeansTheSameInShAndGitHubEnv(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	env, _, _ := startCommand(t, "-tls-client-cert", "-tls-dir", dir, "-oidc-provider", "gitlab", "-github-oidc",
		"-admin-token", "admin_tok-1.2:3/4@5%6+7=8,9")
	if len(env) != 8 {
		t.Fatalf("env file = %v, want the 8 variables these flags call for", env)
	}
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	// startCommand removed the file's path from view; write what it read back and source that,
	// line for line as the fake wrote it.
	file := filepath.Join(t.TempDir(), "copy.env")
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k + "=" + env[k] + "\n")
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	sh := sourceInSh(t, file, keys)
	for _, k := range keys {
		if sh[k] != env[k] {
			t.Errorf("%s: sh reads %q, a KEY=VALUE reader %q", k, sh[k], env[k])
		}
	}
}

// startOrFail runs the command until it either fails at start-up (its error is returned) or
// writes its env file (then what the file held is returned, for the test to source it and show
// what it would have done).
func startOrFail(t *testing.T, envFile string, args ...string) (written string, err error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, append(args, "-env-file", envFile), io.Discard, io.Discard) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Logf("fakexray ended with: %v", err)
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case err := <-done:
			done <- nil // for the deferred wait
			return "", err
		default:
		}
		if data, err := os.ReadFile(envFile); err == nil {
			return string(data), nil
		}
		if time.Now().After(deadline) {
			t.Fatal("fakexray neither failed nor wrote its env file in 10 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// A token that sh would read as code or split is refused at start-up, before any file is
// written: the env file is for `set -a; . FILE` and for $GITHUB_ENV, which read quotes
// differently, so no value in it can be quoted.
func TestEnvFileRefusesValuesThatNeedQuoting(t *testing.T) {
	for _, token := range []string{"tok $(touch MARKER)", "tok`touch MARKER`", "tok;touch MARKER", "tok&&touch MARKER",
		"tok|touch MARKER", "tok'x", `tok"x`, `tok\x`, "tok\nx", "~root", "a:~", "#tok", "tok${HOME}", "tok*"} {
		dir := t.TempDir()
		marker := filepath.Join(dir, "ran")
		token = strings.ReplaceAll(token, "MARKER", marker)
		envFile := filepath.Join(dir, "fake.env")
		written, err := startOrFail(t, envFile, "-admin-token", token)
		if written != "" {
			// Source a copy as the docs say (whether sh then fails matters less than what it ran).
			copyFile := filepath.Join(dir, "copy.env")
			if err := os.WriteFile(copyFile, []byte(written), 0o600); err != nil {
				t.Fatal(err)
			}
			for _, shell := range []string{"sh", "bash"} {
				_ = exec.Command(shell, "-c", `set -a; . "$1"`, shell, copyFile).Run()
			}
			if _, ranErr := os.Stat(marker); ranErr == nil {
				t.Errorf("token %q: sourcing the env file ran the token's command", token)
			}
			t.Errorf("token %q: the env file was written, want a refusal at start-up", token)
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "-admin-token") || !strings.Contains(err.Error(), "-env-file") {
			t.Errorf("token %q: got %v, want a refusal that names -admin-token and -env-file", token, err)
		}
	}
}

// A -url-file or -env-file left by an earlier run that was killed is removed at start-up, before
// the fake listens, even when this run then fails: a script waiting for the file never reads
// an old URL.
func TestStaleFilesRemovedAtStartUp(t *testing.T) {
	for name, args := range map[string][]string{
		"a failed start":    {"-seed", filepath.Join(t.TempDir(), "missing.json")},
		"a refused token":   {"-admin-token", "tok $(id)"},
		"a refused setting": {"-fault-503", "2"},
	} {
		dir := t.TempDir()
		urlFile, envFile := filepath.Join(dir, "url"), filepath.Join(dir, "fake.env")
		for _, f := range []string{urlFile, envFile} {
			if err := os.WriteFile(f, []byte("JFROG_URL=http://127.0.0.1:1\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		// A run that wrongly starts is stopped after a while, and fails the test below.
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err := run(ctx, append(args, "-url-file", urlFile, "-env-file", envFile), io.Discard, io.Discard)
		cancel()
		if err == nil {
			t.Errorf("%s: run started, want a refusal", name)
		}
		for _, f := range []string{urlFile, envFile} {
			if _, statErr := os.Stat(f); !errors.Is(statErr, os.ErrNotExist) {
				t.Errorf("%s (%v): the stale %s is still there", name, err, filepath.Base(f))
			}
		}
	}
}
