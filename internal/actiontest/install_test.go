package actiontest

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// release builds a wflint binary stamped with version, as scripts/release.sh names it for
// this machine, and returns its name and contents.
func release(t *testing.T, root, version string) (string, []byte) {
	t.Helper()
	name := "wflint_" + strings.TrimPrefix(version, "v") + "_" + runtime.GOOS + "_" + runtime.GOARCH
	out := filepath.Join(t.TempDir(), name)
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-X github.com/wflint/wflint/internal/cli.Version="+version, "-o", out, "./cmd/wflint")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return name, data
}

// pathWithoutGo is a PATH with the system's tools and no Go, or "" when Go is installed
// there too.
func pathWithoutGo(t *testing.T) string {
	p := "/usr/bin:/bin"
	for _, dir := range strings.Split(p, ":") {
		if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
			return ""
		}
	}
	return p
}

// The action installs a release: it downloads the binary for the runner's system,
// checks it against SHA256SUMS and keeps it in the tool cache, with no Go on the PATH; a
// second run takes it from the cache. A binary that does not match its checksum is never
// run. A version without a release is built from source. The SARIF report is uploaded
// only when asked.
func TestActionInstall(t *testing.T) {
	if testing.Short() {
		t.Skip("builds wflint")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the action's scripts run in bash")
	}
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	r := newRunner(t)
	name, bin := release(t, r.root, "v1.2.3")
	sum := sha256.Sum256(bin)
	files := map[string][]byte{
		"/v1.2.3/" + name:    bin,
		"/v1.2.3/SHA256SUMS": []byte(hex.EncodeToString(sum[:]) + "  " + name + "\nffff  wflint_1.2.3_other_os\n"),
		"/v1.2.4/" + strings.ReplaceAll(name, "1.2.3", "1.2.4"): bin,
		"/v1.2.4/SHA256SUMS": []byte(strings.Repeat("0", 64) + "  " + strings.ReplaceAll(name, "1.2.3", "1.2.4") + "\n"),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		data, ok := files[req.URL.Path]
		if !ok {
			http.NotFound(w, req)
			return
		}
		w.Write(data)
	}))
	defer srv.Close()
	osName := map[string]string{"linux": "Linux", "darwin": "macOS"}[runtime.GOOS]
	archName := map[string]string{"amd64": "X64", "arm64": "ARM64"}[runtime.GOARCH]
	toolCache := t.TempDir()
	env := map[string]string{"WFLINT_RELEASE_URL": srv.URL, "RUNNER_OS": osName, "RUNNER_ARCH": archName, "RUNNER_TOOL_CACHE": toolCache}
	noGo := pathWithoutGo(t)
	if noGo != "" {
		env["PATH"] = noGo // the download needs no Go
	}
	ws := repo(t, map[string]string{".github/workflows/ci.yml": bad})

	start := time.Now()
	res := r.runHow(ws, map[string]string{"version": "v1.2.3"}, how{ref: "v9.9.9", installEnv: env})
	took := time.Since(start)
	if !strings.Contains(res.stdout, "wflint v1.2.3: downloaded "+name+", SHA-256 verified") || !strings.Contains(res.stdout, "wflint v1.2.3\n") {
		t.Fatalf("download:\n%s", res.stdout)
	}
	if res.outputs["exit-code"] != "1" || !strings.Contains(res.stdout, "title=needs-unknown-job") {
		t.Errorf("the downloaded wflint did not lint: %v\n%s", res.outputs, res.stdout)
	}
	if _, err := os.Stat(filepath.Join(toolCache, "wflint", "1.2.3", runtime.GOARCH+".complete")); err != nil {
		t.Errorf("not in the tool cache: %v", err)
	}
	t.Logf("a run with a downloaded release (no Go on the PATH: %v), the lint of one workflow included: %v", noGo != "", took.Round(time.Millisecond))

	t.Run("from the tool cache", func(t *testing.T) {
		cached := map[string]string{"WFLINT_RELEASE_URL": "http://127.0.0.1:1", "RUNNER_OS": osName, "RUNNER_ARCH": archName, "RUNNER_TOOL_CACHE": toolCache}
		res := r.runHow(ws, map[string]string{"version": "v1.2.3"}, how{ref: "v9.9.9", installEnv: cached})
		if !strings.Contains(res.stdout, "wflint v1.2.3: from the tool cache") || res.outputs["exit-code"] != "1" {
			t.Errorf("second run:\n%s", res.stdout)
		}
	})

	t.Run("checksum mismatch", func(t *testing.T) {
		res := r.runHow(ws, map[string]string{"version": "v1.2.4"}, how{ref: "v9.9.9", installEnv: env})
		if !res.failed || !strings.Contains(res.stdout, "does not match the release's SHA256SUMS") {
			t.Errorf("want a failed install:\n%s", res.stdout)
		}
		if _, ran := res.steps["lint"]; ran || res.outputs["exit-code"] != "" {
			t.Errorf("wflint ran after a checksum mismatch: %v", res.outputs)
		}
	})

	t.Run("a version without a release is built from source", func(t *testing.T) {
		withGo := map[string]string{"WFLINT_RELEASE_URL": srv.URL, "RUNNER_OS": osName, "RUNNER_ARCH": archName, "RUNNER_TOOL_CACHE": toolCache}
		res := r.runHow(ws, nil, how{ref: "v1.9.9", installEnv: withGo})
		if !strings.Contains(res.stdout, "wflint v1.9.9: building from source") || !strings.Contains(res.stdout, "wflint v1.9.9\n") || res.outputs["exit-code"] != "1" {
			t.Errorf("fallback:\n%s", res.stdout)
		}
	})

	t.Run("upload-sarif", func(t *testing.T) {
		res := r.run(ws, map[string]string{"upload-sarif": "true"})
		up, ok := res.uses["github/codeql-action/upload-sarif@ff2f1c621b7f889edc0d3c761ac2e6a3f8cdb0dd"]
		if !ok || up["sarif_file"] != res.outputs["sarif-file"] || up["sarif_file"] == "" || !res.failed {
			t.Errorf("want the upload after the failing lint step, of %q: %v", res.outputs["sarif-file"], res.uses)
		}
	})
}
