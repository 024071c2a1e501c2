package fakexray

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// maxBodyBytes bounds what a request body may be; Xray bodies are tiny.
const maxBodyBytes = 1 << 20

func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request) {
	fields, ok := readFields(w, r)
	if !ok {
		return
	}
	if err := fields.validate(true); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	in := fields.apply(JiraIntegration{})
	// Check the name before contacting Jira (cheap first), and again when
	// storing, because a concurrent create may win in between.
	if _, exists := s.store.get(in.ConnectionName); exists {
		writeError(w, http.StatusBadRequest, duplicateMessage(in.ConnectionName))
		return
	}
	if !s.jiraReachable(in) {
		writeError(w, http.StatusBadRequest, MsgJiraUnreachable)
		return
	}
	if !s.store.insert(in) {
		writeError(w, http.StatusBadRequest, duplicateMessage(in.ConnectionName))
		return
	}
	writeInfo(w, MsgCreated)
}

func duplicateMessage(name string) string {
	return fmt.Sprintf("Integration with name '%s' already exists", name)
}

// handleRead serves both read flavours; they answer the same.
func (s *Server) handleRead(w http.ResponseWriter, r *http.Request) {
	in, ok := s.store.get(r.PathValue("name"))
	if !ok {
		writeError(w, http.StatusNotFound, MsgNotFound)
		return
	}
	writeJSON(w, http.StatusOK, viewOf(in))
}

// handleUpdateByName is the documented flavour: the name is in the path and
// a connection_name in the body, if any, must be the same (no renaming).
func (s *Server) handleUpdateByName(w http.ResponseWriter, r *http.Request) {
	fields, ok := readFields(w, r)
	if !ok {
		return
	}
	name := r.PathValue("name")
	if fields.has(fieldConnectionName) {
		if err := validateValue(fieldConnectionName, fields.strings[fieldConnectionName]); err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		if body := fields.strings[fieldConnectionName]; body != name {
			writeError(w, http.StatusBadRequest, fmt.Sprintf(
				"field 'connection_name' ('%s') does not match the integration '%s' in the path: renaming is not possible", body, name))
			return
		}
	}
	s.update(w, name, fields)
}

// handleUpdateByBody is the observed flavour: the name is only in the body.
func (s *Server) handleUpdateByBody(w http.ResponseWriter, r *http.Request) {
	fields, ok := readFields(w, r)
	if !ok {
		return
	}
	if !fields.has(fieldConnectionName) {
		writeError(w, http.StatusBadRequest, "field 'connection_name' is required")
		return
	}
	s.update(w, fields.strings[fieldConnectionName], fields)
}

// update validates the present fields, merges them into the stored record
// and runs the Jira check on the merged result, as Xray reconnects on save.
func (s *Server) update(w http.ResponseWriter, name string, fields requestFields) {
	if err := fields.validate(false); err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	current, ok := s.store.get(name)
	if !ok {
		writeError(w, http.StatusNotFound, MsgNotFound)
		return
	}
	merged := fields.apply(current)
	merged.ConnectionName = name
	if !s.jiraReachable(merged) {
		writeError(w, http.StatusBadRequest, MsgJiraUnreachable)
		return
	}
	if !s.store.replace(merged) {
		writeError(w, http.StatusNotFound, MsgNotFound)
		return
	}
	writeInfo(w, MsgUpdated)
}

func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	if !s.store.remove(r.PathValue("name")) {
		writeError(w, http.StatusNotFound, MsgNotFound)
		return
	}
	writeInfo(w, MsgDeleted)
}

type statusResponse struct {
	Status          string `json:"status"`
	Reason          string `json:"reason"`
	Time            string `json:"time"`
	IntegrationName string `json:"integration_name"`
}

// handleStatus answers 200 even for a missing integration: the outcome is
// in the status field, as documented.
func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("integrationName")
	if name == "" {
		writeError(w, http.StatusBadRequest, "query parameter 'integrationName' is required")
		return
	}
	status, reason := s.store.status(name)
	writeJSON(w, http.StatusOK, statusResponse{
		Status:          status,
		Reason:          reason,
		Time:            time.Now().UTC().Format(time.RFC3339),
		IntegrationName: name,
	})
}

func (s *Server) handleVersion(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"xray_version": s.cfg.version, "xray_revision": "fake"})
}

func (s *Server) handlePing(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "pong"})
}

// readFields decodes the body of a create/update, answering 400 itself when
// it cannot.
func readFields(w http.ResponseWriter, r *http.Request) (requestFields, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes+1))
	if err != nil {
		writeError(w, http.StatusBadRequest, "could not read request body")
		return requestFields{}, false
	}
	if len(body) > maxBodyBytes {
		writeError(w, http.StatusBadRequest, "request body too large")
		return requestFields{}, false
	}
	fields, err := decodeFields(body)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return requestFields{}, false
	}
	return fields, true
}

func writeInfo(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusOK, map[string]string{"info": msg})
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}

// writeJSON does not HTML-escape: Xray answers plain JSON, and names or
// messages with <, > or & should reach clients (and demo output) as sent.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil { // cannot happen for the types used here
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	writeRawJSON(w, status, strings.TrimSuffix(buf.String(), "\n"))
}

func writeRawJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
