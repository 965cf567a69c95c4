#!/usr/bin/env bash
# Compares wflint and actionlint on one small file, process start included: RUNS
# interleaved runs of each (and of --version alone), medians in milliseconds. Both are
# built static (CGO_ENABLED=0), as wflint's releases are.
#   scripts/bench-one.sh [RUNS] [FILE]
set -euo pipefail
runs=${1:-150}
file=${2:-testdata/e2e/docker-ci.yml}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -o "$tmp/wflint" ./cmd/wflint
CGO_ENABLED=0 go build -o "$tmp/actionlint" ./internal/bench/actionlint
python3 - "$tmp" "$runs" "$file" <<'PY'
import statistics, subprocess, sys, time
tmp, runs, f = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cmds = {
    "actionlint": [f"{tmp}/actionlint", "-shellcheck=", "-pyflakes=", f],
    "wflint": [f"{tmp}/wflint", "--disable", "shellcheck", "--no-repo", f],
    "actionlint -version": [f"{tmp}/actionlint", "-version"],
    "wflint --version": [f"{tmp}/wflint", "--version"],
}
times = {k: [] for k in cmds}
for _ in range(runs):
    for k, c in cmds.items():
        t = time.perf_counter()
        subprocess.run(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[k].append(time.perf_counter() - t)
med = {k: statistics.median(v) * 1000 for k, v in times.items()}
for k, v in med.items():
    print(f"  {k:20} {v:.2f} ms")
print(f"  one file wflint/actionlint: {med['wflint'] / med['actionlint']:.2f}")
PY
