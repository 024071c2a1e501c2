package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"flag"
	"io"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// syncBuffer is a bytes.Buffer safe to read while run writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startCommand runs the command with args plus an -env-file, waits for that file as a CI job
// would, and returns what it holds. The command stops when the test ends, and must then have
// removed the file.
func startCommand(t *testing.T, args ...string) (env map[string]string, stdout, stderr *syncBuffer) {
	t.Helper()
	envFile := filepath.Join(t.TempDir(), "fake.env")
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append(args, "-env-file", envFile), stdout, stderr) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("fakexray: %v", err)
		}
		if _, err := os.Stat(envFile); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("the env file is still there after exit: %v", err)
		}
	})
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, err := os.ReadFile(envFile)
		if err == nil {
			env = map[string]string{}
			for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
				k, v, _ := strings.Cut(line, "=")
				env[k] = v
			}
			return env, stdout, stderr
		}
		select {
		case err := <-done:
			t.Fatalf("fakexray exited before it was ready: %v\n%s", err, stderr)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no env file after 10 s; stderr:\n%s", stderr)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// get sends a GET with the bearer token ("" for none) and returns the status and body.
func get(t *testing.T, client *http.Client, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

const seedJSON = `{"integrations": [
  {"connection_name": "cloudProjectABC", "username": "customer@example.com", "password": "set-in-the-ui",
   "installation_type": "cloud", "jira_server_url": "https://customer.atlassian.net"},
  {"connection_name": "oauthProject", "auth_type": "oauth2", "username": "jira-app@example.com",
   "installation_type": "server", "jira_server_url": "https://jira.example.com",
   "status": "FAULTY_CONFIGURATION", "reason": "OAuth token expired"}
], "watches": [
  {"general_data": {"name": "prod-watch", "active": true}, "custom_ui_field": {"kept": [1, 2]}}
]}`

// A seeded fake holds the seed before it says it is ready: the API reads back both
// integrations, OAuth included, with their statuses; /_fake/health answers; /_fake/state shows
// them without the password; and the env file is what the provider needs.
func TestSeedReadyAndState(t *testing.T) {
	seed := filepath.Join(t.TempDir(), "seed.json")
	if err := os.WriteFile(seed, []byte(seedJSON), 0o600); err != nil {
		t.Fatal(err)
	}
	env, stdout, stderr := startCommand(t, "-seed", seed)
	url := env["JFROG_URL"]
	if !strings.HasPrefix(url, "http://127.0.0.1:") || env["JFROG_ACCESS_TOKEN"] != fakexray.DefaultAdminToken || len(env) != 2 {
		t.Fatalf("env file = %v", env)
	}
	if got := strings.TrimSpace(stdout.String()); got != url {
		t.Errorf("stdout = %q, want the URL %q alone", got, url)
	}
	if !strings.Contains(stderr.String(), "seeded 2 integrations and 1 watches") {
		t.Errorf("stderr does not report the seed:\n%s", stderr)
	}
	c := http.DefaultClient
	if code, _ := get(t, c, url+fakexray.HealthPath, ""); code != http.StatusOK {
		t.Errorf("health answered %d", code)
	}
	code, body := get(t, c, url+"/xray/api/v1/ticketing/jira-integrations/oauthProject/details", env["JFROG_ACCESS_TOKEN"])
	if code != http.StatusOK || !strings.Contains(body, `"auth_type":"oauth2"`) || !strings.Contains(body, `"installation_type":"server"`) {
		t.Errorf("read of the seeded OAuth integration: %d %s", code, body)
	}
	code, body = get(t, c, url+"/xray/api/v1/ticketing/integrations/status/check?integrationName=oauthProject", env["JFROG_ACCESS_TOKEN"])
	if code != http.StatusOK || !strings.Contains(body, `"status":"FAULTY_CONFIGURATION"`) || !strings.Contains(body, "OAuth token expired") {
		t.Errorf("status of the seeded OAuth integration: %d %s", code, body)
	}

	code, body = get(t, c, url+"/xray/api/v2/watches/prod-watch", env["JFROG_ACCESS_TOKEN"])
	if code != http.StatusOK || !strings.Contains(body, `"custom_ui_field":{"kept":[1,2]}`) {
		t.Errorf("read of the seeded watch: %d %s", code, body)
	}

	code, body = get(t, c, url+fakexray.StatePath, "")
	if code != http.StatusOK {
		t.Fatalf("state answered %d", code)
	}
	if strings.Contains(body, "set-in-the-ui") {
		t.Errorf("/_fake/state shows a password: %s", body)
	}
	var state struct {
		Integrations []struct {
			ConnectionName string `json:"connection_name"`
			AuthType       string `json:"auth_type"`
			Password       string `json:"password"`
			Status         string `json:"status"`
		} `json:"integrations"`
		Watches []struct {
			Name string `json:"name"`
		} `json:"watches"`
	}
	if err := json.Unmarshal([]byte(body), &state); err != nil {
		t.Fatal(err)
	}
	if len(state.Integrations) != 2 || state.Integrations[0].ConnectionName != "cloudProjectABC" ||
		state.Integrations[0].Status != fakexray.StatusHealthy || state.Integrations[1].AuthType != "oauth2" ||
		state.Integrations[1].Status != fakexray.StatusFaultyConfiguration || state.Integrations[0].Password != "<redacted>" {
		t.Errorf("state = %+v", state.Integrations)
	}
	if len(state.Watches) != 1 || state.Watches[0].Name != "prod-watch" {
		t.Errorf("state's watches = %+v", state.Watches)
	}
}

// HTTPS with mutual TLS, the OIDC exchange and the GitHub-style token endpoint, all from the
// env file: a client that trusts ca.pem and shows client.pem gets in, one without a client
// certificate does not, and both ID tokens exchange for an admin token.
func TestTLSAndOIDC(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pki")
	env, _, _ := startCommand(t, "-tls-client-cert", "-tls-dir", dir, "-oidc-provider", "gitlab",
		"-oidc-provider", "github-actions", "-github-oidc")
	url := env["JFROG_URL"]
	if !strings.HasPrefix(url, "https://127.0.0.1:") || env["JFROG_CA_CERT_PATH"] != filepath.Join(dir, "ca.pem") {
		t.Fatalf("env file = %v", env)
	}
	caPEM, err := os.ReadFile(env["JFROG_CA_CERT_PATH"])
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatal("ca.pem holds no certificate")
	}
	cert, err := tls.LoadX509KeyPair(env["JFROG_CLIENT_CERT_PATH"], env["JFROG_CLIENT_CERT_KEY_PATH"])
	if err != nil {
		t.Fatal(err)
	}
	mtls := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{cert}}}}
	if code, _ := get(t, mtls, url+fakexray.HealthPath, ""); code != http.StatusOK {
		t.Errorf("health over mutual TLS answered %d", code)
	}
	noCert := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	if res, err := noCert.Get(url + fakexray.HealthPath); err == nil {
		res.Body.Close()
		t.Errorf("a client without a certificate got %d, want a refused handshake", res.StatusCode)
	}

	exchange := func(provider, idToken string) string {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"grant_type": fakexray.GrantTypeTokenExchange,
			"subject_token_type": fakexray.TokenTypeIDToken, "subject_token": idToken, "provider_name": provider})
		res, err := mtls.Post(url+"/access/api/v1/oidc/token", "application/json", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out struct {
			AccessToken string `json:"access_token"`
		}
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK {
			t.Fatalf("exchange for %s: %d %v", provider, res.StatusCode, err)
		}
		return out.AccessToken
	}
	token := exchange("gitlab", env["JFROG_OIDC_TOKEN"])
	if code, body := get(t, mtls, url+"/xray/api/v1/ticketing/jira-integrations/none/details", token); code != http.StatusNotFound {
		t.Errorf("a read with the exchanged token answered %d %s, want Xray's 404", code, body)
	}

	code, body := get(t, http.DefaultClient, env["ACTIONS_ID_TOKEN_REQUEST_URL"]+"&audience=jfrog-github", env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"])
	var idToken struct {
		Value string `json:"value"`
	}
	if err := json.Unmarshal([]byte(body), &idToken); code != http.StatusOK || err != nil || idToken.Value == "" {
		t.Fatalf("GitHub-style token endpoint: %d %s", code, body)
	}
	exchange("github-actions", idToken.Value)
}

