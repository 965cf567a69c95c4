package cli

import (
	"strings"
	"testing"

	"github.com/wflint/wflint/internal/config"
	"github.com/wflint/wflint/rules"
)

// The starter configuration is valid as written, and still valid with every example
// uncommented: what it documents is what wflint reads.
func TestStarterConfig(t *testing.T) {
	if _, err := config.Parse("starter.yaml", starterConfig, rules.All()); err != nil {
		t.Fatalf("as written: %v", err)
	}
	var out []string
	examples := 0
	in := false
	for _, line := range strings.Split(string(starterConfig), "\n") {
		switch {
		case line == "# rules:" || line == "# categories:" || line == "# ignore:":
			in = true
			examples++
		case line == "":
			in = false
		}
		if in {
			line = strings.TrimPrefix(line, "# ")
		}
		out = append(out, line)
	}
	if examples != 3 {
		t.Fatalf("found %d example blocks, want 3", examples)
	}
	c, err := config.Parse("starter.yaml", []byte(strings.Join(out, "\n")), rules.All())
	if err != nil {
		t.Fatalf("uncommented: %v\n%s", err, strings.Join(out, "\n"))
	}
	if len(c.Rules) < 5 || len(c.Ignores) != 1 || len(c.Categories) != 1 || len(c.Options) < 3 {
		t.Errorf("uncommented, it says less than it shows: %+v", c)
	}
}
