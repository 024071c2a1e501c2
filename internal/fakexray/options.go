package fakexray

import (
	"fmt"
	"time"
)

// Defaults used when an option is not given.
const (
	DefaultAdminToken  = "fake-admin-token"
	DefaultReaderToken = "fake-reader-token"
	DefaultVersion     = "3.140.0"
	DefaultAddr        = "127.0.0.1:0"
)

// Flavour selects which of the two known path styles for read and update the
// fake serves. DESIGN.md lists a documented style and one observed on a live
// server; a robust client must work with either.
type Flavour string

const (
	// FlavourDocumented serves GET .../{name}/details and PUT .../{name}.
	FlavourDocumented Flavour = "documented"
	// FlavourObserved serves GET .../{name} and PUT .../jira-integrations
	// (name only in the body).
	FlavourObserved Flavour = "observed"
	// FlavourBoth serves all four routes (the default).
	FlavourBoth Flavour = "both"
)

// ParseFlavour converts a flag value into a Flavour.
func ParseFlavour(s string) (Flavour, error) {
	switch f := Flavour(s); f {
	case FlavourDocumented, FlavourObserved, FlavourBoth:
		return f, nil
	}
	return "", fmt.Errorf("unknown flavour %q (want documented, observed or both)", s)
}

// config is the immutable configuration of a Server, built from Options.
type config struct {
	adminToken  string
	readerToken string
	version     string
	flavour     Flavour
	router      RouterStyle
	latency     time.Duration
	seed        uint64
	addr        string
	seedData    Seed // integrations present from the start (seed.go)
}

func defaultConfig() config {
	return config{
		adminToken:  DefaultAdminToken,
		readerToken: DefaultReaderToken,
		version:     DefaultVersion,
		flavour:     FlavourBoth,
		router:      RouterGo,
		seed:        1,
		addr:        DefaultAddr,
	}
}

// Option configures a Server. Options are applied in order by New and Start.
type Option func(*config)

// WithAdminToken sets the bearer token that has admin rights.
func WithAdminToken(token string) Option { return func(c *config) { c.adminToken = token } }

// WithReaderToken sets the bearer token of a valid but non-admin user. It is
// accepted by system endpoints and rejected with 403 by ticketing endpoints.
// An empty token disables the reader.
func WithReaderToken(token string) Option { return func(c *config) { c.readerToken = token } }

// WithVersion sets the Xray version reported by system/version; it also
// gates routes: below 3.129 the Jira routes do not exist and below 3.136 the
// status route does not exist.
func WithVersion(version string) Option { return func(c *config) { c.version = version } }

// WithFlavour selects which read/update path styles exist.
func WithFlavour(f Flavour) Option { return func(c *config) { c.flavour = f } }

// WithLatency adds a fixed delay to every API request (not to /_fake/state).
// The delay ends early when the client cancels the request.
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// WithSeed seeds the draws of probabilistic faults: with the same seed, the
// same requests meet the same faults, in whatever order they arrive. The
// default seed is 1.
func WithSeed(seed int64) Option { return func(c *config) { c.seed = uint64(seed) } }

// WithAddr sets the listen address used by Start and NewTestServer. Only
// loopback addresses are accepted; the default is 127.0.0.1:0.
func WithAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// validate reports a configuration error. New falls back to defaults for
// invalid values; Start and NewTestServer refuse them.
func (c *config) validate() error {
	if c.adminToken == "" {
		return fmt.Errorf("admin token must not be empty")
	}
	if _, err := ParseFlavour(string(c.flavour)); err != nil {
		return err
	}
	if _, err := ParseRouterStyle(string(c.router)); err != nil {
		return err
	}
	if _, err := parseVersion(c.version); err != nil {
		return err
	}
	if c.latency < 0 {
		return fmt.Errorf("latency must not be negative")
	}
	if err := c.seedData.validate(); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	return nil
}
