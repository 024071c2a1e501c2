package fakexray

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"testing"
	"time"
)

// TLSOptions makes Start serve HTTPS with a throwaway CA of its own.
type TLSOptions struct {
	// Hosts are extra DNS names in the server certificate, besides localhost and 127.0.0.1
	// (for example a platform host name that only a test proxy resolves).
	Hosts []string
	// RequireClientCert refuses the handshake unless the client shows a certificate signed by
	// the same CA (mutual TLS).
	RequireClientCert bool
	// CACertPEM and CAKeyPEM, when set, are the CA that signs the server and client
	// certificates instead of a throwaway one: a PEM certificate and its unencrypted PKCS#8,
	// PKCS#1 or EC private key.
	CACertPEM, CAKeyPEM []byte
}

// PKI is the throwaway certificate material of an HTTPS fake, all PEM-encoded.
type PKI struct {
	// CACertPEM is the CA that signed the server and client certificates: clients must trust it.
	CACertPEM []byte
	// ClientCertPEM and ClientKeyPEM are a client certificate the server accepts.
	ClientCertPEM, ClientKeyPEM []byte
	// OtherCertPEM and OtherKeyPEM are a client certificate from an unrelated CA, which the
	// server refuses.
	OtherCertPEM, OtherKeyPEM []byte

	serverCert tls.Certificate
	pool       *x509.CertPool
}

// StartTLS is Start over HTTPS: the URL is https://127.0.0.1:PORT.
func StartTLS(tlsOpts TLSOptions, opts ...Option) (*Server, *PKI, error) {
	s := New(opts...)
	if s.cfgErr != nil {
		return nil, nil, s.cfgErr
	}
	pki, err := newPKI(tlsOpts)
	if err != nil {
		return nil, nil, err
	}
	ln, err := listenLoopback(s.cfg.addr)
	if err != nil {
		return nil, nil, err
	}
	cfg := &tls.Config{Certificates: []tls.Certificate{pki.serverCert}, MinVersion: tls.VersionTLS12}
	if tlsOpts.RequireClientCert {
		cfg.ClientAuth, cfg.ClientCAs = tls.RequireAndVerifyClientCert, pki.pool
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, TLSConfig: cfg,
		// Handshake failures are the point of some tests; keep them off the test output.
		ErrorLog: discardLogger()}
	s.listenMu.Lock()
	s.http, s.url = srv, "https://"+ln.Addr().String()
	s.listenMu.Unlock()
	go func() { _ = srv.Serve(tls.NewListener(ln, cfg)) }()
	return s, pki, nil
}

// NewTLSTestServer is StartTLS for a test, closed when the test ends.
func NewTLSTestServer(t testing.TB, tlsOpts TLSOptions, opts ...Option) (*Server, *PKI) {
	t.Helper()
	s, pki, err := StartTLS(tlsOpts, opts...)
	if err != nil {
		t.Fatalf("fakexray: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, pki
}

// listenLoopback listens on addr if it is a loopback address, as listen does for plain HTTP:
// the fake has well-known tokens and must never be reachable from the network.
func listenLoopback(addr string) (net.Listener, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("invalid address %q: %v", addr, err)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("refusing to listen on %q: only loopback addresses are allowed", addr)
	}
	return net.Listen("tcp", net.JoinHostPort(host, port))
}

func discardLogger() *log.Logger { return log.New(io.Discard, "", 0) }

func newPKI(opts TLSOptions) (*PKI, error) {
	hosts := opts.Hosts
	ca, caKey, caPEM, err := loadOrNewCA(opts.CACertPEM, opts.CAKeyPEM)
	if err != nil {
		return nil, err
	}
	serverCertPEM, serverKeyPEM, err := issue(ca, caKey, &x509.Certificate{
		Subject:     pkix.Name{CommonName: "fakexray"},
		DNSNames:    append([]string{"localhost"}, hosts...),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	if err != nil {
		return nil, err
	}
	clientCertPEM, clientKeyPEM, err := issue(ca, caKey, &x509.Certificate{
		Subject: pkix.Name{CommonName: "terraform"}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		return nil, err
	}
	other, otherKey, _, err := newCA("unrelated CA")
	if err != nil {
		return nil, err
	}
	otherCertPEM, otherKeyPEM, err := issue(other, otherKey, &x509.Certificate{
		Subject: pkix.Name{CommonName: "stranger"}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		return nil, err
	}
	serverCert, err := tls.X509KeyPair(serverCertPEM, serverKeyPEM)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	return &PKI{CACertPEM: caPEM, ClientCertPEM: clientCertPEM, ClientKeyPEM: clientKeyPEM,
		OtherCertPEM: otherCertPEM, OtherKeyPEM: otherKeyPEM, serverCert: serverCert, pool: pool}, nil
}

// loadOrNewCA parses the given CA, or makes a throwaway one when none is given.
func loadOrNewCA(certPEM, keyPEM []byte) (*x509.Certificate, crypto.Signer, []byte, error) {
	if len(certPEM) == 0 && len(keyPEM) == 0 {
		return newCA("fakexray test CA")
	}
	pair, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the given CA: %w", err)
	}
	cert, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		return nil, nil, nil, fmt.Errorf("the given CA: %w", err)
	}
	if !cert.IsCA {
		return nil, nil, nil, fmt.Errorf("the given CA certificate %q is not a CA (basic constraints)", cert.Subject.CommonName)
	}
	signer, ok := pair.PrivateKey.(crypto.Signer)
	if !ok {
		return nil, nil, nil, fmt.Errorf("the given CA key cannot sign")
	}
	return cert, signer, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), nil
}

func newCA(name string) (*x509.Certificate, crypto.Signer, []byte, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial(), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("creating the test CA: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, nil, err
	}
	return cert, key, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}

// issue signs tmpl (a leaf) with the CA and returns the certificate and its key as PEM.
func issue(ca *x509.Certificate, caKey crypto.Signer, tmpl *x509.Certificate) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tmpl.SerialNumber = serial()
	tmpl.NotBefore, tmpl.NotAfter = time.Now().Add(-time.Hour), time.Now().Add(24*time.Hour)
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("issuing a test certificate: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}), nil
}

func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62)) // never fails with crypto/rand
	return n
}
