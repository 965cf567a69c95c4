package ghapi

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const sha = "11bd71901bbe5b1630ceea73d27597364c9af683"

// server answers GET /repos/{owner}/{repo}/commits/{ref} as GitHub does with
// Accept: application/vnd.github.sha, and counts the calls.
func server(t *testing.T, calls *atomic.Int32, token string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Header.Get("Accept") != "application/vnd.github.sha" {
			t.Errorf("Accept %q", r.Header.Get("Accept"))
		}
		if token != "" && r.Header.Get("Authorization") != "Bearer "+token {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/repos/actions/checkout/commits/v4.2.2":
			w.Write([]byte(sha))
		case "/repos/limited/repo/commits/v1":
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", "1900000000")
			w.WriteHeader(http.StatusForbidden)
		case "/repos/odd/repo/commits/v1":
			w.Write([]byte("<html>not an API</html>"))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
}

func TestResolve(t *testing.T) {
	var calls atomic.Int32
	srv := server(t, &calls, "secret")
	defer srv.Close()
	cache := &Cache{Path: filepath.Join(t.TempDir(), "refs.json")}
	c := &Client{BaseURL: srv.URL, Token: "secret", Cache: cache, TTL: time.Hour}

	got, err := c.ResolveRef("actions", "checkout", "v4.2.2")
	if err != nil || got != sha {
		t.Fatalf("got %q, %v", got, err)
	}
	c.ResolveRef("actions", "checkout", "v4.2.2") // asked once per client
	if calls.Load() != 1 {
		t.Errorf("%d calls, want 1", calls.Load())
	}
	if _, err := c.ResolveRef("actions", "checkout", "v99"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing ref: %v", err)
	}
	var rl *RateLimitError
	if _, err := c.ResolveRef("limited", "repo", "v1"); !errors.As(err, &rl) || !strings.Contains(err.Error(), "rate limit") || rl.Reset.IsZero() {
		t.Errorf("rate limit: %v", err)
	}
	if _, err := c.ResolveRef("odd", "repo", "v1"); err == nil || !strings.Contains(err.Error(), "unexpected answer") {
		t.Errorf("odd answer: %v", err)
	}

	// the cache on disk answers a new client without a call
	if err := cache.Save(); err != nil {
		t.Fatal(err)
	}
	c2 := &Client{BaseURL: srv.URL, Token: "secret", Cache: &Cache{Path: cache.Path}, TTL: time.Hour}
	before := calls.Load()
	if got, err := c2.ResolveRef("actions", "checkout", "v4.2.2"); err != nil || got != sha || calls.Load() != before {
		t.Errorf("cached: %q, %v, %d calls", got, err, calls.Load()-before)
	}
	// but not once it is older than the TTL
	c3 := &Client{BaseURL: srv.URL, Token: "secret", Cache: &Cache{Path: cache.Path}, TTL: time.Nanosecond}
	c3.ResolveRef("actions", "checkout", "v4.2.2")
	if calls.Load() != before+1 {
		t.Errorf("expired cache entry was used")
	}
	// a wrong token is said so
	c4 := &Client{BaseURL: srv.URL, Token: "wrong"}
	if _, err := c4.ResolveRef("actions", "checkout", "v4.2.2"); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("bad token: %v", err)
	}
}

func TestNetworkError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	c := &Client{BaseURL: url}
	_, err := c.ResolveRef("actions", "checkout", "v4")
	if err == nil || !strings.Contains(err.Error(), "actions/checkout@v4") {
		t.Errorf("got %v", err)
	}
}
