package xray

import (
	"net/http"
	"testing"
	"time"
)

// A proxy's 502 or 504 with Retry-After still gets jitter, so parallel resources spread out.
func TestBackoffKeepsJitterOnGatewayErrorsWithRetryAfter(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusGatewayTimeout} {
		resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {"1"}}}
		seen := map[time.Duration]bool{}
		for range 50 {
			d := jitteredBackoff(100*time.Millisecond, 4*time.Second, 2, resp)
			if d > 4*time.Second || d <= 0 {
				t.Fatalf("HTTP %d: backoff %s outside (0, 4s]", status, d)
			}
			seen[d] = true
		}
		if len(seen) < 10 {
			t.Errorf("HTTP %d with Retry-After: %d distinct waits in 50, want jitter", status, len(seen))
		}
	}
	// 429 and 503 keep honouring the server's Retry-After.
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {"2"}}}
		if d := jitteredBackoff(100*time.Millisecond, 4*time.Second, 0, resp); d != 2*time.Second {
			t.Errorf("HTTP %d with Retry-After: 2: waited %s, want 2s", status, d)
		}
	}
}

// MeanBackoff is jitteredBackoff's mean: the server's Retry-After where it is honoured, else the
// middle of the jittered range, which a thousand draws come close to.
func TestMeanBackoffIsTheBackoffsMean(t *testing.T) {
	for _, c := range []struct {
		attempt int
		resp    *http.Response
	}{
		{0, nil},
		{2, &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{}}},
		{6, nil}, // capped at the maximum
		{0, &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"1"}}}},
		{1, &http.Response{StatusCode: http.StatusBadGateway, Header: http.Header{"Retry-After": {"1"}}}},
	} {
		var sum time.Duration
		const draws = 1000
		for range draws {
			sum += jitteredBackoff(DefaultRetryWaitMin, DefaultRetryWaitMax, c.attempt, c.resp)
		}
		mean, got := sum/draws, MeanBackoff(c.attempt, c.resp)
		if diff := mean - got; diff < -got/20 || diff > got/20 {
			t.Errorf("attempt %d, %v: MeanBackoff %s, but %d draws average %s", c.attempt, c.resp, got, draws, mean)
		}
	}
}
