package cli

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/wflint/wflint/internal/lsp"
)

// lspClient is a JSON-RPC client of the server, over a pipe, that collects the
// diagnostics the server publishes.
type lspClient struct {
	t     *testing.T
	conn  *jsonrpc2.Conn
	diags chan lspPublish
}

type lspPublish struct {
	URI         string           `json:"uri"`
	Diagnostics []lsp.Diagnostic `json:"diagnostics"`
}

func newLSPClient(t *testing.T) *lspClient {
	server, client := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = lsp.Serve(ctx, server, &lspLinter{roots: map[string]*lspRoot{}})
	}()
	c := &lspClient{t: t, diags: make(chan lspPublish, 16)}
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(client, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			if req.Method == "textDocument/publishDiagnostics" {
				var p lspPublish
				if err := json.Unmarshal(*req.Params, &p); err == nil {
					c.diags <- p
				}
			}
			return nil, nil
		}))
	t.Cleanup(func() {
		cancel()
		c.conn.Close()
		<-done
	})
	return c
}

func (c *lspClient) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *lspClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// next waits for the next diagnostics published for uri.
func (c *lspClient) next(uri string) []lsp.Diagnostic {
	c.t.Helper()
	for {
		select {
		case p := <-c.diags:
			if p.URI == uri {
				return p.Diagnostics
			}
		case <-time.After(10 * time.Second):
			c.t.Fatalf("no diagnostics for %s", uri)
		}
	}
}

func codes(ds []lsp.Diagnostic) string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return strings.Join(out, ",")
}

// applyEdits applies one document's text edits (non-overlapping, any order) to text.
func applyEdits(t *testing.T, text string, edits []lsp.TextEdit) string {
	lines := strings.SplitAfter(text, "\n")
	offset := func(p lsp.Position) int {
		off := 0
		for i := 0; i < p.Line; i++ {
			off += len(lines[i])
		}
		return off + p.Character // ASCII test text: UTF-16 units are bytes
	}
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		text = text[:offset(e.Range.Start)] + e.NewText + text[offset(e.Range.End):]
	}
	return text
}

// The server through a real JSON-RPC client: initialize, open a workflow, read its
// findings, ask for the code action of one and apply it, edit without saving (a new
// finding appears after the debounce), hover, close, shut down. A file that is neither a
// workflow nor action metadata gets nothing, and the workspace's configuration is read
// again when it changes.
func TestLSP(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, ".github", "workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	c := newLSPClient(t)
	var init map[string]any
	c.call("initialize", map[string]any{"rootUri": lsp.URI(root), "capabilities": map[string]any{}}, &init)
	if caps, _ := init["capabilities"].(map[string]any); caps["hoverProvider"] != true || caps["codeActionProvider"] == nil {
		t.Fatalf("capabilities: %v", init)
	}
	c.notify("initialized", map[string]any{})

	uri := lsp.URI(filepath.Join(root, ".github", "workflows", "ci.yml"))
	text := "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n        shell: bash -e\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "yaml", "version": 1, "text": text}})
	ds := c.next(uri)
	if codes(ds) != "shell-name" {
		t.Fatalf("after didOpen: %v", ds)
	}
	d := ds[0]
	if d.Range.Start != (lsp.Position{Line: 6, Character: 15}) || d.Severity != 1 || d.Source != "wflint" || !strings.HasSuffix(d.CodeDescription.Href, "docs/rules/shell-name.md") {
		t.Errorf("diagnostic: %+v", d)
	}

	var hover lsp.Hover
	c.call("textDocument/hover", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": 6, "character": 18}}, &hover)
	if !strings.Contains(hover.Contents.Value, "shell-name") || !strings.Contains(hover.Contents.Value, "Invalid shell option") {
		t.Errorf("hover: %q", hover.Contents.Value)
	}

	var actions []lsp.CodeAction
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": d.Range, "context": map[string]any{"diagnostics": ds}}, &actions)
	if len(actions) != 1 || !actions[0].IsPreferred || actions[0].Kind != "quickfix" {
		t.Fatalf("code actions: %+v", actions)
	}
	text = applyEdits(t, text, actions[0].Edit.Changes[uri])
	if !strings.Contains(text, "shell: bash -e {0}\n") {
		t.Fatalf("the fix gave:\n%s\n%+v", text, actions)
	}
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": []any{map[string]any{"text": text}}})
	if ds := c.next(uri); len(ds) != 0 {
		t.Errorf("after the fix: %v", ds)
	}

	// a new finding, without saving
	text = strings.Replace(text, "ubuntu-latest", "ubuntu-lastest", 1)
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 3}, "contentChanges": []any{map[string]any{"text": text}}})
	if ds := c.next(uri); codes(ds) != "runner-label" {
		t.Errorf("after an edit: %v", ds)
	}

	// the configuration: a new file turns the rule off, and the open file is linted again
	if err := os.WriteFile(filepath.Join(root, ".github", "wflint.yaml"), []byte("version: 1\nrules:\n  runner-label: off\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", map[string]any{"changes": []any{map[string]any{"uri": lsp.URI(filepath.Join(root, ".github", "wflint.yaml")), "type": 1}}})
	if ds := c.next(uri); len(ds) != 0 {
		t.Errorf("after the configuration turned runner-label off: %v", ds)
	}

	// not a workflow: nothing is published for it
	other := lsp.URI(filepath.Join(root, "docs", "notes.yml"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": other, "languageId": "yaml", "version": 1, "text": "a: [\n"}})

	c.notify("textDocument/didClose", map[string]any{"textDocument": map[string]any{"uri": uri}})
	if ds := c.next(uri); len(ds) != 0 {
		t.Errorf("after close: %v", ds)
	}
	select {
	case p := <-c.diags:
		t.Errorf("unexpected diagnostics for %s", p.URI)
	default:
	}
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
}
