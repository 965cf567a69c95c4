// Command gen writes internal/actiondata/snapshot.json from the action.yml files of the
// shared corpus (go generate ./internal/actiondata), or, with -online, from each action's
// default branch on GitHub.
package main

import (
	"context"
	"flag"
	"fmt"
	"go/format"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/wflint/wflint/internal/actiondata"
)

func main() {
	corpus := flag.String("corpus", "../../../shared/corpus", "the corpus folder (with MANIFEST.tsv)")
	gathered := flag.String("gathered", "2026-11-26", "the date the corpus was gathered (with -online: today)")
	online := flag.Bool("online", false, "read each action of actionlint's table from its default branch on GitHub instead of the corpus")
	out := flag.String("o", "snapshot.json", "the file to write")
	goOut := flag.String("go", "snapshot_data.go", "the Go file that builds the same snapshot")
	flag.Parse()
	var data []byte
	var err error
	if *online {
		date := time.Now().UTC().Format("2006-01-02")
		data, err = fetchAll(context.Background(), http.DefaultClient, "https://raw.githubusercontent.com", date, actiondata.TableActions())
	} else {
		data, err = actiondata.Build(*corpus, *gathered, actiondata.InActionlintTable)
	}
	if err == nil {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err == nil {
		err = writeGo(*goOut, data)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// writeGo writes the Go source that builds the snapshot data holds.
func writeGo(name string, data []byte) error {
	snap, err := actiondata.Parse(data)
	if err != nil {
		return err
	}
	src, err := format.Source(snap.GoSource())
	if err != nil {
		return err
	}
	return os.WriteFile(name, src, 0o644)
}

// fetchAll reads action.yml (or action.yaml) of each action at its default branch from
// base (GitHub's raw file server) and returns the snapshot. An action whose metadata
// cannot be found is left out; any other failure stops the run.
func fetchAll(ctx context.Context, client *http.Client, base, date string, names []string) ([]byte, error) {
	snap := &actiondata.Snapshot{Gathered: date, Source: "the inputs, and a composite action's $GITHUB_ENV writes, of the action.yml files on the default branch (HEAD) of the actions actionlint's table knows, read from GitHub"}
	for _, name := range names {
		parts := strings.SplitN(name, "/", 3)
		if len(parts) < 2 {
			continue
		}
		dir := ""
		if len(parts) == 3 {
			dir = parts[2] + "/"
		}
		for _, file := range []string{"action.yml", "action.yaml"} {
			src, err := fetch(ctx, client, fmt.Sprintf("%s/%s/%s/HEAD/%s%s", base, parts[0], parts[1], dir, file))
			if err != nil {
				return nil, err
			}
			if src != nil {
				snap.Add(name, "HEAD@"+date, src)
				break
			}
		}
	}
	if len(snap.Actions) == 0 {
		return nil, fmt.Errorf("%s: no action metadata found", base)
	}
	return snap.Marshal()
}

// fetch returns a file's contents, nil when it does not exist.
func fetch(ctx context.Context, client *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusOK:
		return io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	case http.StatusNotFound:
		return nil, nil
	}
	return nil, fmt.Errorf("%s: %s", url, resp.Status)
}
