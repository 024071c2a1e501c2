package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// options are the parsed flags.
type options struct {
	addr, version, adminToken, readerToken string
	flavour                                fakexray.Flavour
	router                                 fakexray.RouterStyle
	latency                                time.Duration
	fault503, fault429                     float64
	retryAfter                             int
	faultSeed                              int64
	seedFile                               string

	tls, tlsClientCert        bool
	tlsDir, tlsCACert, tlsKey string
	tlsHosts                  listFlag

	oidcProviders listFlag
	githubOIDC    bool
	githubSubject string

	urlFile, envFile string
}

const usageHeader = `fakexray serves a fake JFrog Xray (the Jira-integration API, OIDC token exchange) on a
loopback port, with well-known tokens, for trying and testing Terraform configurations that use
the platformkit/xray provider. Nothing it holds survives it.

Usage: fakexray [flags]

  fakexray -addr 127.0.0.1:8081                       # plain HTTP on a fixed port
  fakexray -seed seed.json -env-file fake.env         # integrations "made in the UI"; env for the provider
  fakexray -tls -tls-client-cert -tls-dir ./pki       # HTTPS from a throwaway CA, mutual TLS
  fakexray -oidc-provider github-actions -github-oidc # OIDC exchange and a GitHub-style ID-token endpoint

Once listening it prints the URL on stdout, writes -url-file and -env-file, and answers
GET /_fake/health (no token). GET /_fake/state shows what it holds (passwords redacted).

Flags:
`

// parseFlags reads the command line; -h prints the usage and returns flag.ErrHelp.
func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("fakexray", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		_, _ = fmt.Fprint(fs.Output(), usageHeader)
		fs.PrintDefaults()
	}
	var flavour, router string
	fs.StringVar(&o.addr, "addr", fakexray.DefaultAddr, "listen `host:port`, loopback only; port 0 picks a free one")
	fs.StringVar(&o.adminToken, "admin-token", fakexray.DefaultAdminToken, "bearer `token` with admin rights (JFROG_ACCESS_TOKEN)")
	fs.StringVar(&o.readerToken, "reader-token", fakexray.DefaultReaderToken, "bearer `token` of a non-admin user, answered 403 on ticketing routes (empty disables it)")
	fs.StringVar(&o.version, "version", fakexray.DefaultVersion, "Xray `version` to report and gate routes on (Jira routes need >= 3.129, status >= 3.136)")
	fs.StringVar(&flavour, "flavour", string(fakexray.FlavourBoth), "read/update paths to serve: documented (GET .../{name}/details, PUT .../{name}), observed (GET .../{name}, PUT .../jira-integrations) or both")
	fs.StringVar(&router, "router", string(fakexray.RouterGo), "how routes the server lacks are answered: go (404/405), gin (plain 404), xray ({\"error\"}) or platform ({\"errors\"})")
	fs.DurationVar(&o.latency, "latency", 0, "fixed `delay` added to every API request, e.g. 200ms")
	fs.Float64Var(&o.fault503, "fault-503", 0, "`share` (0..1) of API requests answered 503")
	fs.Float64Var(&o.fault429, "fault-429", 0, "`share` (0..1) of API requests answered 429 with Retry-After")
	fs.IntVar(&o.retryAfter, "retry-after", 1, "Retry-After `seconds` sent with injected 429s")
	fs.Int64Var(&o.faultSeed, "fault-seed", 1, "`seed` of the fault draws: the same requests meet the same faults, in any order")
	fs.StringVar(&o.seedFile, "seed", "", "JSON `file` of integrations present from the start, as if made in the Xray UI, OAuth ones included: {\"integrations\": [{\"connection_name\", \"auth_type\", \"username\", \"password\", \"installation_type\", \"jira_server_url\", \"skip_proxy\", \"status\", \"reason\"}], \"watches\": [whole watch objects, as Xray's API takes them]}")
	fs.BoolVar(&o.tls, "tls", false, "serve HTTPS, with a server certificate for localhost and 127.0.0.1 from a throwaway CA (or -tls-ca-cert)")
	fs.StringVar(&o.tlsDir, "tls-dir", "", "`directory` to write ca.pem (for ca_cert_path / JFROG_CA_CERT_PATH) and, with -tls-client-cert, client.pem and client-key.pem; default a temporary one, removed on exit")
	fs.StringVar(&o.tlsCACert, "tls-ca-cert", "", "PEM `file` of a CA to sign the certificates with instead of a throwaway one (implies -tls; needs -tls-ca-key)")
	fs.StringVar(&o.tlsKey, "tls-ca-key", "", "PEM `file` of the -tls-ca-cert CA's private key (unencrypted)")
	fs.BoolVar(&o.tlsClientCert, "tls-client-cert", false, "require a client certificate signed by the CA: mutual TLS (implies -tls)")
	fs.Var(&o.tlsHosts, "tls-host", "extra DNS `name` in the server certificate (repeatable)")
	fs.Var(&o.oidcProviders, "oidc-provider", "OIDC integration `name[=admin|reader|none]` that POST /access/api/v1/oidc/token exchanges any ID token for, issuing an admin (default), non-admin or unknown token (repeatable; -env-file then holds a JFROG_OIDC_TOKEN)")
	fs.BoolVar(&o.githubOIDC, "github-oidc", false, "also serve a GitHub Actions-style ID-token endpoint on another loopback port (-env-file then holds ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN)")
	fs.StringVar(&o.githubSubject, "github-oidc-subject", "repo:example/infrastructure:ref:refs/heads/main", "`sub` claim of the ID tokens the -github-oidc endpoint mints")
	fs.StringVar(&o.urlFile, "url-file", "", "write the base URL to this `file` once ready (removed on exit)")
	fs.StringVar(&o.envFile, "env-file", "", "write KEY=VALUE lines for the provider to this `file` once ready (removed on exit): JFROG_URL, JFROG_ACCESS_TOKEN and, as the flags call for, JFROG_CA_CERT_PATH, JFROG_CLIENT_CERT_PATH, JFROG_CLIENT_CERT_KEY_PATH, JFROG_OIDC_TOKEN, ACTIONS_ID_TOKEN_REQUEST_URL, ACTIONS_ID_TOKEN_REQUEST_TOKEN; for `set -a; . FILE` or >> $GITHUB_ENV. Values are unquoted, so an -admin-token that would need quoting is refused; a file left by an earlier run is removed at start-up")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	var err error
	if o.flavour, err = fakexray.ParseFlavour(flavour); err != nil {
		return o, err
	}
	if o.router, err = fakexray.ParseRouterStyle(router); err != nil {
		return o, err
	}
	return o, o.check()
}

