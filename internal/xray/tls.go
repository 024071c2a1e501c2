package xray

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/go-cleanhttp"
)

// TLSOptions adapt the connection to enterprise networks: a private CA, mutual TLS, or, for
// test platforms only, no verification at all. The zero value is Go's defaults (the system
// roots, which honour SSL_CERT_FILE and SSL_CERT_DIR).
type TLSOptions struct {
	// CACertPEM holds one or more PEM certificates trusted in addition to the system roots.
	CACertPEM []byte
	// ClientCertPEM and ClientKeyPEM are a certificate and its private key shown to a server
	// that asks for one. Both or neither.
	ClientCertPEM, ClientKeyPEM []byte
	// InsecureSkipVerify accepts any server certificate.
	InsecureSkipVerify bool
}

// NewHTTPClient returns a pooled client with the TLS options applied. Proxies come from
// HTTPS_PROXY, HTTP_PROXY and NO_PROXY (cleanhttp's transport uses http.ProxyFromEnvironment).
// Hand the same client to Config.HTTPClient and to ExchangeOIDCToken so both share the pool.
func NewHTTPClient(opts TLSOptions) (*http.Client, error) {
	transport := pooledTransport()
	if len(opts.CACertPEM) > 0 || len(opts.ClientCertPEM) > 0 || len(opts.ClientKeyPEM) > 0 || opts.InsecureSkipVerify {
		cfg, err := opts.tlsConfig()
		if err != nil {
			return nil, err
		}
		transport.TLSClientConfig = cfg
	}
	return &http.Client{Transport: transport, CheckRedirect: refuseRedirects}, nil
}

// pooledTransport is cleanhttp's pooled transport with room for Terraform's parallelism:
// cleanhttp keeps only GOMAXPROCS+1 idle connections per host, so most requests of a parallel
// apply would open a new TCP and TLS connection; keep enough for all of them.
func pooledTransport() *http.Transport {
	transport := cleanhttp.DefaultPooledTransport()
	transport.MaxIdleConnsPerHost = maxIdleConnsPerHost
	return transport
}

func (o TLSOptions) tlsConfig() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: o.InsecureSkipVerify} //nolint:gosec // opt-in, warned about by the provider
	if len(o.CACertPEM) > 0 {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(o.CACertPEM) {
			return nil, errors.New("the CA certificate holds no PEM-encoded certificate (want -----BEGIN CERTIFICATE-----)")
		}
		cfg.RootCAs = pool
	}
	switch {
	case len(o.ClientCertPEM) > 0 && len(o.ClientKeyPEM) > 0:
		pair, err := tls.X509KeyPair(o.ClientCertPEM, o.ClientKeyPEM)
		if err != nil {
			// The error names what is wrong (no PEM block, key does not match) without key bytes.
			return nil, fmt.Errorf("the client certificate and private key cannot be used together: %w", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	case len(o.ClientCertPEM) > 0:
		return nil, errors.New("a client certificate was given without its private key")
	case len(o.ClientKeyPEM) > 0:
		return nil, errors.New("a client private key was given without its certificate")
	}
	return cfg, nil
}

// IsCertificateError reports whether err comes from TLS certificate checks: the server's
// certificate is not trusted or does not match, or the server refused the client's certificate
// (or its absence).
func IsCertificateError(err error) bool {
	var unknown x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var hostname x509.HostnameError
	var verify *tls.CertificateVerificationError
	if errors.As(err, &unknown) || errors.As(err, &invalid) || errors.As(err, &hostname) || errors.As(err, &verify) {
		return true
	}
	// A server that rejects the client's certificate answers with a TLS alert, whose type
	// crypto/tls does not export.
	msg := err.Error()
	for _, alert := range []string{"tls: certificate required", "tls: bad certificate", "tls: unknown certificate authority", "tls: certificate unknown"} {
		if strings.Contains(msg, alert) {
			return true
		}
	}
	return false
}
