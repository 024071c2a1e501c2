package fakexray

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
)

// PatternOIDCToken is JFrog Access's OIDC token exchange (DESIGN.md, "Xray's API"). It needs no
// bearer token: the subject token is the credential.
const PatternOIDCToken = "POST /access/api/v1/oidc/token"

// The token-exchange values the exchange requires (RFC 8693, as JFrog uses them).
const (
	GrantTypeTokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange"
	TokenTypeIDToken       = "urn:ietf:params:oauth:token-type:id_token"
	tokenTypeAccessToken   = "urn:ietf:params:oauth:token-type:access_token"
)

// Grant is what a token issued by an OIDC exchange may do on Xray.
type Grant int

const (
	// GrantAdmin tokens are accepted like the admin token (the default).
	GrantAdmin Grant = iota
	// GrantReader tokens are accepted like the reader token: 403 on ticketing routes.
	GrantReader
	// GrantNone tokens are issued but unknown to Xray: 401 everywhere, as a token of a
	// platform user without Xray access or one revoked right after issue.
	GrantNone
)

// OIDCIntegration is an OIDC integration configured in the platform, addressed by Name as
// the exchange's provider_name.
type OIDCIntegration struct {
	Name  string
	Grant Grant
	// RejectSubjects are `sub` claims the integration's identity mappings do not match: the
	// exchange answers 401 for them.
	RejectSubjects []string
}

// OIDCExchange records one successful or refused exchange, for tests to assert on.
type OIDCExchange struct {
	ProviderName string
	Subject      string // the subject token's `sub` claim, "" if it had none
	Audience     string // its `aud` claim as a string, "" if none
	Status       int
	IssuedToken  string // "" when refused
}

type oidcState struct {
	mu           sync.Mutex
	integrations map[string]OIDCIntegration
	issued       map[string]Grant
	exchanges    []OIDCExchange
}

// AddOIDCIntegration configures an OIDC integration (replacing one of the same name).
func (s *Server) AddOIDCIntegration(in OIDCIntegration) {
	s.oidc.mu.Lock()
	defer s.oidc.mu.Unlock()
	if s.oidc.integrations == nil {
		s.oidc.integrations = map[string]OIDCIntegration{}
	}
	s.oidc.integrations[in.Name] = in
}

// OIDCExchanges returns every exchange request that named a provider, in order.
func (s *Server) OIDCExchanges() []OIDCExchange {
	s.oidc.mu.Lock()
	defer s.oidc.mu.Unlock()
	return append([]OIDCExchange(nil), s.oidc.exchanges...)
}

// issuedGrant reports the grant of a token issued by an exchange.
func (s *Server) issuedGrant(token string) (Grant, bool) {
	s.oidc.mu.Lock()
	defer s.oidc.mu.Unlock()
	g, ok := s.oidc.issued[token]
	return g, ok
}

// registerOIDC adds the exchange to the API mux; it exists on every version, as Access is a
// separate service of the platform.
func (s *Server) registerOIDC(mux *http.ServeMux) {
	mux.HandleFunc(PatternOIDCToken, s.handleOIDCToken)
}

type oidcTokenRequest struct {
	GrantType        string `json:"grant_type"`
	SubjectTokenType string `json:"subject_token_type"`
	SubjectToken     string `json:"subject_token"`
	ProviderName     string `json:"provider_name"`
}

