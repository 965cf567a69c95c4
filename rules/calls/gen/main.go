// Command gen writes rules/calls/actions_snapshot.json from the action.yml files of the
// shared corpus (go generate ./rules/calls).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/wflint/wflint/internal/actiondata"
)

func main() {
	corpus := flag.String("corpus", "../../../shared/corpus", "the corpus folder (with MANIFEST.tsv)")
	gathered := flag.String("gathered", "2026-11-26", "the date the corpus was gathered")
	out := flag.String("o", "actions_snapshot.json", "the file to write")
	flag.Parse()
	data, err := actiondata.Build(*corpus, *gathered, actiondata.InActionlintTable)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
