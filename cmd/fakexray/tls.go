package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/platformkit/terraform-provider-xray/internal/fakexray"
)

// tlsFiles are the PEM files written for an HTTPS fake: the CA a client must trust and, for
// mutual TLS, a client certificate the fake accepts.
type tlsFiles struct {
	dir                           string
	caCert, clientCert, clientKey string
	remove                        func()
}

// startTLS starts the fake over HTTPS and writes its CA (and client certificate) to -tls-dir,
// or to a temporary directory that is removed on exit.
func startTLS(o *options, fakeOpts []fakexray.Option) (*fakexray.Server, *tlsFiles, error) {
	tlsOpts := fakexray.TLSOptions{Hosts: o.tlsHosts, RequireClientCert: o.tlsClientCert}
	if o.tlsCACert != "" {
		var err error
		if tlsOpts.CACertPEM, err = os.ReadFile(o.tlsCACert); err != nil {
			return nil, nil, fmt.Errorf("-tls-ca-cert: %w", err)
		}
		if tlsOpts.CAKeyPEM, err = os.ReadFile(o.tlsKey); err != nil {
			return nil, nil, fmt.Errorf("-tls-ca-key: %w", err)
		}
	}
	files := &tlsFiles{dir: o.tlsDir, remove: func() {}}
	if files.dir == "" {
		dir, err := os.MkdirTemp("", "fakexray-tls-")
		if err != nil {
			return nil, nil, err
		}
		files.dir, files.remove = dir, func() { _ = os.RemoveAll(dir) }
	} else if err := os.MkdirAll(files.dir, 0o700); err != nil {
		return nil, nil, err
	}
	dir, err := filepath.Abs(files.dir)
	if err != nil {
		files.remove()
		return nil, nil, err
	}
	if strings.ContainsAny(dir, " \t\n\"'$`\\") {
		files.remove()
		return nil, nil, fmt.Errorf("-tls-dir %q: the paths go into -env-file unquoted, so they may not contain spaces, quotes, $ or backslashes", dir)
	}
	srv, pki, err := fakexray.StartTLS(tlsOpts, fakeOpts...)
	if err != nil {
		files.remove()
		return nil, nil, err
	}
	files.caCert = filepath.Join(dir, "ca.pem")
	write := []pemFile{{files.caCert, pki.CACertPEM, 0o644}}
	if o.tlsClientCert {
		files.clientCert, files.clientKey = filepath.Join(dir, "client.pem"), filepath.Join(dir, "client-key.pem")
		write = append(write, pemFile{files.clientCert, pki.ClientCertPEM, 0o644}, pemFile{files.clientKey, pki.ClientKeyPEM, 0o600})
	}
	for _, f := range write {
		if err := writeFileAtomic(f.path, string(f.data), f.mode); err != nil {
			_ = srv.Close()
			files.remove()
			return nil, nil, err
		}
	}
	return srv, files, nil
}

// pemFile is one file startTLS writes; private keys are readable by the owner only.
type pemFile struct {
	path string
	data []byte
	mode os.FileMode
}
