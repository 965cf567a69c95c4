package security

import (
	"testing"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/analyzer/analyzertest"
)

// A missing permissions: block matters less where a fork's run gets a read-only token
// anyway: the finding is then low confidence, hidden unless asked for, unless a job hands
// the token to another owner's action.
func TestExcessivePermissionsConfidence(t *testing.T) {
	for file, want := range map[string]analyzer.Confidence{
		"testdata/excessive-permissions/fires.yml":        analyzer.Low,
		"testdata/excessive-permissions/mixed.yml":        analyzer.Medium,
		"testdata/excessive-permissions/one-job-open.yml": analyzer.Medium,
		"testdata/excessive-permissions/third-party.yml":  analyzer.Medium,
		"testdata/excessive-permissions/pr-run-only.yml":  analyzer.Low,
	} {
		diags := analyzertest.RunFile(t, file, ExcessivePermissions)
		if len(diags) != 1 || diags[0].Confidence != want {
			t.Errorf("%s: want one finding of %v confidence, got %s", file, want, analyzertest.Describe(diags))
		}
	}
}
