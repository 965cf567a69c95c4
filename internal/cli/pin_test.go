package cli

import (
	"crypto/sha1"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/rules/supplychain"
)

// fakeGitHub answers GET /repos/{owner}/{repo}/commits/{ref} like GitHub's API with
// Accept: application/vnd.github.sha, with a SHA made from the ref, so that answers are
// stable; refs named "missing" do not exist.
func fakeGitHub(t *testing.T, calls *atomic.Int32) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/repos/"), "/")
		if len(parts) != 4 || parts[2] != "commits" || r.Header.Get("Accept") != "application/vnd.github.sha" {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if parts[3] == "missing" {
			http.NotFound(w, r)
			return
		}
		if tok := os.Getenv("GITHUB_TOKEN"); tok != "" && r.Header.Get("Authorization") != "Bearer "+tok {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Write([]byte(fakeSHA(parts[0] + "/" + parts[1] + "@" + parts[3])))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func fakeSHA(ref string) string {
	sum := sha1.Sum([]byte(ref))
	return hex.EncodeToString(sum[:])
}

// copySeed puts the seed workflow into a new directory, as that directory's workflow,
// and moves there.
func copySeed(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "testdata", "e2e", "docker-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache")) // keep the resolution cache out of $HOME
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("GH_TOKEN", "")
	if err := os.WriteFile(filepath.Join(dir, "docker-ci.yml"), src, 0o640); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	return filepath.Join(dir, "docker-ci.yml")
}

// wflint pin on the seed workflow: the diff is the golden one, the file written is that
// diff applied, keeps its mode, and lints clean for unpinned-uses; a second run finds
// nothing to pin and asks nothing (the cache answers).
func TestPinSeed(t *testing.T) {
	var calls atomic.Int32
	srv := fakeGitHub(t, &calls)
	root := moduleRoot
	path := copySeed(t)
	before, _ := os.ReadFile(path)

	stdout, stderr, code := run(t, "", "pin", "--dry-run", "--github-api-url", srv.URL, "docker-ci.yml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	goldenAt(t, filepath.Join(root, "testdata", "cli", "golden", "pin-seed.diff"), stdout)
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Fatal("--dry-run changed the file")
	}

	_, stderr, code = run(t, "", "pin", "--github-api-url", srv.URL, "docker-ci.yml")
	if code != 0 || !strings.Contains(stderr, "pinned 6 refs in docker-ci.yml") {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	after, _ := os.ReadFile(path)
	if got := UnifiedDiff("docker-ci.yml", before, after); got != stdout {
		t.Errorf("the file written is not the diff shown:\n%s", got)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want 0640", info.Mode().Perm())
	}
	runner := engine.NewRunner(supplychain.UnpinnedUses)
	if _, diags := runner.Lint(engine.Input{Path: "docker-ci.yml", Fallback: analyzer.KindWorkflow}, after); len(diags) != 0 {
		t.Errorf("still unpinned after wflint pin:\n%v", diags)
	}

	n := calls.Load()
	_, stderr, code = run(t, "", "pin", "--github-api-url", srv.URL, "docker-ci.yml")
	if code != 0 || !strings.Contains(stderr, "nothing to pin") || calls.Load() != n {
		t.Errorf("second run: exit %d, %d calls: %s", code, calls.Load()-n, stderr)
	}
}

// Failures leave every file as it was and exit 3 with one line per failure.
func TestPinFailures(t *testing.T) {
	var calls atomic.Int32
	srv := fakeGitHub(t, &calls)
	copySeed(t)
	os.WriteFile("missing.yml", []byte("on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n      - uses: a/b@missing\n"), 0o644)
	orig, _ := os.ReadFile("missing.yml")
	_, stderr, code := run(t, "", "pin", "--github-api-url", srv.URL, "missing.yml")
	if code != ExitError || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "a/b@missing: no such repository or ref; the file was left as it was") {
		t.Errorf("missing ref: exit %d: %q", code, stderr)
	}
	if now, _ := os.ReadFile("missing.yml"); string(now) != string(orig) {
		t.Error("a file with an unresolved ref was changed")
	}

	// nothing listens: a network error
	dead := httptest.NewServer(http.NotFoundHandler())
	dead.Close()
	seed, _ := os.ReadFile("docker-ci.yml")
	_, stderr, code = run(t, "", "pin", "--refresh", "--github-api-url", dead.URL, "docker-ci.yml")
	if code != ExitError || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "connection refused") {
		t.Errorf("network error: exit %d: %q", code, stderr)
	}
	if now, _ := os.ReadFile("docker-ci.yml"); string(now) != string(seed) {
		t.Error("a network error changed the file")
	}

	// the rate limit stops the run with one line that says when it resets
	limited := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", "1900000000")
		w.WriteHeader(http.StatusForbidden)
	}))
	defer limited.Close()
	_, stderr, code = run(t, "", "pin", "--refresh", "--github-api-url", limited.URL, "docker-ci.yml", "missing.yml")
	if code != ExitError || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "rate limit reached (it resets at") || !strings.Contains(stderr, "GITHUB_TOKEN") {
		t.Errorf("rate limit: exit %d: %q", code, stderr)
	}

	// the token is sent
	t.Setenv("GITHUB_TOKEN", "t0ken")
	_, stderr, code = run(t, "", "pin", "--refresh", "--dry-run", "--github-api-url", srv.URL, "docker-ci.yml")
	if code != 0 {
		t.Errorf("with a token: exit %d: %s", code, stderr)
	}
	_, _, code = run(t, "", "pin", "--pin-policy", "actions=maybe", "docker-ci.yml")
	if code != ExitUsage {
		t.Errorf("bad policy: exit %d", code)
	}
}

