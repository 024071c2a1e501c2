package fakexray

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Field names of the request body, in the order they are validated so that
// the first error reported is deterministic.
const (
	fieldConnectionName   = "connection_name"
	fieldAuthType         = "auth_type"
	fieldUsername         = "username"
	fieldPassword         = "password"
	fieldInstallationType = "installation_type"
	fieldJiraServerURL    = "jira_server_url"
	fieldSkipProxy        = "skip_proxy"
)

var stringFields = []string{
	fieldConnectionName, fieldAuthType, fieldUsername, fieldPassword,
	fieldInstallationType, fieldJiraServerURL,
}

// requestFields is a decoded create/update body that remembers which fields
// were present: an update only changes present fields, and a present
// "skip_proxy": false must be told apart from an absent one. A JSON null
// counts as absent.
type requestFields struct {
	strings   map[string]string
	skipProxy *bool
}

func (f requestFields) has(name string) bool {
	_, ok := f.strings[name]
	return ok
}

// decodeFields parses a body that must be one JSON object. Unknown fields
// are ignored, as Xray does; a known field of the wrong type is an error.
func decodeFields(body []byte) (requestFields, error) {
	f := requestFields{strings: make(map[string]string)}
	if len(bytes.TrimSpace(body)) == 0 {
		return f, fmt.Errorf("request body is required")
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(body, &raw); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) { // valid JSON, but an array, string, ...
			return f, fmt.Errorf("request body must be a JSON object")
		}
		return f, fmt.Errorf("malformed JSON request body: %v", err)
	}
	if raw == nil { // the body was the JSON literal null
		return f, fmt.Errorf("request body must be a JSON object")
	}
	for _, name := range stringFields {
		v, ok := raw[name]
		if !ok || isNull(v) {
			continue
		}
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return f, fmt.Errorf("field '%s' must be a string", name)
		}
		f.strings[name] = s
	}
	if v, ok := raw[fieldSkipProxy]; ok && !isNull(v) {
		var b bool
		if err := json.Unmarshal(v, &b); err != nil {
			return f, fmt.Errorf("field '%s' must be a boolean", fieldSkipProxy)
		}
		f.skipProxy = &b
	}
	return f, nil
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// validate checks the present fields; with requireAll (create) every string
// field must be present too. Fields are checked in a fixed order and the
// first problem is returned, naming the field.
func (f requestFields) validate(requireAll bool) error {
	for _, name := range stringFields {
		v, ok := f.strings[name]
		if !ok {
			if requireAll {
				return fmt.Errorf("field '%s' is required", name)
			}
			continue
		}
		if err := validateValue(name, v); err != nil {
			return err
		}
	}
	return nil
}

func validateValue(name, v string) error {
	empty := strings.TrimSpace(v) == ""
	if name == fieldPassword {
		empty = v == "" // a password of spaces is odd but not for us to refuse
	}
	if empty {
		return fmt.Errorf("field '%s' must not be empty", name)
	}
	switch name {
	case fieldAuthType:
		if v != "basic" {
			return fmt.Errorf("invalid %s '%s': only 'basic' is supported", name, v)
		}
	case fieldInstallationType:
		if v != "cloud" && v != "server" {
			return fmt.Errorf("invalid %s '%s': must be 'cloud' or 'server'", name, v)
		}
	case fieldJiraServerURL:
		if _, err := parseJiraURL(v); err != nil {
			return fmt.Errorf("invalid %s '%s': must be an absolute http or https URL", name, v)
		}
	}
	return nil
}

// parseJiraURL accepts absolute http(s) URLs that name a host.
func parseJiraURL(v string) (*url.URL, error) {
	u, err := url.Parse(v)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("scheme %q is not http or https", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("no host")
	}
	return u, nil
}

// apply returns base with the present fields of f written over it.
func (f requestFields) apply(base JiraIntegration) JiraIntegration {
	set := func(name string, dst *string) {
		if v, ok := f.strings[name]; ok {
			*dst = v
		}
	}
	set(fieldConnectionName, &base.ConnectionName)
	set(fieldAuthType, &base.AuthType)
	set(fieldUsername, &base.Username)
	set(fieldPassword, &base.Password)
	set(fieldInstallationType, &base.InstallationType)
	set(fieldJiraServerURL, &base.JiraServerURL)
	if f.skipProxy != nil {
		base.SkipProxy = *f.skipProxy
	}
	return base
}

// defaultJiraCheck simulates Xray connecting to Jira: a host under the
// reserved ".invalid" TLD (RFC 2606) can never resolve, so it is the
// unreachable Jira; everything else is reachable.
func defaultJiraCheck(in JiraIntegration) bool {
	u, err := parseJiraURL(in.JiraServerURL)
	if err != nil {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	return host != "invalid" && !strings.HasSuffix(host, ".invalid")
}
