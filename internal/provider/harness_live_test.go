package provider

import "testing"

// A shell with JFROG_URL and JFROG_ACCESS_TOKEN (as every JFrog user has) still tests against
// the fake: only XRAY_ACC_LIVE=1 points the tests at a live Xray.
func TestJFrogEnvironmentAloneKeepsTheFake(t *testing.T) {
	t.Setenv("JFROG_URL", "https://acme.jfrog.example")
	t.Setenv("JFROG_ACCESS_TOKEN", "a-real-looking-token")
	t.Setenv("XRAY_ACC_LIVE", "")
	if realXray() {
		t.Fatal("JFROG_URL and JFROG_ACCESS_TOKEN alone switched the tests to a live Xray")
	}
	env := newTestEnv(t)
	if env.fake == nil || env.url == "https://acme.jfrog.example" {
		t.Fatalf("the test environment points at %s, want the fake", env.url)
	}
	t.Setenv("XRAY_ACC_LIVE", "1")
	if !realXray() {
		t.Error("XRAY_ACC_LIVE=1 with JFROG_URL and JFROG_ACCESS_TOKEN did not select the live Xray")
	}
}
