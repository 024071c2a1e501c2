package fakexray

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
)

// Watch route patterns, as registered on the ServeMux (see routes.go for the others).
const (
	PatternWatchCreate = "POST /xray/api/v2/watches"
	PatternWatchList   = "GET /xray/api/v2/watches"
	PatternWatchRead   = "GET /xray/api/v2/watches/{name}"
	PatternWatchUpdate = "PUT /xray/api/v2/watches/{name}"
	PatternWatchDelete = "DELETE /xray/api/v2/watches/{name}"
)

// Messages of the watch endpoints. "Watch not found", "Watch name is empty" and the 409 text
// are documented (API.md, "Watches"); the info texts and the others are the fake's own.
const (
	MsgWatchCreated   = "Watch has been successfully created"
	MsgWatchUpdated   = "Watch has been successfully updated"
	MsgWatchDeleted   = "Watch has been successfully deleted"
	MsgWatchNotFound  = "Watch not found"
	MsgWatchNameEmpty = "Watch name is empty"
)

// Ticketing fields of a watch, at the top level of the watch object (API.md, "Watches").
const (
	WatchFieldCreateTicketEnabled = "create_ticket_enabled"
	WatchFieldTicketProfile       = "ticket_profile"
	WatchFieldTicketGeneration    = "ticket_generation"
)

// DefaultTicketGeneration is what a GET answers as ticket_generation for a watch with no ticket
// profile. Xray answers "a default ticket_generation" there (API.md); its exact content is not
// documented, so the fake answers every switch off and no mapping, in the shape of PR #392.
const DefaultTicketGeneration = `{"create_duplicate_tickets":{"by_version":{"build":false,"package":false,"release_bundle":false}},"impact_path_profiles_mapping":{"include":[]},"create_tickets_for_ignored_violation":false}`

// A watch is kept as its top-level fields, each value the compacted JSON it was sent as: the
// fake knows only a few fields, and everything else must come back as it went in. PUT replaces
// the whole object, so a body that leaves a field out clears it, as Xray documents.
type watch map[string]json.RawMessage

// watchKey names a watch: Xray scopes watches by project (?projectKey=), "" being global.
type watchKey struct{ project, name string }

type watchStore struct {
	mu      sync.Mutex
	watches map[watchKey]watch
}

func newWatchStore() *watchStore { return &watchStore{watches: make(map[watchKey]watch)} }

func (ws *watchStore) get(k watchKey) (watch, bool) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	w, ok := ws.watches[k]
	return w, ok
}

// insert stores w unless the name is taken; it reports whether it did.
func (ws *watchStore) insert(k watchKey, w watch) bool {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if _, taken := ws.watches[k]; taken {
		return false
	}
	ws.watches[k] = w
	return true
}

// replace overwrites an existing watch; it reports whether the watch existed.
func (ws *watchStore) replace(k watchKey, w watch) bool {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if _, ok := ws.watches[k]; !ok {
		return false
	}
	ws.watches[k] = w
	return true
}

func (ws *watchStore) put(k watchKey, w watch) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	ws.watches[k] = w
}

func (ws *watchStore) remove(k watchKey) bool {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	_, ok := ws.watches[k]
	delete(ws.watches, k)
	return ok
}

// list returns the watches of one project scope sorted by name.
func (ws *watchStore) list(project string) []watch {
	ws.mu.Lock()
	keys := make([]watchKey, 0, len(ws.watches))
	for k := range ws.watches {
		if k.project == project {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].name < keys[j].name })
	out := make([]watch, 0, len(keys))
	for _, k := range keys {
		out = append(out, ws.watches[k])
	}
	ws.mu.Unlock()
	return out
}

