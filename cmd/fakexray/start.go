package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// running is a started fake with what was made for it: certificate files, the GitHub-style
// token endpoint, and an ID token for the OIDC exchange.
type running struct {
	srv           *fakexray.Server
	seeded        int
	seededWatches int
	tls           *tlsFiles                    // nil for plain HTTP
	actions       *fakexray.ActionsTokenServer // nil without -github-oidc
	idToken       string                       // "" without -oidc-provider
	cleanup       []func()
}

// start builds and starts everything the options ask for. On error, nothing is left running.
func start(o *options) (_ *running, err error) {
	r := &running{}
	defer func() {
		if err != nil {
			r.close()
		}
	}()
	fakeOpts := []fakexray.Option{
		fakexray.WithAddr(o.addr),
		fakexray.WithVersion(o.version),
		fakexray.WithFlavour(o.flavour),
		fakexray.WithRouterStyle(o.router),
		fakexray.WithLatency(o.latency),
		fakexray.WithAdminToken(o.adminToken),
		fakexray.WithReaderToken(o.readerToken),
		fakexray.WithSeed(o.faultSeed),
	}
	if o.seedFile != "" {
		seed, err := fakexray.ReadSeedFile(o.seedFile)
		if err != nil {
			return nil, err
		}
		r.seeded = len(seed.Integrations)
		r.seededWatches = len(seed.Watches)
		fakeOpts = append(fakeOpts, fakexray.WithSeedData(seed))
	}
	if o.tls {
		if r.srv, r.tls, err = startTLS(o, fakeOpts); err != nil {
			return nil, err
		}
		r.cleanup = append(r.cleanup, r.tls.remove)
	} else if r.srv, err = fakexray.Start(fakeOpts...); err != nil {
		return nil, err
	}
	r.cleanup = append(r.cleanup, func() { _ = r.srv.Close() })
	injectRandomFaults(r.srv, o.fault503, o.fault429, o.retryAfter)

	for _, p := range o.oidcProviders {
		name, grant, _ := parseOIDCProvider(p) // checked by parseFlags
		r.srv.AddOIDCIntegration(fakexray.OIDCIntegration{Name: name, Grant: grant})
	}
	if len(o.oidcProviders) > 0 {
		// A GitLab-style ID token for JFROG_OIDC_TOKEN; the exchange does not check signatures.
		r.idToken = fakexray.MintIDToken("fakexray-user", "")
	}
	if o.githubOIDC {
		if r.actions, err = fakexray.StartActionsTokenServer(o.githubSubject, "127.0.0.1:0"); err != nil {
			return nil, fmt.Errorf("the GitHub-style ID-token endpoint: %w", err)
		}
		r.cleanup = append(r.cleanup, r.actions.Close)
	}
	return r, nil
}

// close stops everything start started, last first.
func (r *running) close() {
	for i := len(r.cleanup) - 1; i >= 0; i-- {
		r.cleanup[i]()
	}
}

// env is what the provider needs to reach this fake, as environment variables.
func (r *running) env() [][2]string {
	env := [][2]string{{"JFROG_URL", r.srv.URL()}, {"JFROG_ACCESS_TOKEN", r.srv.AdminToken()}}
	if r.tls != nil {
		env = append(env, [2]string{"JFROG_CA_CERT_PATH", r.tls.caCert})
		if r.tls.clientCert != "" {
			env = append(env, [2]string{"JFROG_CLIENT_CERT_PATH", r.tls.clientCert},
				[2]string{"JFROG_CLIENT_CERT_KEY_PATH", r.tls.clientKey})
		}
	}
	if r.idToken != "" {
		env = append(env, [2]string{"JFROG_OIDC_TOKEN", r.idToken})
	}
	if r.actions != nil {
		env = append(env, [2]string{"ACTIONS_ID_TOKEN_REQUEST_URL", r.actions.RequestURL},
			[2]string{"ACTIONS_ID_TOKEN_REQUEST_TOKEN", r.actions.RequestToken})
	}
	return env
}

// describe tells the person at the terminal what is running, on stderr (stdout is the URL only).
func (r *running) describe(w io.Writer, o *options) {
	url := r.srv.URL()
	fmt.Fprintf(w, "fakexray: Xray %s at %s, admin token %q", o.version, url, r.srv.AdminToken())
	if r.srv.ReaderToken() != "" {
		fmt.Fprintf(w, ", non-admin token %q", r.srv.ReaderToken())
	}
	fmt.Fprintln(w)
	if o.seedFile != "" {
		fmt.Fprintf(w, "fakexray: seeded %d integrations and %d watches from %s\n", r.seeded, r.seededWatches, o.seedFile)
	}
	curl := "curl -s"
	if r.tls != nil {
		curl += " --cacert " + r.tls.caCert
		fmt.Fprintf(w, "fakexray: CA certificate %s (ca_cert_path or JFROG_CA_CERT_PATH)\n", r.tls.caCert)
		if r.tls.clientCert != "" {
			curl += " --cert " + r.tls.clientCert + " --key " + r.tls.clientKey
			fmt.Fprintf(w, "fakexray: client certificates required; one it accepts: %s, key %s\n", r.tls.clientCert, r.tls.clientKey)
		}
	}
	for _, p := range o.oidcProviders {
		name, _, _ := parseOIDCProvider(p)
		fmt.Fprintf(w, "fakexray: OIDC integration %q at %s/access/api/v1/oidc/token\n", name, url)
	}
	if r.actions != nil {
		fmt.Fprintf(w, "fakexray: GitHub-style ID tokens at %s\n", r.actions.RequestURL)
	}
	fmt.Fprintf(w, "fakexray: what it holds: %s %s%s\n", curl, url, fakexray.StatePath)
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

// formatEnv writes KEY=VALUE lines, which `set -a; . FILE`, $GITHUB_ENV and GitLab's dotenv
// reports all read. No value is quoted, since those readers disagree on quotes: each is a URL or
// token the fake made, or a token or path it was given and checked (envSafe in check, startTLS).
func formatEnv(env [][2]string) string {
	var b strings.Builder
	for _, kv := range env {
		fmt.Fprintf(&b, "%s=%s\n", kv[0], kv[1])
	}
	return b.String()
}

// writeFileAtomic writes via a temporary file and rename, so a script that
// polls for the file never reads it half-written.
func writeFileAtomic(path, content string, mode os.FileMode) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".fakexray-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
