package security

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/wflint/wflint/analyzer/analyzertest"
)

// The table of what each action and command needs is part of excessive-permissions.md
// (written there, not at start-up, where building it cost a tenth of a millisecond): it
// must be what the table in permissions_table.go says.
func TestPermissionTableDoc(t *testing.T) {
	const file = "excessive-permissions.md"
	const head, tail = "## What each action and command needs\n", "## References\n"
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(src)
	i, j := strings.Index(doc, head), strings.Index(doc, tail)
	if j < 0 {
		t.Fatalf("%s has no %q", file, tail)
	}
	if i < 0 || i > j {
		i = j // no table yet: it goes before the references
	}
	want := doc[:i] + permissionTableDoc() + "\n" + doc[j:]
	if *analyzertest.Update { // analyzertest's -update flag
		if err := os.WriteFile(file, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if doc != want {
		t.Errorf("%s's permission table is not the table of permissions_table.go: run go test ./rules/security -update, then go test ./rules -update", file)
	}
	if ExcessivePermissions.Doc != doc {
		t.Error("the rule's Doc is not excessive-permissions.md")
	}
}

// permissionTableDoc renders the table for the rule's doc.
func permissionTableDoc() string {
	var b strings.Builder
	b.WriteString("## What each action and command needs\n\n")
	b.WriteString("The table wflint computes a job's permissions from (checked November 2026). An action\n")
	b.WriteString("not listed, a local action, a reusable workflow and a `gh` command not listed make the\n")
	b.WriteString("job's needs unknown: then no fix is offered and no scope is called unused.\n\n")
	b.WriteString("| action or command | when | needs |\n|---|---|---|\n")
	for _, u := range tokenUses {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", u.action, u.when, tableNeeds(u.needs))
	}
	var cmds []string
	for k := range ghNeeds {
		cmds = append(cmds, k)
	}
	slices.Sort(cmds)
	for _, k := range cmds {
		fmt.Fprintf(&b, "| `gh %s` | | %s |\n", strings.TrimSuffix(k, " *"), ghNeeds[k])
	}
	b.WriteString("| `git push` | | contents: write |\n")
	return b.String()
}

func tableNeeds(n string) string {
	switch n {
	case "":
		return "nothing"
	case "?":
		return "unknown (depends on the script)"
	}
	return n
}