// check refuses combinations that cannot mean what the user wants.
func (o *options) check() error {
	for _, f := range []struct {
		name string
		p    float64
	}{{"-fault-503", o.fault503}, {"-fault-429", o.fault429}} {
		if f.p < 0 || f.p > 1 {
			return fmt.Errorf("%s must be between 0 and 1, got %v", f.name, f.p)
		}
	}
	if o.fault503+o.fault429 > 1 {
		return fmt.Errorf("-fault-503 plus -fault-429 must not exceed 1")
	}
	if o.retryAfter < 0 {
		return fmt.Errorf("-retry-after must not be negative")
	}
	if (o.tlsCACert == "") != (o.tlsKey == "") {
		return fmt.Errorf("-tls-ca-cert and -tls-ca-key go together")
	}
	if o.tlsCACert != "" || o.tlsClientCert {
		o.tls = true
	}
	if !o.tls && (o.tlsDir != "" || len(o.tlsHosts) > 0) {
		return fmt.Errorf("-tls-dir and -tls-host need -tls")
	}
	for _, p := range o.oidcProviders {
		if _, _, err := parseOIDCProvider(p); err != nil {
			return err
		}
	}
	if o.envFile != "" && !envSafe(o.adminToken) {
		return fmt.Errorf("-admin-token: the token goes into -env-file unquoted, so it may hold only letters, digits and . _ - : / @ %% + = , (the file is for `set -a; . FILE` and for $GITHUB_ENV, which read quotes differently)")
	}
	return nil
}

// envSafe reports whether v means the same written unquoted after KEY= to sh (`set -a; .
// FILE`) as to a KEY=VALUE reader ($GITHUB_ENV, GitLab's dotenv reports): no white space,
// quotes, $, backquotes, ~, #, globs or operators. Refusing the rest, rather than quoting, keeps
// one file right for both readers, which do not agree on quotes.
func envSafe(v string) bool {
	for _, c := range v {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.ContainsRune("._-:/@%+=,", c):
		default:
			return false
		}
	}
	return true
}

// parseOIDCProvider reads name[=admin|reader|none].
func parseOIDCProvider(v string) (string, fakexray.Grant, error) {
	name, grant, _ := strings.Cut(v, "=")
	if name == "" {
		return "", 0, fmt.Errorf("-oidc-provider %q: the name is empty", v)
	}
	switch grant {
	case "", "admin":
		return name, fakexray.GrantAdmin, nil
	case "reader":
		return name, fakexray.GrantReader, nil
	case "none":
		return name, fakexray.GrantNone, nil
	}
	return "", 0, fmt.Errorf("-oidc-provider %q: the grant must be admin, reader or none", v)
}

// listFlag is a repeatable string flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}
