// Command wflint lints GitHub Actions workflows and action metadata.
package main

import (
	"os"
	"runtime/debug"

	"github.com/wflint/wflint/internal/cli"
)

func main() {
	tuneGC()
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// tuneGC trades memory for time unless the user set GOGC or GOMEMLIMIT: a lint run
// allocates a lot of short-lived garbage (every file's tree) and keeps little, so the
// collector runs a fifth as often, and a soft limit makes it work harder only when the
// heap nears 256 MiB. Measured in the README (Speed and memory).
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
}
