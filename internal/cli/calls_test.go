package cli

import (
	"encoding/json"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// A throwaway repository with a local composite action, a local JavaScript action and a
// local reusable workflow, called wrongly in six ways: each mistake is reported once, at
// its place, by the rule that owns it.
func TestLocalCallsInRepo(t *testing.T) {
	root, write, git := gitRepo(t)
	write(".github/actions/build/action.yml", `name: build
description: composite
inputs:
  target:
    description: what
    required: true
runs:
  using: composite
  steps:
    - run: make "$T"
      shell: bash
      env:
        T: ${{ inputs.target }}
`)
	write(".github/actions/notify/action.yml", `name: notify
description: javascript
inputs:
  channel:
    description: where
    default: general
  room:
    description: the old name of channel
    deprecationMessage: use channel.
runs:
  using: node24
  main: index.js
`)
	write(".github/actions/notify/index.js", "console.log(1)\n")
	write(".github/workflows/test.yml", `on:
  workflow_call:
    inputs:
      go-version:
        type: string
        required: true
    secrets:
      token:
        required: true
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo "${{ inputs.go-version }}"
`)
	write(".github/workflows/ci.yml", `on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: ./.github/actions/build
        with:
          targt: all
      - uses: ./.github/actions/build
      - uses: ./.github/actions/notify
        with:
          room: ci
  call:
    uses: ./.github/workflows/test.yml
    with:
      go-version: "1.25"
      race: true
    secrets:
      token: ${{ secrets.T }}
  no-secret:
    uses: ./.github/workflows/test.yml
    with:
      go-version: "1.25"
  ref:
    uses: ./.github/workflows/test.yml@main
`)
	git("init", "-q")
	git("add", ".")
	out, stderr, _ := run(t, "", "--format", "json", "--disable", "shellcheck,unpinned-uses", filepath.Join(root, ".github", "workflows", "ci.yml"))
	var report struct {
		Diagnostics []struct {
			Rule    string
			Message string
			Range   struct{ Start struct{ Line int } }
		}
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("%v: %s %s", err, out, stderr)
	}
	var got []string
	for _, d := range report.Diagnostics {
		if d.Rule == "action-inputs" || d.Rule == "workflow-call" {
			got = append(got, d.Rule+":"+itoa(d.Range.Start.Line))
		}
	}
	sort.Strings(got)
	want := []string{
		"action-inputs:9",  // targt: the composite action has no such input (did you mean target?)
		"action-inputs:10", // ./.github/actions/build without its required target
		"action-inputs:13", // room: deprecated in the JavaScript action
		"workflow-call:18", // call: race is not an input of test.yml
		"workflow-call:22", // no-secret: token is required
		"workflow-call:26", // ref: a local workflow takes no @ref
	}
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("got %v\nwant %v\n%s", got, want, out)
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