// all returns every watch with its project, sorted by project then name (for /_fake/state).
func (ws *watchStore) all() []StoredWatch {
	ws.mu.Lock()
	out := make([]StoredWatch, 0, len(ws.watches))
	for k, w := range ws.watches {
		out = append(out, StoredWatch{ProjectKey: k.project, Name: k.name, Watch: w.encode()})
	}
	ws.mu.Unlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].ProjectKey != out[j].ProjectKey {
			return out[i].ProjectKey < out[j].ProjectKey
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// parseWatch decodes a watch body: one JSON object whose general_data.name (the watch's name in
// Xray's watch shape) is a non-empty string, and whose ticketing fields, when present and not
// null, have the types PR #392 reads. Every value is kept compacted and otherwise untouched.
func parseWatch(body []byte) (watch, string, error) {
	var w watch
	if err := json.Unmarshal(body, &w); err != nil || w == nil {
		return nil, "", fmt.Errorf("invalid watch: the body must be a JSON object")
	}
	for k, v := range w {
		var buf bytes.Buffer
		if err := json.Compact(&buf, v); err != nil {
			return nil, "", fmt.Errorf("invalid watch: field '%s': %v", k, err)
		}
		w[k] = buf.Bytes()
	}
	var general struct {
		Name *string `json:"name"`
	}
	if g, ok := w["general_data"]; ok {
		if err := json.Unmarshal(g, &general); err != nil {
			return nil, "", fmt.Errorf("invalid watch: field 'general_data' must be an object with a string 'name'")
		}
	}
	if general.Name == nil || *general.Name == "" {
		return nil, "", fmt.Errorf("%s", MsgWatchNameEmpty)
	}
	if err := w.checkTicketing(); err != nil {
		return nil, "", err
	}
	return w, *general.Name, nil
}

// ticketGeneration is ticket_generation's shape (PR #392), decoded only to check its types:
// the stored value stays the raw JSON that was sent.
type ticketGeneration struct {
	CreateDuplicateTickets *struct {
		ByVersion *struct {
			Build         *bool `json:"build"`
			Package       *bool `json:"package"`
			ReleaseBundle *bool `json:"release_bundle"`
		} `json:"by_version"`
	} `json:"create_duplicate_tickets"`
	ImpactPathProfilesMapping *struct {
		Include []struct {
			Profile string `json:"profile"`
			Pattern string `json:"pattern"`
		} `json:"include"`
	} `json:"impact_path_profiles_mapping"`
	CreateTicketsForIgnoredViolation *bool `json:"create_tickets_for_ignored_violation"`
}

func (w watch) checkTicketing() error {
	checks := []struct {
		field, want string
		into        any
	}{
		{WatchFieldCreateTicketEnabled, "a boolean", new(bool)},
		{WatchFieldTicketProfile, "a string", new(string)},
		{WatchFieldTicketGeneration, "an object of ticket generation settings", new(ticketGeneration)},
	}
	for _, c := range checks {
		v, ok := w[c.field]
		if !ok || isNull(v) {
			continue
		}
		if err := json.Unmarshal(v, c.into); err != nil {
			return fmt.Errorf("invalid watch: field '%s' must be %s", c.field, c.want)
		}
	}
	return nil
}

// hasProfile reports whether the watch names a ticket profile.
func (w watch) hasProfile() bool {
	var profile string
	v, ok := w[WatchFieldTicketProfile]
	return ok && json.Unmarshal(v, &profile) == nil && profile != ""
}

// view is what a GET answers: the stored watch, except that a watch with no ticket profile
// answers the default ticket_generation, as Xray does (API.md).
func (w watch) view() watch {
	if w.hasProfile() {
		return w
	}
	out := make(watch, len(w)+1)
	for k, v := range w {
		out[k] = v
	}
	out[WatchFieldTicketGeneration] = json.RawMessage(DefaultTicketGeneration)
	return out
}

// encode is the watch as one JSON object, keys sorted. The values are stored compacted, so
// this cannot fail.
func (w watch) encode() json.RawMessage {
	b, _ := json.Marshal(map[string]json.RawMessage(w))
	return b
}

func watchKeyOf(r *http.Request) watchKey {
	return watchKey{project: r.URL.Query().Get("projectKey"), name: r.PathValue("name")}
}

// readWatchBody reads and parses a create/update body, answering 400 itself when it cannot.
func readWatchBody(w http.ResponseWriter, r *http.Request) (watch, string, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil || len(body) > maxBodyBytes {
		writeError(w, http.StatusBadRequest, "invalid watch: could not read the request body")
		return nil, "", false
	}
	parsed, name, err := parseWatch(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return nil, "", false
	}
	return parsed, name, true
}

func (s *Server) handleWatchCreate(w http.ResponseWriter, r *http.Request) {
	parsed, name, ok := readWatchBody(w, r)
	if !ok {
		return
	}
	k := watchKey{project: r.URL.Query().Get("projectKey"), name: name}
	if !s.watches.insert(k, parsed) {
		writeError(w, http.StatusConflict, fmt.Sprintf("Watch with name %s already exists", name))
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"info": MsgWatchCreated})
}

