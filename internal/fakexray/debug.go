package fakexray

import "net/http"

// redacted replaces passwords in /_fake/state: the debug view is printed by
// demos, and a fake should not teach anyone to print secrets.
const redacted = "<redacted>"

// HealthPath answers 200 once the fake listens and holds its seed: the readiness check of a CI
// job that started it on a known port. Like StatePath it needs no token and is not logged.
const HealthPath = "/_fake/health"

type stateResponse struct {
	Version       string             `json:"version"`
	Flavour       Flavour            `json:"flavour"`
	Integrations  []stateIntegration `json:"integrations"`
	Watches       []StoredWatch      `json:"watches"`
	RequestCounts map[string]int     `json:"request_counts"`
}

// stateIntegration is one integration as /_fake/state shows it: every field, the password
// always "<redacted>", and what the status check would answer for it.
type stateIntegration struct {
	JiraIntegration
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// serveDebug answers GET /_fake/state and /_fake/health without a token, latency or faults.
// Both are read-only: nothing under /_fake/ changes what the fake holds.
func (s *Server) serveDebug(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != StatePath && r.URL.Path != HealthPath {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == HealthPath {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
		return
	}
	list := s.Integrations()
	view := make([]stateIntegration, 0, len(list))
	for _, in := range list {
		in.Password = redacted
		status, reason := s.store.status(in.ConnectionName)
		view = append(view, stateIntegration{JiraIntegration: in, Status: status, Reason: reason})
	}
	writeJSON(w, http.StatusOK, stateResponse{
		Version:       s.cfg.version,
		Flavour:       s.cfg.flavour,
		Integrations:  view,
		Watches:       s.Watches(),
		RequestCounts: s.RequestCounts(),
	})
}
