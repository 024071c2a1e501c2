package fakexray

import (
	"sort"
	"sync"
)

// statusOverride is a status forced by SetStatus.
type statusOverride struct {
	status string
	reason string
}

// store holds the integrations and status overrides behind one mutex.
type store struct {
	mu           sync.Mutex
	integrations map[string]JiraIntegration
	statuses     map[string]statusOverride
}

func newStore() *store {
	return &store{
		integrations: make(map[string]JiraIntegration),
		statuses:     make(map[string]statusOverride),
	}
}

func (st *store) get(name string) (JiraIntegration, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	in, ok := st.integrations[name]
	return in, ok
}

// insert stores in unless the name is taken; it reports whether it did.
func (st *store) insert(in JiraIntegration) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, taken := st.integrations[in.ConnectionName]; taken {
		return false
	}
	st.integrations[in.ConnectionName] = in
	return true
}

// replace overwrites an existing integration; it reports whether it existed,
// so an update racing a delete answers 404 instead of resurrecting it.
func (st *store) replace(in JiraIntegration) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	if _, ok := st.integrations[in.ConnectionName]; !ok {
		return false
	}
	st.integrations[in.ConnectionName] = in
	return true
}

func (st *store) put(in JiraIntegration) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.integrations[in.ConnectionName] = in
}

// remove deletes an integration and any status override for it, so a later
// integration with the same name starts healthy.
func (st *store) remove(name string) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	_, ok := st.integrations[name]
	delete(st.integrations, name)
	delete(st.statuses, name)
	return ok
}

func (st *store) list() []JiraIntegration {
	st.mu.Lock()
	out := make([]JiraIntegration, 0, len(st.integrations))
	for _, in := range st.integrations {
		out = append(out, in)
	}
	st.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].ConnectionName < out[j].ConnectionName })
	return out
}

func (st *store) setStatus(name, status, reason string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if status == "" {
		delete(st.statuses, name)
		return
	}
	st.statuses[name] = statusOverride{status: status, reason: reason}
}

// status returns what the status check reports for name.
func (st *store) status(name string) (status, reason string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if o, ok := st.statuses[name]; ok {
		return o.status, o.reason
	}
	if _, ok := st.integrations[name]; ok {
		return StatusHealthy, ""
	}
	return StatusNotFound, MsgNotFound
}

// Integration returns the stored integration, including its password.
func (s *Server) Integration(name string) (JiraIntegration, bool) { return s.store.get(name) }

// Integrations returns all stored integrations sorted by name.
func (s *Server) Integrations() []JiraIntegration { return s.store.list() }

// Put stores an integration directly, bypassing validation and the Jira
// check, e.g. an OAuth integration "made in the UI". It replaces any
// integration with the same name.
func (s *Server) Put(in JiraIntegration) { s.store.put(in) }

// Remove deletes an integration out of band (as another admin would), and
// clears any status override for it. It reports whether it existed.
func (s *Server) Remove(name string) bool { return s.store.remove(name) }

// SetStatus forces what the status check reports for name, whether or not
// the integration exists, until the integration is deleted or SetStatus is
// called with an empty status.
func (s *Server) SetStatus(name, status, reason string) { s.store.setStatus(name, status, reason) }
