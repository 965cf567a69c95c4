// Command wflint lints GitHub Actions workflows and action metadata.
package main

import (
	"os"

	"github.com/wflint/wflint/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
