package report

import (
	"encoding/json"
	"github.com/wflint/wflint/analyzer"
	"io"
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
		Diagnostics: make([]analyzer.Diagnostic, len(res.Diagnostics)),
		Errors:      []string{},
	}
	for i, d := range res.Diagnostics {
		// empty lists rather than null, so that readers need no special case
		if d.Related == nil {
			d.Related = []analyzer.Related{}
		}
		if d.Fixes == nil {
			d.Fixes = []analyzer.Fix{}
		}
		for j, f := range d.Fixes {
			if f.Edits == nil {
				d.Fixes[j].Edits = []analyzer.Edit{}
			}
		}
		out.Diagnostics[i] = d
	}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, e.Error())
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
