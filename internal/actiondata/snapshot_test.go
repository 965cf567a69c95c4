package actiondata

import (
	"bytes"
	_ "embed"
	"go/format"
	"os"
	"reflect"
	"testing"

	"github.com/wflint/wflint/internal/testenv"
)

//go:embed snapshot.json
var snapshotJSON []byte

// The compiled-in snapshot is snapshot.json, and snapshot_data.go is what the generator
// writes for it.
func TestGoSourceIsSnapshotJSON(t *testing.T) {
	parsed, err := Parse(snapshotJSON)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(parsed, embedded()) {
		t.Error("snapshot_data.go builds another snapshot than snapshot.json: run go generate ./internal/actiondata")
	}
	src, err := format.Source(parsed.GoSource())
	if err != nil {
		t.Fatal(err)
	}
	if file, err := os.ReadFile("snapshot_data.go"); err != nil || !bytes.Equal(file, src) {
		t.Errorf("snapshot_data.go is not what the generator writes for snapshot.json (%v): run go generate ./internal/actiondata", err)
	}
}

// The embedded snapshot is what the generator makes of the corpus: run go generate
// ./internal/actiondata after the corpus changes.
func TestSnapshotIsGenerated(t *testing.T) {
	corpus := testenv.Corpus(t)
	want, err := Build(corpus, Current().Gathered, InActionlintTable)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, snapshotJSON) {
		t.Error("snapshot.json differs from what the generator makes of the corpus: run go generate ./internal/actiondata")
	}
}

func TestSnapshotParses(t *testing.T) {
	s := Current()
	if s.Gathered == "" || len(s.Actions) < 40 || s.Actions["actions/checkout"] == nil || s.Actions["actions/checkout"].Inputs["fetch-depth"] == nil {
		t.Errorf("snapshot of %s with %d actions lacks actions/checkout's fetch-depth", s.Gathered, len(s.Actions))
	}
}

func TestEnvWrites(t *testing.T) {
	for _, c := range []struct {
		script string
		names  []string
		ok     bool
	}{
		{"echo hi", nil, true},
		{"echo \"CC_FORK=$X\" >> \"$GITHUB_ENV\"\necho CARGO_HOME=a >> $GITHUB_ENV", []string{"CC_FORK", "CARGO_HOME"}, true},
		{"echo \"$NAME=$VALUE\" >> $GITHUB_ENV", nil, false},
		{"cat >> $GITHUB_ENV <<EOF\nA=1\nEOF", nil, false},
		{"echo \"NOTES<<EOF\" >> $GITHUB_ENV", nil, false},
		{"echo $GITHUB_ENV", nil, true}, // prints the path, writes nothing
	} {
		names, ok := envWrites(c.script)
		if ok != c.ok || len(names) != len(c.names) {
			t.Errorf("%q: %v %v, want %v %v", c.script, names, ok, c.names, c.ok)
			continue
		}
		for i := range names {
			if names[i] != c.names[i] {
				t.Errorf("%q: %v, want %v", c.script, names, c.names)
			}
		}
	}
}

// Lookup finds every action of the snapshot, as the snapshot has it, and nothing else.
func TestLookup(t *testing.T) {
	snap := embedded()
	if len(snap.Actions) < 50 {
		t.Fatalf("only %d actions", len(snap.Actions))
	}
	for name, want := range snap.Actions {
		got := Lookup(name)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Lookup(%q) = %+v, want %+v", name, got, want)
		}
		if Lookup(name) != got {
			t.Errorf("Lookup(%q) built the action twice", name)
		}
	}
	for _, name := range []string{"", "actions/checkou", "actions/checkout/sub", "Actions/Checkout", "zzz/zzz"} {
		if a := Lookup(name); a != nil {
			t.Errorf("Lookup(%q) = %+v, want nil", name, a)
		}
	}
}
