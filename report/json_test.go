package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/wflint/wflint/analyzer"
)

// WriteJSON encodes large reports in parallel pieces; the bytes are those of encoding
// the whole document at once, and the result's findings are left as they were.
func TestWriteJSONSameAsOneEncoding(t *testing.T) {
	for _, n := range []int{0, 1, 2, 255, 257, 1000} {
		res := &analyzer.Result{Errors: []error{errors.New("x.yml: cannot read <it>")}}
		for i := range n {
			d := analyzer.Diagnostic{Rule: "r", Severity: analyzer.Warning, Path: fmt.Sprintf("p%d.yml", i), Message: fmt.Sprintf("m & <%d> \"q\"", i)}
			if i%3 == 0 {
				d.Fixes = []analyzer.Fix{{Title: "a", Edits: []analyzer.Edit{{NewText: "x"}}}, {Title: "b"}}
			}
			if i%5 == 0 {
				d.Related = []analyzer.Related{{Message: "r"}}
			}
			res.Diagnostics = append(res.Diagnostics, d)
		}
		want := oneEncoding(t, res)
		var got bytes.Buffer
		if err := WriteJSON(&got, res, "v1.2.3"); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("%d findings: output differs from one encoding:\n%s\nwant:\n%s", n, got.Bytes(), want)
		}
		for i, d := range res.Diagnostics {
			if i%3 == 0 && d.Fixes[1].Edits != nil {
				t.Fatalf("WriteJSON changed the result's fix %d", i)
			}
		}
	}
}

func oneEncoding(t *testing.T, res *analyzer.Result) []byte {
	out := JSONOutput{Version: JSONVersion, Tool: JSONTool{Name: "wflint", Version: "v1.2.3"}, Diagnostics: []analyzer.Diagnostic{}, Errors: []string{}}
	for _, d := range res.Diagnostics {
		out.Diagnostics = append(out.Diagnostics, jsonDiagnostic(d))
	}
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, e.Error())
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