func (s *Server) handleOIDCToken(w http.ResponseWriter, r *http.Request) {
	var in oidcTokenRequest
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeAccessError(w, http.StatusBadRequest, "BAD_REQUEST", "the body is not valid JSON")
		return
	}
	switch {
	case in.GrantType != GrantTypeTokenExchange:
		writeAccessError(w, http.StatusBadRequest, "BAD_REQUEST", fmt.Sprintf("unsupported grant_type %q", in.GrantType))
		return
	case in.SubjectTokenType != TokenTypeIDToken:
		writeAccessError(w, http.StatusBadRequest, "BAD_REQUEST", fmt.Sprintf("unsupported subject_token_type %q", in.SubjectTokenType))
		return
	case in.ProviderName == "":
		writeAccessError(w, http.StatusBadRequest, "BAD_REQUEST", "provider_name is required")
		return
	}
	claims, jwtErr := parseJWTClaims(in.SubjectToken)
	rec := OIDCExchange{ProviderName: in.ProviderName, Subject: claims.Sub, Audience: claims.audience()}

	s.oidc.mu.Lock()
	defer s.oidc.mu.Unlock()
	integ, known := s.oidc.integrations[in.ProviderName]
	status, code, msg := http.StatusOK, "", ""
	switch {
	case !known:
		status, code, msg = http.StatusNotFound, "NOT_FOUND", fmt.Sprintf("OIDC integration %q does not exist", in.ProviderName)
	case jwtErr != nil:
		status, code, msg = http.StatusUnauthorized, "UNAUTHORIZED", "the subject token is not a valid JWT: "+jwtErr.Error()
	case slices.Contains(integ.RejectSubjects, claims.Sub):
		status, code, msg = http.StatusUnauthorized, "UNAUTHORIZED", fmt.Sprintf("no identity mapping of OIDC integration %q matches the token's claims", in.ProviderName)
	}
	if status != http.StatusOK {
		rec.Status = status
		s.oidc.exchanges = append(s.oidc.exchanges, rec)
		writeAccessError(w, status, code, msg)
		return
	}
	token := "oidc-issued-" + randomHex(16)
	if s.oidc.issued == nil {
		s.oidc.issued = map[string]Grant{}
	}
	s.oidc.issued[token] = integ.Grant
	rec.Status, rec.IssuedToken = status, token
	s.oidc.exchanges = append(s.oidc.exchanges, rec)
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": token, "token_type": "Bearer", "expires_in": 3600, "issued_token_type": tokenTypeAccessToken,
	})
}

// writeAccessError answers in the platform's error shape, {"errors": [{"code", "message"}]}.
func writeAccessError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]string{{"code": code, "message": msg}}})
}

type jwtClaims struct {
	Sub string `json:"sub"`
	Aud any    `json:"aud"`
}

func (c jwtClaims) audience() string {
	switch a := c.Aud.(type) {
	case string:
		return a
	case []any:
		parts := make([]string, 0, len(a))
		for _, p := range a {
			parts = append(parts, fmt.Sprint(p))
		}
		return strings.Join(parts, ",")
	}
	return ""
}

// parseJWTClaims checks that token has the shape of a signed JWT (three base64url parts, a
// JSON header naming an alg, a JSON payload) and returns its claims. Signatures are not
// checked: the fake trusts whoever mints tokens in the test.
func parseJWTClaims(token string) (jwtClaims, error) {
	var claims jwtClaims
	parts := strings.Split(token, ".")
	if len(parts) != 3 || parts[2] == "" {
		return claims, fmt.Errorf("want three dot-separated parts")
	}
	var header struct {
		Alg string `json:"alg"`
	}
	if err := decodeJWTPart(parts[0], &header); err != nil || header.Alg == "" {
		return claims, fmt.Errorf("the header is not base64url JSON with an alg")
	}
	if err := decodeJWTPart(parts[1], &claims); err != nil {
		return claims, fmt.Errorf("the payload is not base64url JSON")
	}
	return claims, nil
}

func decodeJWTPart(part string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(part)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// MintIDToken returns a JWT-shaped ID token with the given subject and audience, as a CI system
// would hand a job. Its signature is random bytes: the fake does not verify it.
func MintIDToken(subject, audience string) string {
	enc := func(v any) string {
		b, _ := json.Marshal(v) // maps of strings always marshal
		return base64.RawURLEncoding.EncodeToString(b)
	}
	claims := map[string]any{"sub": subject, "iss": "https://ci.example.test", "jti": randomHex(8)}
	if audience != "" {
		claims["aud"] = audience
	}
	return enc(map[string]string{"alg": "RS256", "typ": "JWT"}) + "." + enc(claims) + "." + randomHex(16)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}
