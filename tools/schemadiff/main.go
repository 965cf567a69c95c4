// Command schemadiff compares wflint's structural findings with GitHub's own workflow
// parser over a corpus and prints the files where they disagree.
//
//	DEST=$(../shared/tools/install-validators.sh)
//	go run ./tools/schemadiff -validators "$DEST" -corpus ../shared/corpus
//
// It exits 1 when there is a disagreement, 2 on a usage or setup error.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wflint/wflint/internal/schemadiff"
)

func main() {
	home, _ := os.UserHomeDir()
	validators := flag.String("validators", filepath.Join(home, ".cache", "wflint-validators"), "folder install-validators.sh printed")
	corpus := flag.String("corpus", filepath.Join("..", "shared", "corpus"), "corpus folder with MANIFEST.tsv")
	all := flag.Bool("all", false, "also print files on which both sides agree that something is wrong")
	flag.Parse()
	files, err := schemadiff.Compare(*validators, *corpus, schemadiff.Rules())
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemadiff:", err)
		os.Exit(2)
	}
	if schemadiff.Print(os.Stdout, files, *all) > 0 {
		os.Exit(1)
	}
}