// The pin policy leaves alone what it allows.
func TestPinPolicy(t *testing.T) {
	var calls atomic.Int32
	srv := fakeGitHub(t, &calls)
	copySeed(t)
	stdout, _, code := run(t, "", "pin", "--dry-run", "--pin-policy", "docker=any,actions/setup-python=ref", "--github-api-url", srv.URL, "docker-ci.yml")
	if code != 0 || strings.Contains(stdout, "+        uses: docker/") || strings.Contains(stdout, "+        uses: actions/setup-python") || !strings.Contains(stdout, "+      - uses: actions/checkout@") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
}

// The configuration's pin policy applies to wflint pin too; --pin-policy comes after it.
func TestPinPolicyFromConfig(t *testing.T) {
	var calls atomic.Int32
	srv := fakeGitHub(t, &calls)
	copySeed(t)
	os.WriteFile("wflint.yaml", []byte("version: 1\nrules:\n  unpinned-uses:\n    options:\n      policy:\n        docker: any\n        actions/checkout: ref\n"), 0o644)
	stdout, _, code := run(t, "", "pin", "--dry-run", "--config", "wflint.yaml", "--pin-policy", "actions/checkout=hash", "--github-api-url", srv.URL, "docker-ci.yml")
	if code != 0 || strings.Contains(stdout, "+        uses: docker/") || !strings.Contains(stdout, "+      - uses: actions/checkout@") || !strings.Contains(stdout, "+        uses: actions/setup-python@") {
		t.Errorf("exit %d:\n%s", code, stdout)
	}
	os.WriteFile("bad.yaml", []byte("version: 1\nrules:\n  unpinned-use: off\n"), 0o644)
	if _, stderr, code := run(t, "", "pin", "--config", "bad.yaml", "docker-ci.yml"); code != ExitUsage || !strings.Contains(stderr, `did you mean "unpinned-uses"`) {
		t.Errorf("bad configuration: exit %d, %s", code, stderr)
	}
}

// wflint --online asks the API: a stale version comment is reported, and unpinned-uses
// offers the pin as a fix.
func TestOnline(t *testing.T) {
	var calls atomic.Int32
	srv := fakeGitHub(t, &calls)
	copySeed(t)
	src := "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@" + strings.Repeat("1", 40) + " # v4.2.2\n      - uses: actions/cache@v4\n"
	os.WriteFile("ci.yml", []byte(src), 0o644)
	stdout, _, _ := run(t, "", "--oneline", "--online", "--github-api-url", srv.URL, "ci.yml")
	if !strings.Contains(stdout, "the comment says v4.2.2, but actions/checkout@v4.2.2 points to "+fakeSHA("actions/checkout@v4.2.2")[:12]) {
		t.Errorf("no version-comment-mismatch:\n%s", stdout)
	}
	stdout, _, _ = run(t, "", "--format", "json", "--online", "--github-api-url", srv.URL, "ci.yml")
	if !strings.Contains(stdout, `"new_text": "`+fakeSHA("actions/cache@v4")+`"`) {
		t.Errorf("no pinning fix in:\n%s", stdout)
	}
	stdout, _, _ = run(t, "", "--oneline", "ci.yml")
	if strings.Contains(stdout, "version-comment-mismatch") {
		t.Errorf("offline run asked the network:\n%s", stdout)
	}
}

// wflint pin --upgrade pins an outdated version to its current major version's SHA, and
// every other ref to its own.
func TestPinUpgrade(t *testing.T) {
	var calls atomic.Int32
	srv := fakeGitHub(t, &calls)
	copySeed(t)
	stdout, stderr, code := run(t, "", "pin", "--upgrade", "--dry-run", "--github-api-url", srv.URL, "docker-ci.yml")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{
		"+      - uses: actions/checkout@" + fakeSHA("actions/checkout@v7") + " # v7\n",
		"+        uses: docker/build-push-action@" + fakeSHA("docker/build-push-action@v7") + " # v7\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in:\n%s", want, stdout)
		}
	}
	stdout, _, _ = run(t, "", "pin", "--dry-run", "--github-api-url", srv.URL, "docker-ci.yml")
	if !strings.Contains(stdout, "+      - uses: actions/checkout@"+fakeSHA("actions/checkout@v3")+" # v3\n") {
		t.Errorf("without --upgrade the ref's own SHA is pinned:\n%s", stdout)
	}
}
