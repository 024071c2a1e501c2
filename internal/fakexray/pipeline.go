package fakexray

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"time"
)

// ServeHTTP runs every API request through the same steps: buffer and log
// it, apply the fixed latency, apply an injected fault if one fires, then
// route it (route handlers check the token). /_fake/ paths skip all of that.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/_fake/") {
		s.serveDebug(w, r)
		return
	}

	// Buffer the body so the log keeps it and the handler can still read it.
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	r.Body = io.NopCloser(bytes.NewReader(body))

	// Find the route up front: faults and the log need the pattern even
	// when the handler never runs.
	_, pattern := s.api.Handler(r)

	rec := &statusRecorder{ResponseWriter: w}
	entry := s.log.add(Request{
		Time:    time.Now(),
		Method:  r.Method,
		Path:    r.URL.Path,
		Query:   r.URL.RawQuery,
		Pattern: pattern,
		Body:    string(body),
	})
	// Deferred so that the outcome is recorded even when a dropped
	// connection aborts the handler.
	defer func() { s.log.finish(entry, rec.status) }()

	if !sleep(r.Context(), s.cfg.latency) {
		return
	}
	fault, ok := s.faults.pick(r.Method, pattern, r.URL.Path, body)
	if !ok {
		s.route(rec, r)
		return
	}
	s.log.setFault(entry, fault.kind())
	if !sleep(r.Context(), fault.Latency) {
		return
	}
	switch {
	case fault.StoreThenFail:
		s.route(&discardWriter{}, r)
		if fault.DropConnection {
			dropConnection(rec)
			return
		}
		fault.respond(rec, http.StatusBadGateway)
	case fault.DropConnection:
		dropConnection(rec)
	case fault.Status != 0:
		fault.respond(rec, fault.Status)
	default:
		s.route(rec, r)
	}
}

// sleep waits for d unless ctx ends first; it reports whether the request
// should go on.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
