package xray

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestTLSOptionsRejectUnusableMaterial(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	cases := []struct {
		name string
		opts TLSOptions
		want string
	}{
		{"CA without PEM", TLSOptions{CACertPEM: []byte("not pem")}, "no PEM-encoded certificate"},
		{"certificate without key", TLSOptions{ClientCertPEM: certPEM}, "without its private key"},
		{"key without certificate", TLSOptions{ClientKeyPEM: []byte("k")}, "without its certificate"},
		{"key that is not PEM", TLSOptions{ClientCertPEM: certPEM, ClientKeyPEM: []byte("k")}, "cannot be used together"},
	}
	for _, tc := range cases {
		if _, err := NewHTTPClient(tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestNewHTTPClientTrustsTheGivenCAAndKeepsPooling(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {}))
	defer srv.Close()
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})

	untrusted, _ := NewHTTPClient(TLSOptions{})
	_, err := untrusted.Get(srv.URL)
	if err == nil || !IsCertificateError(err) {
		t.Fatalf("an untrusted server gave %v, want a certificate error", err)
	}
	trusted, err := NewHTTPClient(TLSOptions{CACertPEM: caPEM})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := trusted.Get(srv.URL)
	if err != nil {
		t.Fatalf("with the CA: %v", err)
	}
	_ = resp.Body.Close()
	transport, ok := trusted.Transport.(*http.Transport)
	if !ok || transport.MaxIdleConnsPerHost != maxIdleConnsPerHost || transport.Proxy == nil {
		t.Errorf("transport %+v lost the pooling or proxy settings", trusted.Transport)
	}
	bypass, _ := NewHTTPClient(TLSOptions{InsecureSkipVerify: true})
	if resp, err := bypass.Get(srv.URL); err != nil {
		t.Errorf("bypass: %v", err)
	} else {
		_ = resp.Body.Close()
	}
}

func TestIsCertificateErrorThroughTheClient(t *testing.T) {
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	defer srv.Close()
	c, err := NewClient(Config{URL: srv.URL, AccessToken: "t", RetryMax: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetVersion(context.Background())
	if !IsCertificateError(err) {
		t.Errorf("GetVersion from an untrusted server: %v, want a certificate error", err)
	}
	if IsCertificateError(x509.SystemRootsError{}) || IsCertificateError(tls.RecordHeaderError{Msg: "x"}) {
		t.Error("unrelated errors count as certificate errors")
	}
}
