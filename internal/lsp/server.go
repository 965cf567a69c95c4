// Package lsp is wflint's language server: it lints the workflow and action files an
// editor has open, in process, as they are typed, and offers each finding's fixes as code
// actions and its rule's documentation on hover. It speaks JSON-RPC 2.0 over a stream
// (standard input and output for `wflint lsp`) with github.com/sourcegraph/jsonrpc2.
package lsp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/wflint/wflint/analyzer"
)

// Linter lints one document for the server.
type Linter interface {
	// Lint lints src as the file at path (absolute) of the workspace folder root.
	Lint(root, path string, src []byte) []analyzer.Diagnostic
	// Rule returns the rule with the given id, or nil, for hovers.
	Rule(id string) *analyzer.Rule
}

// Debounce is how long the server waits after the last change of a document before it
// lints it again.
const Debounce = 200 * time.Millisecond

// Server is one editor session.
type Server struct {
	linter   Linter
	debounce time.Duration

	mu       sync.Mutex
	conn     *jsonrpc2.Conn
	roots    []string // workspace folders, absolute
	docs     map[string]*document
	shutdown bool
}

// document is an open file: its text and what it was last found to hold.
type document struct {
	uri, path string
	version   int
	text      []byte
	lines     []int // byte offsets of line starts
	diags     []analyzer.Diagnostic
	timer     *time.Timer
}

// Serve runs a server on stream until the client exits or the stream closes. It returns
// an error when that happens without a shutdown request first, as the protocol asks.
func Serve(ctx context.Context, stream io.ReadWriteCloser, linter Linter) error {
	s := &Server{linter: linter, debounce: Debounce, docs: map[string]*document{}}
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(stream, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(s.handle))
	s.mu.Lock()
	s.conn = conn
	s.mu.Unlock()
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.shutdown {
		return errors.New("the client left without a shutdown request")
	}
	return nil
}

func (s *Server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	s.mu.Lock()
	if s.conn == nil { // a request that came in before Serve stored the connection
		s.conn = conn
	}
	s.mu.Unlock()
	switch req.Method {
	case "initialize":
		return s.initialize(req)
	case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration":
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case "exit":
		conn.Close()
		return nil, nil
	case "textDocument/didOpen":
		var p didOpenParams
		if err := decode(req.Params, &p); err != nil {
			return nil, err
		}
		s.open(ctx, p.TextDocument)
		return nil, nil
	case "textDocument/didChange":
		var p didChangeParams
		if err := decode(req.Params, &p); err != nil {
			return nil, err
		}
		s.change(p)
		return nil, nil
	case "textDocument/didSave":
		var p didSaveParams
		if err := decode(req.Params, &p); err != nil {
			return nil, err
		}
		s.save(ctx, p)
		return nil, nil
	case "textDocument/didClose":
		var p didCloseParams
		if err := decode(req.Params, &p); err != nil {
			return nil, err
		}
		s.close(ctx, p.TextDocument.URI)
		return nil, nil
	case "workspace/didChangeWatchedFiles":
		s.relintAll(ctx) // the configuration may have changed
		return nil, nil
	case "textDocument/codeAction":
		var p codeActionParams
		if err := decode(req.Params, &p); err != nil {
			return nil, err
		}
		return s.codeActions(p), nil
	case "textDocument/hover":
		var p hoverParams
		if err := decode(req.Params, &p); err != nil {
			return nil, err
		}
		return s.hover(p), nil
	}
	if req.Notif {
		return nil, nil
	}
	return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "wflint does not handle " + req.Method}
}

func (s *Server) initialize(req *jsonrpc2.Request) (any, error) {
	var p initializeParams
	if err := decode(req.Params, &p); err != nil {
		return nil, err
	}
	s.mu.Lock()
	for _, f := range p.WorkspaceFolders {
		if dir := uriPath(f.URI); dir != "" {
			s.roots = append(s.roots, dir)
		}
	}
	if len(s.roots) == 0 {
		if dir := uriPath(p.RootURI); dir != "" {
			s.roots = append(s.roots, dir)
		} else if p.RootPath != "" {
			s.roots = append(s.roots, p.RootPath)
		}
	}
	s.mu.Unlock()
	return map[string]any{
		"capabilities": map[string]any{
			"textDocumentSync": map[string]any{
				"openClose": true,
				"change":    1, // full text
				"save":      map[string]any{"includeText": false},
			},
			"codeActionProvider": map[string]any{"codeActionKinds": []string{"quickfix"}},
			"hoverProvider":      true,
		},
		"serverInfo": map[string]any{"name": "wflint"},
	}, nil
}

