package ghapi

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// securityServer answers the advisory and history calls as GitHub does, for a
// repository whose main branch holds commit "aaa…", whose tag v1 is commit "bbb…" and
// whose branch "release" holds commit "ccc…"; every other commit belongs to a fork.
func securityServer(t *testing.T, calls *atomic.Int32) *httptest.Server {
	commit := func(c byte) string { return strings.Repeat(string(c), 40) }
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		if r.Header.Get("Accept") != "application/vnd.github+json" {
			t.Errorf("Accept %q", r.Header.Get("Accept"))
		}
		p := r.URL.Path
		switch {
		case p == "/advisories":
			q := r.URL.Query()
			if q.Get("ecosystem") != "actions" || q.Get("affects") != "tj-actions/changed-files" {
				w.Write([]byte(`[]`))
				return
			}
			w.Write([]byte(`[{"ghsa_id":"GHSA-mrrh-fwg8-r2c3","cve_id":"CVE-2025-30066","summary":"changed-files leaks secrets","severity":"high",
			  "vulnerabilities":[{"package":{"ecosystem":"actions","name":"tj-actions/changed-files"},"vulnerable_version_range":"< 46.0.1","first_patched_version":"46.0.1"},
			                     {"package":{"ecosystem":"actions","name":"other/action"},"vulnerable_version_range":"< 2","first_patched_version":{"identifier":"2.0.0"}}]}]`))
		case p == "/repos/o/r":
			w.Write([]byte(`{"default_branch":"main"}`))
		case strings.HasPrefix(p, "/repos/o/r/compare/"):
			base, head, _ := strings.Cut(strings.TrimPrefix(p, "/repos/o/r/compare/"), "...")
			switch {
			case base == "main" && head == commit('a'), base == "release" && head == commit('c'):
				w.Write([]byte(`{"status":"behind"}`))
			case head == commit('0'):
				w.WriteHeader(http.StatusNotFound)
			default:
				w.Write([]byte(`{"status":"diverged"}`))
			}
		case p == "/repos/o/r/tags":
			w.Write([]byte(`[{"name":"v1","commit":{"sha":"` + commit('b') + `"}}]`))
		case p == "/repos/o/r/branches":
			w.Write([]byte(`[{"name":"main"},{"name":"release"}]`))
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
}

func TestAdvisories(t *testing.T) {
	var calls atomic.Int32
	srv := securityServer(t, &calls)
	defer srv.Close()
	c := &Client{BaseURL: srv.URL}
	got, err := c.Advisories("TJ-Actions/changed-files")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].ID != "GHSA-mrrh-fwg8-r2c3" || got[0].Vulnerable != "< 46.0.1" || got[0].Patched != "46.0.1" || got[0].Severity != "high" {
		t.Errorf("got %+v: want only the changed-files range of the advisory", got)
	}
	c.Advisories("tj-actions/changed-files")
	if calls.Load() != 1 {
		t.Errorf("%d calls, want 1: answers are kept", calls.Load())
	}
	if got, err := c.Advisories("actions/checkout"); err != nil || len(got) != 0 {
		t.Errorf("an action without advisories: %v, %v", got, err)
	}
	if patchedVersion([]byte(`{"identifier":"2.0.0"}`)) != "2.0.0" || patchedVersion([]byte(`null`)) != "" {
		t.Error("first_patched_version in its two forms")
	}
}

func TestInRepository(t *testing.T) {
	var calls atomic.Int32
	srv := securityServer(t, &calls)
	defer srv.Close()
	c := &Client{BaseURL: srv.URL}
	for _, tc := range []struct {
		commit byte
		want   bool
	}{{'a', true}, {'b', true}, {'c', true}, {'f', false}} {
		got, err := c.InRepository("o", "r", strings.Repeat(string(tc.commit), 40))
		if err != nil || got != tc.want {
			t.Errorf("commit %c: %v, %v; want %v", tc.commit, got, err, tc.want)
		}
	}
	if _, err := c.InRepository("o", "r", strings.Repeat("0", 40)); err == nil {
		t.Error("a commit GitHub does not know: want an error, not an answer")
	}
	if _, err := c.InRepository("no", "such", strings.Repeat("a", 40)); err == nil {
		t.Error("a missing repository: want an error")
	}
}
