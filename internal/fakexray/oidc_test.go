package fakexray

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func exchangeBody(provider, subjectToken string) string {
	b, _ := json.Marshal(map[string]string{
		"grant_type": GrantTypeTokenExchange, "subject_token_type": TokenTypeIDToken,
		"subject_token": subjectToken, "provider_name": provider,
	})
	return string(b)
}

// accessErrors decodes the platform's {"errors": [{"code", "message"}]} shape.
func (r response) accessError(t *testing.T, status int, messagePart string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d (body %q)", r.status, status, r.body)
	}
	var out struct {
		Errors []struct{ Code, Message string } `json:"errors"`
	}
	if err := json.Unmarshal([]byte(r.body), &out); err != nil || len(out.Errors) != 1 || out.Errors[0].Code == "" {
		t.Fatalf("body %q is not the platform's error shape", r.body)
	}
	if !strings.Contains(out.Errors[0].Message, messagePart) {
		t.Fatalf("message %q lacks %q", out.Errors[0].Message, messagePart)
	}
}

// The exchange as DESIGN.md describes it: a JWT-shaped subject token for a configured
// integration buys an access token that Xray accepts with the integration's grant.
func TestOIDCExchangeIssuesTokensXrayAccepts(t *testing.T) {
	srv := NewTestServer(t)
	srv.AddOIDCIntegration(OIDCIntegration{Name: "admin"})
	srv.AddOIDCIntegration(OIDCIntegration{Name: "reader", Grant: GrantReader})
	srv.AddOIDCIntegration(OIDCIntegration{Name: "none", Grant: GrantNone})
	wantStatus := map[string]int{"admin": http.StatusOK, "reader": http.StatusForbidden, "none": http.StatusUnauthorized}
	for provider, want := range wantStatus {
		res := call(t, srv, http.MethodPost, "/access/api/v1/oidc/token", "", exchangeBody(provider, MintIDToken("repo:acme", "jfrog")))
		res.expect(t, http.StatusOK, "issued_token_type", "urn:ietf:params:oauth:token-type:access_token")
		token, _ := res.object(t)["access_token"].(string)
		if token == "" {
			t.Fatalf("%s: no access_token in %q", provider, res.body)
		}
		got := call(t, srv, http.MethodPost, jiraBase, token, body("via-"+provider, nil))
		if got.status != want {
			t.Errorf("create with a token of %q: status %d, want %d", provider, got.status, want)
		}
	}
	x := srv.OIDCExchanges()
	if len(x) != 3 || x[0].Subject != "repo:acme" || x[0].Audience != "jfrog" {
		t.Errorf("exchanges %+v, want three for subject repo:acme, audience jfrog", x)
	}
}

func TestOIDCExchangeRefusals(t *testing.T) {
	srv := NewTestServer(t)
	srv.AddOIDCIntegration(OIDCIntegration{Name: "ci", RejectSubjects: []string{"repo:evil"}})
	good := MintIDToken("repo:acme", "")
	cases := []struct {
		name, body string
		status     int
		message    string
	}{
		{"not JSON", "{", 400, "not valid JSON"},
		{"wrong grant", strings.Replace(exchangeBody("ci", good), "token-exchange", "password", 1), 400, "grant_type"},
		{"wrong subject type", strings.Replace(exchangeBody("ci", good), "id_token", "saml2", 1), 400, "subject_token_type"},
		{"no provider", exchangeBody("", good), 400, "provider_name"},
		{"unknown provider", exchangeBody("nope", good), 404, `"nope" does not exist`},
		{"not a JWT", exchangeBody("ci", "opaque-token"), 401, "not a valid JWT"},
		{"bad JWT payload", exchangeBody("ci", strings.Split(good, ".")[0]+".!!.sig"), 401, "not a valid JWT"},
		{"rejected subject", exchangeBody("ci", MintIDToken("repo:evil", "")), 401, "identity mapping"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			call(t, srv, http.MethodPost, "/access/api/v1/oidc/token", "", tc.body).accessError(t, tc.status, tc.message)
		})
	}
}

func TestActionsTokenServer(t *testing.T) {
	a := NewActionsTokenServer(t, "repo:acme", nil)
	req, _ := http.NewRequest(http.MethodGet, a.RequestURL+"&audience=jfrog", nil)
	req.Header.Set("Authorization", "Bearer "+a.RequestToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct{ Value string }
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
		t.Fatalf("status %d, %v", res.StatusCode, err)
	}
	claims, err := parseJWTClaims(out.Value)
	if err != nil || claims.Sub != "repo:acme" || claims.audience() != "jfrog" {
		t.Errorf("minted token claims %+v, %v", claims, err)
	}
	req.Header.Set("Authorization", "Bearer wrong")
	res2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if res2.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong request token got %d, want 401", res2.StatusCode)
	}
}
