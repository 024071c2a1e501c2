package fakexray

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// authorize wraps a route handler with the platform's token check: no or an
// unknown bearer token is 401; a valid non-admin token is 403 on admin-only
// (ticketing) routes. It runs after routing, so a route that does not exist
// is a plain 404 whatever the token.
func (s *Server) authorize(adminOnly bool, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r)
		grant, issued := s.issuedGrant(token) // tokens from an OIDC exchange (oidc.go)
		isAdmin := ok && (equalToken(token, s.cfg.adminToken) || issued && grant == GrantAdmin)
		isReader := ok && (s.cfg.readerToken != "" && equalToken(token, s.cfg.readerToken) || issued && grant == GrantReader)
		switch {
		case !isAdmin && !isReader:
			w.Header().Set("WWW-Authenticate", `Bearer realm="xray"`)
			writeRawJSON(w, http.StatusUnauthorized, unauthorizedBody)
		case adminOnly && !isAdmin:
			writeError(w, http.StatusForbidden, MsgForbidden)
		default:
			next(w, r)
		}
	})
}

// bearerToken extracts the token of "Authorization: Bearer <token>"; the
// scheme is case-insensitive as in RFC 7235.
func bearerToken(r *http.Request) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

func equalToken(got, want string) bool {
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