// -tls-ca-cert signs the server certificate with the user's CA (an RSA one here; the fake's
// own are ECDSA), so a client that trusts only that CA connects.
func TestGivenCA(t *testing.T) {
	caCert, caKey := writeCA(t, t.TempDir())
	env, _, _ := startCommand(t, "-tls-ca-cert", caCert, "-tls-ca-key", caKey)
	caPEM, _ := os.ReadFile(caCert)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(caPEM)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	if code, _ := get(t, client, env["JFROG_URL"]+fakexray.HealthPath, ""); code != http.StatusOK {
		t.Errorf("health answered %d", code)
	}
	if written, _ := os.ReadFile(env["JFROG_CA_CERT_PATH"]); !bytes.Equal(bytes.TrimSpace(written), bytes.TrimSpace(caPEM)) {
		t.Errorf("ca.pem is not the given CA")
	}
}

// writeCA makes a self-signed RSA CA and writes its certificate and PKCS#1 key as PEM files.
func writeCA(t *testing.T, dir string) (certPath, keyPath string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "user CA"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	certPath, keyPath = filepath.Join(dir, "ca.crt"), filepath.Join(dir, "ca.key")
	writePEM(t, certPath, "CERTIFICATE", der)
	writePEM(t, keyPath, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key))
	return certPath, keyPath
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}

// -h lists every flag a user needs, and exits cleanly; bad input is refused with a reason.
func TestHelpAndRefusals(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, io.Discard, &out); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("-h returned %v", err)
	}
	for _, want := range []string{"-addr", "-admin-token", "-flavour", "-router", "-latency", "-fault-503", "-fault-429",
		"-fault-seed", "-seed", "-tls", "-tls-ca-cert", "-tls-client-cert", "-tls-dir", "-oidc-provider", "-github-oidc",
		"-url-file", "-env-file", "/_fake/health", "/_fake/state"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-h does not mention %s", want)
		}
	}
	badSeed := filepath.Join(t.TempDir(), "seed.json")
	_ = os.WriteFile(badSeed, []byte(`{"integrations": [{"connection_name": "a", "username": "u", "installation_type": "datacenter", "jira_server_url": "https://j.example.com"}]}`), 0o600)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-addr", "0.0.0.0:0"}, "only loopback"},
		{[]string{"-seed", badSeed}, `integration "a": invalid installation_type 'datacenter'`},
		{[]string{"-tls-ca-cert", "x.pem"}, "go together"},
		{[]string{"-oidc-provider", "gh=root"}, "admin, reader or none"},
		{[]string{"-fault-503", "2"}, "between 0 and 1"},
	} {
		err := run(context.Background(), tc.args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
}
