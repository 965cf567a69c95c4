#!/usr/bin/env bash
# Compares wflint and actionlint in one process per round (BenchmarkWflint and
# BenchmarkActionlint of internal/corpustest, every corpus workflow, shellcheck off for
# both), ROUNDS rounds whose order alternates, and prints each round's time per file and
# the median ratio.
#   scripts/bench-inproc.sh [ROUNDS]
set -euo pipefail
rounds=${1:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test -c -o "$tmp/ct.test" ./internal/corpustest
cd internal/corpustest
for i in $(seq "$rounds"); do
	if ((i % 2)); then order='BenchmarkWflint$|BenchmarkActionlint$'; else order='BenchmarkActionlint$|BenchmarkWflint$'; fi
	"$tmp/ct.test" -test.run '^$' -test.bench "$order" -test.benchtime 5x 2>&1 | grep '^Benchmark' >>"$tmp/out.txt"
done
python3 - "$tmp/out.txt" <<'PY'
import re, statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
def metric(r, unit):
    return float(r[r.index(unit) - 1])
wf = [r for r in rows if r[0].startswith("BenchmarkWflint")]
al = [r for r in rows if r[0].startswith("BenchmarkActionlint")]
ratios = sorted(metric(w, "ns/file") / metric(a, "ns/file") for w, a in zip(wf, al))
for name, rs in (("actionlint", al), ("wflint", wf)):
    print(f"  {name:10} {statistics.median(metric(r, 'ns/file') for r in rs)/1000:.0f} µs/file  "
          f"{statistics.median(metric(r, 'B/file') for r in rs)/1000:.0f} KB  "
          f"{statistics.median(metric(r, 'allocs/file') for r in rs):.0f} allocations per file")
print(f"  per file wflint/actionlint: median {statistics.median(ratios):.2f} (range {ratios[0]:.2f}-{ratios[-1]:.2f}, {len(ratios)} rounds)")
PY
