package fakexray

import "net/http"

// Route patterns, exactly as registered on the ServeMux. They appear in
// Request.Pattern, as keys of RequestCounts and can be used in Fault.Pattern.
const (
	PatternCreate = "POST /xray/api/v1/ticketing/jira-integrations"
	// PatternReadDetails is the documented read route.
	PatternReadDetails = "GET /xray/api/v1/ticketing/jira-integrations/{name}/details"
	// PatternReadByName is the read route observed on a live server.
	PatternReadByName = "GET /xray/api/v1/ticketing/jira-integrations/{name}"
	// PatternUpdateByName is the documented update route.
	PatternUpdateByName = "PUT /xray/api/v1/ticketing/jira-integrations/{name}"
	// PatternUpdateByBody is the update route observed on a live server
	// (the name is only in the body).
	PatternUpdateByBody = "PUT /xray/api/v1/ticketing/jira-integrations"
	PatternDelete       = "DELETE /xray/api/v1/ticketing/jira-integrations/{name}"
	PatternStatus       = "GET /xray/api/v1/ticketing/integrations/status/check"
	PatternVersion      = "GET /xray/api/v1/system/version"
	PatternPing         = "GET /xray/api/v1/system/ping"
)

// StatePath is the debug endpoint; it needs no token and is not logged.
const StatePath = "/_fake/state"

// routes builds the API mux for the configured version and flavour. Routes
// that the configured Xray would not have are simply not registered, so the
// ServeMux answers them the way a real router without them does: plain-text
// 404, or 405 when another method exists on the same path.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	add := func(pattern string, admin bool, h http.HandlerFunc) {
		mux.Handle(pattern, s.authorize(admin, h))
	}
	add(PatternVersion, false, s.handleVersion)
	add(PatternPing, false, s.handlePing)
	s.addWatchRoutes(mux)

	if s.vers.atLeast(minJiraVersion) {
		documented := s.cfg.flavour != FlavourObserved
		observed := s.cfg.flavour != FlavourDocumented
		add(PatternCreate, true, s.handleCreate)
		add(PatternDelete, true, s.handleDelete)
		if documented {
			add(PatternReadDetails, true, s.handleRead)
			add(PatternUpdateByName, true, s.handleUpdateByName)
		}
		if observed {
			add(PatternReadByName, true, s.handleRead)
			add(PatternUpdateByBody, true, s.handleUpdateByBody)
		}
	}
	if s.vers.atLeast(minStatusVersion) {
		add(PatternStatus, true, s.handleStatus)
	}
	return mux
}