// lintable reports whether wflint lints the file at p: a workflow directly in
// .github/workflows, or action metadata.
func lintable(p string) bool {
	slash := filepath.ToSlash(p)
	ext := path.Ext(slash)
	return (ext == ".yml" || ext == ".yaml") && analyzer.Classify(slash, nil) != analyzer.KindUnknown
}

func (s *Server) open(ctx context.Context, item textDocumentItem) {
	s.mu.Lock()
	d := &document{uri: item.URI, path: uriPath(item.URI), version: item.Version}
	d.setText([]byte(item.Text))
	s.docs[item.URI] = d
	s.mu.Unlock()
	s.lint(ctx, d)
}

func (s *Server) change(p didChangeParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil || len(p.ContentChanges) == 0 {
		return
	}
	// The server asks for full text; the last change holds the whole document.
	d.setText([]byte(p.ContentChanges[len(p.ContentChanges)-1].Text))
	d.version = p.TextDocument.Version
	if d.timer != nil {
		d.timer.Stop()
	}
	d.timer = time.AfterFunc(s.debounce, func() { s.lint(context.Background(), d) })
}

func (s *Server) save(ctx context.Context, p didSaveParams) {
	if base := path.Base(filepath.ToSlash(uriPath(p.TextDocument.URI))); base == "wflint.yaml" || base == ".wflint.yaml" {
		s.relintAll(ctx) // the configuration changed
		return
	}
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	if d != nil && p.Text != nil {
		d.setText([]byte(*p.Text))
	}
	s.mu.Unlock()
	if d != nil {
		s.lint(ctx, d)
	}
}

func (s *Server) close(ctx context.Context, uri string) {
	s.mu.Lock()
	d := s.docs[uri]
	delete(s.docs, uri)
	if d != nil && d.timer != nil {
		d.timer.Stop()
	}
	conn := s.conn
	s.mu.Unlock()
	if d != nil && lintable(d.path) {
		_ = conn.Notify(ctx, "textDocument/publishDiagnostics", publishDiagnosticsParams{URI: uri, Diagnostics: []Diagnostic{}})
	}
}

func (s *Server) relintAll(ctx context.Context) {
	s.mu.Lock()
	docs := make([]*document, 0, len(s.docs))
	for _, d := range s.docs {
		docs = append(docs, d)
	}
	s.mu.Unlock()
	for _, d := range docs {
		s.lint(ctx, d)
	}
}

// lint lints d's current text and publishes what it found. Files wflint does not lint
// get nothing.
func (s *Server) lint(ctx context.Context, d *document) {
	if !lintable(d.path) {
		return
	}
	s.mu.Lock()
	text, version, root := d.text, d.version, s.rootOf(d.path)
	s.mu.Unlock()
	diags := s.linter.Lint(root, d.path, text)
	s.mu.Lock()
	if !bytes.Equal(d.text, text) { // edited meanwhile: the next lint will publish
		s.mu.Unlock()
		return
	}
	d.diags = diags
	out := make([]Diagnostic, 0, len(diags))
	for _, f := range diags {
		out = append(out, d.diagnostic(f))
	}
	conn := s.conn
	s.mu.Unlock()
	_ = conn.Notify(ctx, "textDocument/publishDiagnostics", publishDiagnosticsParams{URI: d.uri, Version: &version, Diagnostics: out})
}

// rootOf is the workspace folder that holds p (the longest), or p's folder.
func (s *Server) rootOf(p string) string {
	best := ""
	for _, r := range s.roots {
		if rel, err := filepath.Rel(r, p); err == nil && !strings.HasPrefix(rel, "..") && len(r) > len(best) {
			best = r
		}
	}
	if best == "" {
		return filepath.Dir(p)
	}
	return best
}

// diagnostic turns a finding into the protocol's form.
func (d *document) diagnostic(f analyzer.Diagnostic) Diagnostic {
	out := Diagnostic{
		Range:    d.lspRange(f.Range),
		Severity: map[analyzer.Severity]int{analyzer.Error: 1, analyzer.Warning: 2, analyzer.Note: 3}[f.Severity],
		Code:     f.Rule,
		Source:   "wflint",
		Message:  f.Message,
	}
	if out.Severity == 0 {
		out.Severity = 3
	}
	out.CodeDescription = &CodeDescription{Href: analyzer.DocBaseURL + f.Rule + ".md"}
	for _, r := range f.Related {
		out.RelatedInformation = append(out.RelatedInformation, RelatedInformation{
			Location: Location{URI: d.uri, Range: d.lspRange(r.Range)}, Message: r.Message})
	}
	return out
}

