package e2e

import (
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// forwardProxy is an HTTP forward proxy on 127.0.0.1 that alone resolves some made-up host
// names (to loopback): a request for those hosts succeeds only if it went through the proxy.
// It tunnels CONNECT (HTTPS) and forwards absolute-form requests (plain HTTP).
type forwardProxy struct {
	URL   string
	hosts map[string]bool // host names that resolve to 127.0.0.1

	mu   sync.Mutex
	seen []string // "CONNECT host:port" or "GET host:port", in order
}

func newForwardProxy(t *testing.T, hosts ...string) *forwardProxy {
	t.Helper()
	p := &forwardProxy{hosts: map[string]bool{}}
	for _, h := range hosts {
		p.hosts[h] = true
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	p.URL = "http://" + ln.Addr().String()
	return p
}

func (p *forwardProxy) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

// resolve maps host:port to 127.0.0.1:port for the proxy's own host names.
func (p *forwardProxy) resolve(hostport string) (string, bool) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil || !p.hosts[host] {
		return "", false
	}
	return net.JoinHostPort("127.0.0.1", port), true
}

func (p *forwardProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := r.Host
	if r.Method != http.MethodConnect {
		target = r.URL.Host
	}
	p.mu.Lock()
	p.seen = append(p.seen, r.Method+" "+target)
	p.mu.Unlock()
	addr, ok := p.resolve(target)
	if !ok {
		http.Error(w, "proxy: unknown host "+target, http.StatusBadGateway)
		return
	}
	if r.Method == http.MethodConnect {
		p.tunnel(w, addr)
		return
	}
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.URL.Host = addr
	resp, err := (&http.Transport{Proxy: nil}).RoundTrip(out)
	if err != nil {
		http.Error(w, "proxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	defer func() { _ = resp.Body.Close() }()
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
}

func (p *forwardProxy) tunnel(w http.ResponseWriter, addr string) {
	upstream, err := net.Dial("tcp", addr)
	if err != nil {
		http.Error(w, "proxy: "+err.Error(), http.StatusBadGateway)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		_ = upstream.Close()
		http.Error(w, "proxy: cannot hijack", http.StatusInternalServerError)
		return
	}
	client, buf, err := hj.Hijack()
	if err != nil {
		_ = upstream.Close()
		return
	}
	_, _ = client.Write([]byte("HTTP/1.1 200 Connection established\r\n\r\n"))
	go func() {
		_, _ = io.Copy(upstream, buf)
		_ = upstream.Close()
	}()
	_, _ = io.Copy(client, upstream)
	_ = client.Close()
}
