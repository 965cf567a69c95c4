package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/actiondata"
)

// The online mode reads action.yml, falls back to action.yaml, leaves out what is not
// found, and stops on a server error.
func TestFetchAll(t *testing.T) {
	files := map[string]string{
		"/acme/setup/HEAD/action.yml":        "name: s\ndescription: d\ninputs:\n  version:\n    required: true\nruns:\n  using: node24\n  main: index.js\n",
		"/acme/tools/HEAD/cache/action.yaml": "name: c\ndescription: d\nruns:\n  using: composite\n  steps:\n    - run: echo \"CACHE_DIR=/tmp\" >> \"$GITHUB_ENV\"\n      shell: bash\n",
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/broken/repo/HEAD/action.yml" {
			http.Error(w, "boom", http.StatusBadGateway)
			return
		}
		src, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(src))
	}))
	defer srv.Close()
	data, err := fetchAll(context.Background(), srv.Client(), srv.URL, "2026-11-30", []string{"acme/setup", "acme/tools/cache", "acme/gone"})
	if err != nil {
		t.Fatal(err)
	}
	var snap actiondata.Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		t.Fatal(err)
	}
	if len(snap.Actions) != 2 || !snap.Actions["acme/setup"].Inputs["version"].Required || snap.Actions["acme/setup"].Commit != "HEAD@2026-11-30" {
		t.Errorf("got %s", data)
	}
	if c := snap.Actions["acme/tools/cache"]; c == nil || !c.ExportsRead || strings.Join(c.Exports, ",") != "CACHE_DIR" {
		t.Errorf("composite exports: got %s", data)
	}
	if _, err := fetchAll(context.Background(), srv.Client(), srv.URL, "2026-11-30", []string{"broken/repo"}); err == nil || !strings.Contains(err.Error(), "502") {
		t.Errorf("a server error: got %v", err)
	}
}
