package xray_test

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/platformkit/terraform-provider-xray/internal/xray"
)

// A server that refuses the client for want of a certificate is not asked again: a TLS alert
// does not heal with retries, and the user should see it at once.
func TestCertificateRefusalIsNotRetried(t *testing.T) {
	var handshakes atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reply(w, 200, "{}") }))
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAnyClientCert, GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		handshakes.Add(1)
		return nil, nil
	}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	ca := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	httpClient, err := xray.NewHTTPClient(xray.TLSOptions{CACertPEM: ca})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, srv.URL, withRetryMax(4), func(cfg *xray.Config) { cfg.HTTPClient = httpClient })
	_, err = c.GetJiraIntegration(context.Background(), "jira-prod", viaObserved)
	if err == nil || !xray.IsCertificateError(err) {
		t.Fatalf("read without a client certificate = %v, want a certificate error", err)
	}
	if n := handshakes.Load(); n != 1 {
		t.Errorf("the refused handshake was tried %d times, want once", n)
	}
}
