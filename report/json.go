package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"slices"
	"sync"

	"github.com/wflint/wflint/analyzer"
)

// JSONVersion is the version of the JSON output shape (schema/output.schema.json). It
// changes only when a field is removed or changes meaning; new fields may be added.
const JSONVersion = 1

// JSONOutput is the document written by --format json.
type JSONOutput struct {
	Version     int                   `json:"version"`
	Tool        JSONTool              `json:"tool"`
	Diagnostics []analyzer.Diagnostic `json:"diagnostics"`
	// Errors lists files that could not be read, one plain sentence each.
	Errors []string `json:"errors"`
}

// JSONTool names the program that wrote the output.
type JSONTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// WriteJSON writes the result as one JSON object.
func WriteJSON(w io.Writer, res *analyzer.Result, version string) error {
	out := JSONOutput{
		Version:     JSONVersion,
		Tool:        JSONTool{Name: "wflint", Version: version},
		Diagnostics: []analyzer.Diagnostic{},
		Errors:      []string{},
	}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, e.Error())
	}
	var head bytes.Buffer
	if err := encodeIndented(&head, out, ""); err != nil {
		return err
	}
	if len(res.Diagnostics) == 0 {
		_, err := w.Write(head.Bytes())
		return err
	}
	// The findings are encoded apart, in parallel (indenting is most of the cost of a
	// large report), and put where the empty list stands: the same bytes as encoding
	// the whole document at once.
	parts, err := encodeDiagnostics(res.Diagnostics)
	if err != nil {
		return err
	}
	const empty = "\n  \"diagnostics\": [],"
	i := bytes.Index(head.Bytes(), []byte(empty))
	var b bytes.Buffer
	b.Write(head.Bytes()[:i])
	b.WriteString("\n  \"diagnostics\": [\n")
	for k, p := range parts {
		if k > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("    ")
		b.Write(p)
	}
	b.WriteString("\n  ],")
	b.Write(head.Bytes()[i+len(empty):])
	_, err = w.Write(b.Bytes())
	return err
}

// encodeIndented writes v as the indented JSON of a value whose lines start with prefix.
func encodeIndented(buf *bytes.Buffer, v any, prefix string) error {
	enc := json.NewEncoder(buf)
	enc.SetIndent(prefix, "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// encodeDiagnostics encodes each finding as an element of the top-level list, on as many
// goroutines as there are processors.
func encodeDiagnostics(diags []analyzer.Diagnostic) ([][]byte, error) {
	parts := make([][]byte, len(diags))
	errs := make([]error, len(diags))
	workers := min(runtime.GOMAXPROCS(0), (len(diags)+255)/256)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := w; i < len(diags); i += workers {
				buf.Reset()
				errs[i] = encodeIndented(&buf, jsonDiagnostic(diags[i]), "    ")
				parts[i] = bytes.Clone(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
			}
		})
	}
	wg.Wait()
	return parts, errors.Join(errs...)
}

// jsonDiagnostic gives a finding empty lists rather than null, so that readers need no
// special case.
func jsonDiagnostic(d analyzer.Diagnostic) analyzer.Diagnostic {
	if d.Related == nil {
		d.Related = []analyzer.Related{}
	}
	if d.Fixes == nil {
		d.Fixes = []analyzer.Fix{}
	}
	copied := false
	for j := range d.Fixes {
		if d.Fixes[j].Edits == nil {
			if !copied { // the result's own findings stay as they are
				d.Fixes, copied = slices.Clone(d.Fixes), true
			}
			d.Fixes[j].Edits = []analyzer.Edit{}
		}
	}
	return d
}
