package engine

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/wflint/wflint/analyzer"
)

// A baseline records the findings of one day, so that later runs report only new ones:
// the way to adopt wflint in a repository with hundreds of workflows without fixing
// everything first.
type baselineFile struct {
	Version  int             `json:"version"`
	Tool     string          `json:"tool"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Rule string `json:"rule"`
	Path string `json:"path"`
	// Fingerprint identifies the finding without its line number, so that it survives
	// lines added or removed above it: a hash of the rule, the path, the text the
	// finding points at and the text of its line, blanks collapsed.
	Fingerprint string `json:"fingerprint"`
	Message     string `json:"message"` // for the reader; not compared
}

const baselineVersion = 1

func fingerprint(d analyzer.Diagnostic, f *analyzer.File, path string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", d.Rule, path)
	if f != nil {
		start, end := d.Range.Start.Offset, d.Range.End.Offset
		if 0 <= start && start <= end && end <= len(f.Src) {
			h.Write(bytes.Join(bytes.Fields(f.Src[start:end]), []byte(" ")))
		}
		h.Write([]byte{0})
		h.Write(bytes.Join(bytes.Fields(f.LineText(d.Range.Start.Line)), []byte(" ")))
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// WriteBaseline records the findings in the file name, paths made relative by uri, and
// notes how many on the log. A file that cannot be written stops the run.
func WriteBaseline(name string, uri func(string) string) ResultStep {
	return ResultStep{Name: "write baseline", Apply: func(s *State) error {
		b := baselineFile{Version: baselineVersion, Tool: "wflint", Findings: []baselineEntry{}}
		for _, d := range s.Diagnostics {
			p := uri(d.Path)
			b.Findings = append(b.Findings, baselineEntry{Rule: d.Rule, Path: p, Fingerprint: fingerprint(d, s.Files[d.Path], p), Message: d.Message})
		}
		data, err := json.MarshalIndent(b, "", "  ")
		if err == nil {
			err = WriteFileAtomic(name, append(data, '\n'))
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(s.Log, "wflint: recorded %s in %s\n", analyzer.Plural(len(b.Findings), "finding"), name)
		return nil
	}}
}

// Baseline is a read baseline: how many findings it records for each rule, path and
// fingerprint.
type Baseline struct {
	name string
	left map[string]int
}

// LoadBaseline reads a baseline written by --write-baseline.
func LoadBaseline(name string) (*Baseline, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("--baseline %s: no such file (create it with --write-baseline %s)", name, name)
		}
		return nil, fmt.Errorf("--baseline %s: %v", name, err)
	}
	var b baselineFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		why := strings.TrimPrefix(err.Error(), "json: ")
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			why = fmt.Sprintf("%q holds a JSON %s", te.Field, te.Value)
		}
		return nil, fmt.Errorf("--baseline %s: not a wflint baseline (written by --write-baseline): %s", name, why)
	}
	if b.Version != baselineVersion || b.Tool != "wflint" {
		return nil, fmt.Errorf("--baseline %s: not a wflint baseline of version %d", name, baselineVersion)
	}
	left := map[string]int{}
	for _, e := range b.Findings {
		left[e.Rule+"\x00"+e.Path+"\x00"+e.Fingerprint]++
	}
	return &Baseline{name: name, left: left}, nil
}

// ApplyBaseline drops the findings that the baseline records. Each entry accounts for
// one finding, so a second copy of a recorded mistake is new. It notes on the log how
// many were dropped and how many entries of the files linted found nothing (fixed since).
func ApplyBaseline(b *Baseline, uri func(string) string) ResultStep {
	return ResultStep{Name: "baseline", Apply: func(s *State) error {
		left := b.left
		hidden, gone := 0, 0
		s.Diagnostics = slices.DeleteFunc(s.Diagnostics, func(d analyzer.Diagnostic) bool {
			p := uri(d.Path)
			key := d.Rule + "\x00" + p + "\x00" + fingerprint(d, s.Files[d.Path], p)
			if left[key] > 0 {
				left[key]--
				hidden++
				return true
			}
			return false
		})
		linted := map[string]bool{}
		for _, p := range s.Paths {
			linted[uri(p)] = true
		}
		for key, n := range left {
			if path := strings.Split(key, "\x00")[1]; linted[path] {
				gone += n // a file of this run: the finding is gone
			}
		}
		if hidden > 0 {
			fmt.Fprintf(s.Log, "wflint: %s in the baseline %s not shown\n", analyzer.Plural(hidden, "finding"), b.name)
		}
		if gone > 0 {
			fmt.Fprintf(s.Log, "wflint: %s of the baseline no longer found; shrink it with --write-baseline %s\n", analyzer.Plural(gone, "finding"), b.name)
		}
		return nil
	}}
}
