// Command actionlint is actionlint's own command line, built from its Go package
// (actionlint.Command), so that wflint's benchmark script compares the two CLIs without
// downloading actionlint's binary. It is a benchmark tool, not part of wflint.
package main

import (
	"os"

	"github.com/rhysd/actionlint"
)

func main() {
	cmd := actionlint.Command{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	os.Exit(cmd.Main(os.Args))
}
