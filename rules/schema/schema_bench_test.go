package schema

import (
	"testing"

	"github.com/wflint/wflint/schema"
	"github.com/xeipuuv/gojsonschema"
)

// Compiling the workflow schema happens once in every wflint process.
func BenchmarkCompileWorkflowSchema(b *testing.B) {
	for b.Loop() {
		if _, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(schema.Workflow)); err != nil {
			b.Fatal(err)
		}
	}
}
