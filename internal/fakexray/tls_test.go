package fakexray

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"strings"
	"testing"
)

func tlsClient(t *testing.T, ca []byte, certPEM, keyPEM []byte) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	cfg := &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	if certPEM != nil {
		pair, err := tls.X509KeyPair(certPEM, keyPEM)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: cfg}}
}

func TestTLSServerRequiresClientCertificates(t *testing.T) {
	srv, pki := NewTLSTestServer(t, TLSOptions{RequireClientCert: true, Hosts: []string{"xray.platform.test"}})
	if !strings.HasPrefix(srv.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL %q, want https on loopback", srv.URL())
	}
	ping := srv.URL() + "/xray/api/v1/system/ping"
	for name, c := range map[string]struct {
		client *http.Client
		ok     bool
	}{
		"CA and client certificate": {tlsClient(t, pki.CACertPEM, pki.ClientCertPEM, pki.ClientKeyPEM), true},
		"no client certificate":     {tlsClient(t, pki.CACertPEM, nil, nil), false},
		"unrelated certificate":     {tlsClient(t, pki.CACertPEM, pki.OtherCertPEM, pki.OtherKeyPEM), false},
		"CA not trusted":            {tlsClient(t, nil, pki.ClientCertPEM, pki.ClientKeyPEM), false},
	} {
		req, _ := http.NewRequest(http.MethodGet, ping, nil)
		req.Header.Set("Authorization", "Bearer "+srv.AdminToken())
		res, err := c.client.Do(req)
		if err == nil {
			res.Body.Close()
		}
		if (err == nil && res.StatusCode == 200) != c.ok {
			t.Errorf("%s: error %v, want success %v", name, err, c.ok)
		}
	}
}

func TestTLSServerRefusesNonLoopback(t *testing.T) {
	if _, _, err := StartTLS(TLSOptions{}, WithAddr("0.0.0.0:0")); err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("StartTLS on 0.0.0.0: %v, want a refusal", err)
	}
}
