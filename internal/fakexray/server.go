package fakexray

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// Server is a fake Xray. Create it with New (a Server is an http.Handler: serve
// it yourself), Start (listen on a loopback port) or NewTestServer (Start plus
// cleanup).
// All methods are safe for concurrent use.
type Server struct {
	cfg    config
	cfgErr error // why the options were refused; returned by Start
	vers   version

	api     *http.ServeMux // Xray routes, built once from version and flavour
	store   *store
	watches *watchStore // watches, each kept as raw JSON (watches.go)
	log     *requestLog
	faults  *faultSet

	oidc oidcState // OIDC integrations and the tokens they issued (oidc.go)

	jiraMu    sync.RWMutex
	jiraCheck JiraCheck

	listenMu sync.Mutex
	http     *http.Server
	url      string
}

// New builds a Server. Invalid options do not fail here (New has no error to
// return): an empty admin token, an unknown flavour, an unparsable version or
// a negative latency fall back to the defaults, and Start reports the error.
func New(opts ...Option) *Server {
	cfg := defaultConfig()
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	s := &Server{cfg: cfg, cfgErr: cfg.validate(), store: newStore(), watches: newWatchStore(), log: newRequestLog()}
	if s.cfg.adminToken == "" {
		s.cfg.adminToken = DefaultAdminToken
	}
	if _, err := ParseFlavour(string(s.cfg.flavour)); err != nil {
		s.cfg.flavour = FlavourBoth
	}
	if _, err := ParseRouterStyle(string(s.cfg.router)); err != nil {
		s.cfg.router = RouterGo
	}
	if s.cfg.latency < 0 {
		s.cfg.latency = 0
	}
	v, err := parseVersion(s.cfg.version)
	if err != nil {
		v = version{1 << 30} // unknown: behave like the newest Xray
	}
	s.vers = v
	s.faults = newFaultSet(s.cfg.seed)
	s.applySeed(s.cfg.seedData)
	s.api = s.routes()
	s.registerOIDC(s.api)
	return s
}

// AdminToken returns the bearer token with admin rights.
func (s *Server) AdminToken() string { return s.cfg.adminToken }

// ReaderToken returns the bearer token of the non-admin user ("" if none).
func (s *Server) ReaderToken() string { return s.cfg.readerToken }

// JiraCheck decides whether Xray can reach Jira with the given (merged) integration during a
// create or update. It returns true when Jira is reachable.
type JiraCheck func(JiraIntegration) bool

// SetJiraCheck replaces the Jira reachability check at run time, for tests that need something
// to happen while Xray contacts Jira; nil restores the default (see defaultJiraCheck).
func (s *Server) SetJiraCheck(check JiraCheck) {
	s.jiraMu.Lock()
	s.jiraCheck = check
	s.jiraMu.Unlock()
}

// jiraReachable is Xray contacting Jira during create and update.
func (s *Server) jiraReachable(in JiraIntegration) bool {
	s.jiraMu.RLock()
	check := s.jiraCheck
	s.jiraMu.RUnlock()
	if check == nil {
		return defaultJiraCheck(in)
	}
	return check(in)
}

// Start builds a Server and serves it on a loopback address (WithAddr,
// default 127.0.0.1:0) until Close.
func Start(opts ...Option) (*Server, error) {
	s := New(opts...)
	if s.cfgErr != nil {
		return nil, s.cfgErr
	}
	if err := s.listen(s.cfg.addr); err != nil {
		return nil, err
	}
	return s, nil
}

// NewTestServer starts a Server for a test and closes it when the test ends.
func NewTestServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatalf("fakexray: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// listen refuses anything but loopback: the fake has well-known tokens and
// must never be reachable from the network.
func (s *Server) listen(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("invalid address %q: %v", addr, err)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to listen on %q: only loopback addresses are allowed", addr)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.listenMu.Lock()
	s.http = srv
	s.url = "http://" + ln.Addr().String()
	s.listenMu.Unlock()
	// Serve returns ErrServerClosed after Close; any other error means the
	// listener broke, which the next request will show, so it is dropped.
	go func() { _ = srv.Serve(ln) }()
	return nil
}

// URL returns the base URL (http://127.0.0.1:PORT) once started, else "".
func (s *Server) URL() string {
	s.listenMu.Lock()
	defer s.listenMu.Unlock()
	return s.url
}

// Close stops a started server immediately. It is a no-op otherwise.
func (s *Server) Close() error {
	s.listenMu.Lock()
	srv := s.http
	s.listenMu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Close()
}

// Shutdown stops a started server gracefully, waiting for active requests
// until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	s.listenMu.Lock()
	srv := s.http
	s.listenMu.Unlock()
	if srv == nil {
		return nil
	}
	return srv.Shutdown(ctx)
}
