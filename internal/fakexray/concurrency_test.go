package fakexray

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// TestConcurrentUse exercises the store, the log and the faults from many
// goroutines at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	srv := NewTestServer(t)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}
	do := func(method, path, payload string) (int, error) {
		var rd io.Reader
		if payload != "" {
			rd = strings.NewReader(payload)
		}
		req, err := http.NewRequest(method, srv.URL()+path, rd)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Authorization", "Bearer "+srv.AdminToken())
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, nil
	}

	const workers, rounds = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*rounds*5+workers)
	var created atomic.Int32

	// Everyone races to create the same name: exactly one wins.
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, err := do(http.MethodPost, jiraBase, body("shared", nil))
			switch {
			case err != nil:
				errs <- err
			case status == 200:
				created.Add(1)
			case status != 400:
				errs <- fmt.Errorf("shared create: %d", status)
			}
		}()
	}

	// Full lifecycles on distinct names, mixed with test-API calls.
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				name := fmt.Sprintf("w%d-%d", w, i)
				steps := []struct {
					method, path, payload string
					want                  int
				}{
					{http.MethodPost, jiraBase, body(name, nil), 200},
					{http.MethodGet, jiraBase + "/" + name + "/details", "", 200},
					{http.MethodPut, jiraBase + "/" + name, `{"skip_proxy":true}`, 200},
					{http.MethodGet, statusPath + "?integrationName=" + name, "", 200},
					{http.MethodDelete, jiraBase + "/" + name, "", 200},
				}
				for _, s := range steps {
					status, err := do(s.method, s.path, s.payload)
					if err == nil && status != s.want {
						err = fmt.Errorf("%s %s: %d, want %d", s.method, s.path, status, s.want)
					}
					if err != nil {
						errs <- err
					}
				}
				_ = srv.Requests()
				_ = srv.RequestCounts()
				_ = srv.Integrations()
				srv.SetStatus(name, StatusFaultyConfiguration, "")
				srv.Inject(Fault{PathContains: "/never-requested", Status: 500})
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if created.Load() != 1 {
		t.Fatalf("%d concurrent creates of one name succeeded", created.Load())
	}
	if got := srv.RequestCounts()[PatternCreate]; got != workers+workers*rounds {
		t.Fatalf("create count %d", got)
	}
	if n := len(srv.Integrations()); n != 1 {
		t.Fatalf("%d integrations left, want only the shared one", n)
	}
}
