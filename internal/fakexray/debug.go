package fakexray

import "net/http"

// redacted replaces passwords in /_fake/state: the debug view is printed by
// demos, and a fake should not teach anyone to print secrets.
const redacted = "<redacted>"

type stateResponse struct {
	Version       string            `json:"version"`
	Flavour       Flavour           `json:"flavour"`
	Integrations  []JiraIntegration `json:"integrations"`
	RequestCounts map[string]int    `json:"request_counts"`
}

// serveDebug answers GET /_fake/state without a token, latency or faults.
func (s *Server) serveDebug(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != StatePath {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
		return
	}
	list := s.Integrations()
	for i := range list {
		list[i].Password = redacted
	}
	writeJSON(w, http.StatusOK, stateResponse{
		Version:       s.cfg.version,
		Flavour:       s.cfg.flavour,
		Integrations:  list,
		RequestCounts: s.RequestCounts(),
	})
}
