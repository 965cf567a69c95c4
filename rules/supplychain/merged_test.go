package supplychain

import (
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer/analyzertest"
)

// With both rules on, a ref that is outdated and unpinned gets one finding, of
// unpinned-uses, that says both; its fix pins the ref, or with the upgrade option the
// current major version.
func TestOutdatedAndUnpinnedOnce(t *testing.T) {
	diags := analyzertest.RunFile(t, "testdata/merged/both.yml", UnpinnedUses, OutdatedAction)
	if len(diags) == 0 {
		t.Fatal("no findings")
	}
	for _, d := range diags {
		if d.Rule == UnpinnedUses.ID && strings.HasPrefix(d.Message, "actions/checkout@v3") {
			if len(d.Fixes) != 1 || d.Fixes[0].Edits[0].NewText != strings.Repeat("3", 40) {
				t.Errorf("the fix of the merged finding pins the ref it has: %+v", d.Fixes)
			}
		}
	}
}
