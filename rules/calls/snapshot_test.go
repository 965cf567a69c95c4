package calls

import (
	"bytes"
	"testing"

	"github.com/wflint/wflint/internal/actiondata"
	"github.com/wflint/wflint/internal/testenv"
)

// The embedded snapshot is what the generator makes of the corpus: run go generate
// ./rules/calls after the corpus changes.
func TestSnapshotIsGenerated(t *testing.T) {
	corpus := testenv.Corpus(t)
	want, err := actiondata.Build(corpus, snapshot().Gathered, actiondata.InActionlintTable)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, snapshotJSON) {
		t.Error("actions_snapshot.json differs from what the generator makes of the corpus: run go generate ./rules/calls")
	}
}

func TestSnapshotParses(t *testing.T) {
	s := snapshot()
	if s.Gathered == "" || len(s.Actions) < 40 || s.Actions["actions/checkout"] == nil || s.Actions["actions/checkout"].Inputs["fetch-depth"] == nil {
		t.Errorf("snapshot of %s with %d actions lacks actions/checkout's fetch-depth", s.Gathered, len(s.Actions))
	}
}
