package fakexray

import (
	"net/http"
	"strings"
	"sync"
	"time"
)

// Request is one logged API request.
type Request struct {
	Time    time.Time // when it arrived
	Method  string
	Path    string // decoded URL path
	Query   string // raw query string, without "?"
	Pattern string // matched route pattern (e.g. PatternReadDetails), "" if none
	Status  int    // status sent to the client; 0 if none (dropped or cancelled)
	Body    string // request body as received
	Fault   string // kind of injected fault applied ("status", "latency", "store-then-fail", "drop"), "" if none
}

// countKey is the RequestCounts key: "METHOD path-pattern" for a matched
// route (equal to the pattern itself for its own method) and
// "METHOD path (unmatched)" otherwise, so missing routes stand out.
func (r Request) countKey() string {
	if r.Pattern == "" {
		return r.Method + " " + r.Path + " (unmatched)"
	}
	_, path, _ := strings.Cut(r.Pattern, " ")
	return r.Method + " " + path
}

// requestLog keeps entries in arrival order. An entry is added when a
// request arrives and completed when it ends, so a request whose connection
// was dropped is already in the log when the client notices.
type requestLog struct {
	mu       sync.Mutex
	requests []*Request
	counts   map[string]int
}

func newRequestLog() *requestLog { return &requestLog{counts: make(map[string]int)} }

func (l *requestLog) add(r Request) *Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := &r
	l.requests = append(l.requests, p)
	l.counts[r.countKey()]++
	return p
}

// setFault records, as soon as it is picked, the fault applied to an entry
// returned by add.
func (l *requestLog) setFault(p *Request, kind string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p.Fault = kind
}

// finish records the status sent for an entry returned by add. After
// ResetRequests the entry is no longer listed, which is harmless.
func (l *requestLog) finish(p *Request, status int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	p.Status = status
}

// Requests returns a copy of the request log in arrival order. A request
// still being served has Status 0. Requests to /_fake/ are not logged.
func (s *Server) Requests() []Request {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	out := make([]Request, len(s.log.requests))
	for i, p := range s.log.requests {
		out[i] = *p
	}
	return out
}

// RequestCounts returns how many requests each route received, keyed by
// "METHOD pattern", e.g. "GET /xray/api/v1/ticketing/jira-integrations/{name}/details".
func (s *Server) RequestCounts() map[string]int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	out := make(map[string]int, len(s.log.counts))
	for k, v := range s.log.counts {
		out[k] = v
	}
	return out
}

// ResetRequests empties the request log and counts.
func (s *Server) ResetRequests() {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.requests = nil
	s.log.counts = make(map[string]int)
}

// statusRecorder remembers the status written through it. Unwrap lets
// http.ResponseController reach the connection (for dropped connections).
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// discardWriter is the response writer of a "store then fail" request: the
// handler runs for its side effects and its answer is lost.
type discardWriter struct {
	header http.Header
	status int
}

func (w *discardWriter) Header() http.Header {
	if w.header == nil {
		w.header = make(http.Header)
	}
	return w.header
}

func (w *discardWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

func (w *discardWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return len(b), nil
}
