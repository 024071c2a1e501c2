package fakexray

import (
	"crypto/tls"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// ActionsTokenServer is a stand-in for GitHub Actions' ID-token endpoint: a job finds its URL in
// ACTIONS_ID_TOKEN_REQUEST_URL and a bearer token for it in ACTIONS_ID_TOKEN_REQUEST_TOKEN, GETs
// the URL with &audience=... and takes the token from the JSON answer's "value".
type ActionsTokenServer struct {
	// RequestURL is what ACTIONS_ID_TOKEN_REQUEST_URL holds; like GitHub's, it already has a query.
	RequestURL string
	// RequestToken is what ACTIONS_ID_TOKEN_REQUEST_TOKEN holds.
	RequestToken string
	// Subject is the `sub` claim of the ID tokens it mints.
	Subject string

	srv *httptest.Server
	mu  sync.Mutex
	log []ActionsTokenRequest
}

// ActionsTokenRequest records one request: the audience asked for and the token minted ("" when
// the request was refused).
type ActionsTokenRequest struct {
	Audience string
	Issued   string
}

// NewActionsTokenServer starts the endpoint on a loopback port for the test. The listener may be
// given (to serve under a host name a proxy maps to it); nil picks 127.0.0.1:0.
func NewActionsTokenServer(t testing.TB, subject string, ln net.Listener) *ActionsTokenServer {
	t.Helper()
	a := &ActionsTokenServer{RequestToken: "actions-request-" + randomHex(12), Subject: subject}
	a.srv = httptest.NewUnstartedServer(http.HandlerFunc(a.serve))
	if ln != nil {
		_ = a.srv.Listener.Close()
		a.srv.Listener = ln
	}
	a.srv.Start()
	t.Cleanup(a.srv.Close)
	a.RequestURL = a.srv.URL + "/_apis/distributedtask/idtoken?api-version=2.0"
	return a
}

// NewActionsTokenTLSServer is NewActionsTokenServer over HTTPS, as GitHub's endpoint always is,
// with a certificate from pki (whose TLSOptions.Hosts name the host a test proxy resolves).
func NewActionsTokenTLSServer(t testing.TB, subject string, pki *PKI) *ActionsTokenServer {
	t.Helper()
	a := &ActionsTokenServer{RequestToken: "actions-request-" + randomHex(12), Subject: subject}
	a.srv = httptest.NewUnstartedServer(http.HandlerFunc(a.serve))
	a.srv.TLS = &tls.Config{Certificates: []tls.Certificate{pki.serverCert}, MinVersion: tls.VersionTLS12}
	a.srv.StartTLS()
	t.Cleanup(a.srv.Close)
	a.RequestURL = a.srv.URL + "/_apis/distributedtask/idtoken?api-version=2.0"
	return a
}

// Requests returns what was asked for, in order.
func (a *ActionsTokenServer) Requests() []ActionsTokenRequest {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]ActionsTokenRequest(nil), a.log...)
}

func (a *ActionsTokenServer) serve(w http.ResponseWriter, r *http.Request) {
	token, ok := bearerToken(r)
	rec := ActionsTokenRequest{Audience: r.URL.Query().Get("audience")}
	switch {
	case r.Method != http.MethodGet || r.URL.Path != "/_apis/distributedtask/idtoken":
		http.NotFound(w, r)
		return
	case !ok || !equalToken(token, a.RequestToken):
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "bad request token"})
	default:
		rec.Issued = MintIDToken(a.Subject, rec.Audience)
		writeJSON(w, http.StatusOK, map[string]any{"count": 1, "value": rec.Issued})
	}
	a.mu.Lock()
	a.log = append(a.log, rec)
	a.mu.Unlock()
}