func (s *Server) handleWatchList(w http.ResponseWriter, r *http.Request) {
	list := s.watches.list(r.URL.Query().Get("projectKey"))
	out := make([]json.RawMessage, 0, len(list))
	for _, wt := range list {
		out = append(out, wt.view().encode())
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleWatchRead(w http.ResponseWriter, r *http.Request) {
	wt, ok := s.watches.get(watchKeyOf(r))
	if !ok {
		writeError(w, http.StatusNotFound, MsgWatchNotFound)
		return
	}
	writeRawJSON(w, http.StatusOK, string(wt.view().encode()))
}

// handleWatchUpdate replaces the whole watch with the body. The name in the body must be the
// one in the path: a watch cannot be renamed this way (the fake's rule; Xray's is not known).
func (s *Server) handleWatchUpdate(w http.ResponseWriter, r *http.Request) {
	parsed, name, ok := readWatchBody(w, r)
	if !ok {
		return
	}
	k := watchKeyOf(r)
	if name != k.name {
		writeError(w, http.StatusBadRequest, fmt.Sprintf(
			"invalid watch: the name in the body ('%s') is not the watch '%s' in the path", name, k.name))
		return
	}
	if !s.watches.replace(k, parsed) {
		writeError(w, http.StatusNotFound, MsgWatchNotFound)
		return
	}
	writeInfo(w, MsgWatchUpdated)
}

func (s *Server) handleWatchDelete(w http.ResponseWriter, r *http.Request) {
	if !s.watches.remove(watchKeyOf(r)) {
		writeError(w, http.StatusNotFound, MsgWatchNotFound)
		return
	}
	writeInfo(w, MsgWatchDeleted)
}

// addWatchRoutes registers the watch endpoints. Watches need a token with admin rights here
// (in Xray, the "Manage Watches" permission, which an admin has).
func (s *Server) addWatchRoutes(mux *http.ServeMux) {
	for pattern, h := range map[string]http.HandlerFunc{
		PatternWatchCreate: s.handleWatchCreate,
		PatternWatchList:   s.handleWatchList,
		PatternWatchRead:   s.handleWatchRead,
		PatternWatchUpdate: s.handleWatchUpdate,
		PatternWatchDelete: s.handleWatchDelete,
	} {
		mux.Handle(pattern, s.authorize(true, h))
	}
}

// StoredWatch is one stored watch as tests and /_fake/state see it: exactly what the last
// create, update or seed stored (without the default ticket_generation a GET adds).
type StoredWatch struct {
	ProjectKey string          `json:"project_key,omitempty"`
	Name       string          `json:"name"`
	Watch      json.RawMessage `json:"watch"`
}

// Watch returns the stored watch (project "" is the global scope) as one JSON object, keys
// sorted, each value as it was sent (compacted): what the last PUT stored, not what a GET adds.
func (s *Server) Watch(project, name string) (json.RawMessage, bool) {
	w, ok := s.watches.get(watchKey{project: project, name: name})
	if !ok {
		return nil, false
	}
	return w.encode(), true
}

// WatchFields returns the stored watch's top-level fields, each value compacted JSON.
func (s *Server) WatchFields(project, name string) (map[string]json.RawMessage, bool) {
	w, ok := s.watches.get(watchKey{project: project, name: name})
	if !ok {
		return nil, false
	}
	out := make(map[string]json.RawMessage, len(w))
	for k, v := range w {
		out[k] = v
	}
	return out, true
}

// Watches returns every stored watch, sorted by project then name.
func (s *Server) Watches() []StoredWatch { return s.watches.all() }

// PutWatch stores a watch out of band, as an edit in Xray's UI would, replacing any watch of the
// same name in that project. It refuses what the API would refuse.
func (s *Server) PutWatch(project string, body json.RawMessage) error {
	w, name, err := parseWatch(body)
	if err != nil {
		return err
	}
	s.watches.put(watchKey{project: project, name: name}, w)
	return nil
}

// RemoveWatch deletes a watch out of band; it reports whether it existed.
func (s *Server) RemoveWatch(project, name string) bool {
	return s.watches.remove(watchKey{project: project, name: name})
}