func (s *Server) codeActions(p codeActionParams) []CodeAction {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	out := []CodeAction{}
	if d == nil {
		return out
	}
	from, to := d.offset(p.Range.Start), d.offset(p.Range.End)
	for _, f := range d.diags {
		if f.Range.End.Offset < from || f.Range.Start.Offset > to {
			continue
		}
		for _, fix := range f.Fixes {
			a := CodeAction{Title: fix.Title, Kind: "quickfix", Diagnostics: []Diagnostic{d.diagnostic(f)},
				IsPreferred: fix.Safety == analyzer.Safe && len(f.Fixes) == 1,
				Edit:        WorkspaceEdit{Changes: map[string][]TextEdit{d.uri: {}}}}
			if fix.Safety != analyzer.Safe {
				a.Title += " (unsafe: review the change)"
			}
			for _, e := range fix.Edits {
				a.Edit.Changes[d.uri] = append(a.Edit.Changes[d.uri], TextEdit{Range: d.lspRange(e.Range), NewText: e.NewText})
			}
			out = append(out, a)
		}
	}
	return out
}

func (s *Server) hover(p hoverParams) *Hover {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[p.TextDocument.URI]
	if d == nil {
		return nil
	}
	at := d.offset(p.Position)
	var b strings.Builder
	var first *Range
	for _, f := range d.diags {
		if at < f.Range.Start.Offset || at > f.Range.End.Offset {
			continue
		}
		r := s.linter.Rule(f.Rule)
		if b.Len() > 0 {
			b.WriteString("\n\n---\n\n")
		}
		if first == nil {
			rng := d.lspRange(f.Range)
			first = &rng
		}
		fmt.Fprintf(&b, "**%s** (%s): %s\n", f.Rule, f.Severity, f.Message)
		if r != nil {
			fmt.Fprintf(&b, "\n### %s\n\n%s\n\n%s\n\n[Documentation](%s)",
				r.Title, strings.TrimSpace(analyzer.DocSection(r.Doc, "What it does")),
				strings.TrimSpace(analyzer.DocSection(r.Doc, "Why is this bad?")), r.DocURL())
		}
	}
	if b.Len() == 0 {
		return nil
	}
	return &Hover{Contents: MarkupContent{Kind: "markdown", Value: b.String()}, Range: first}
}

// setText replaces the document's text and indexes its lines.
func (d *document) setText(text []byte) {
	d.text = text
	d.lines = d.lines[:0]
	d.lines = append(d.lines, 0)
	for i, c := range text {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
}

// lspPos turns a byte offset into a protocol position (UTF-16 code units).
func (d *document) lspPos(off int) Position {
	off = max(0, min(off, len(d.text)))
	line := 0
	for line+1 < len(d.lines) && d.lines[line+1] <= off {
		line++
	}
	units := 0
	for _, r := range string(d.text[d.lines[line]:off]) {
		units += utf16.RuneLen(r)
	}
	return Position{Line: line, Character: units}
}

func (d *document) lspRange(r analyzer.Range) Range {
	return Range{Start: d.lspPos(r.Start.Offset), End: d.lspPos(r.End.Offset)}
}

// offset turns a protocol position into a byte offset.
func (d *document) offset(p Position) int {
	if p.Line >= len(d.lines) {
		return len(d.text)
	}
	off := d.lines[max(p.Line, 0)]
	for units := 0; units < p.Character && off < len(d.text) && d.text[off] != '\n'; {
		r, size := utf8.DecodeRune(d.text[off:])
		units += utf16.RuneLen(r)
		off += size
	}
	return off
}

// uriPath is the file path of a file: URI, "" for another scheme.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := u.Path
	if runtime.GOOS == "windows" && len(p) > 2 && p[0] == '/' && p[2] == ':' {
		p = p[1:] // /C:/x
	}
	return filepath.FromSlash(p)
}

// URI is the file: URI of an absolute path.
func URI(p string) string {
	p = filepath.ToSlash(p)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}
