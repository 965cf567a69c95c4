#!/usr/bin/env bash
# Compares the wflint and actionlint command lines on the corpus workflows, interleaved:
# ROUNDS rounds of one run each, wall time, CPU time and peak memory (/usr/bin/time).
# Both are built static (CGO_ENABLED=0), as wflint's releases are; actionlint is built
# from its Go package (internal/bench/actionlint), shellcheck and
# pyflakes off for both, as in the in-process benchmarks. With COPIES > 1 the workflows
# are copied COPIES times into a temporary folder first (10 copies: 28,040 files).
#   scripts/bench-cli.sh [ROUNDS] [CORPUS] [COPIES]
set -euo pipefail
rounds=${1:-5}
corpus=$(cd "${2:-../shared/corpus}" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
CGO_ENABLED=0 go build -o "$tmp/wflint" ./cmd/wflint
CGO_ENABLED=0 go build -o "$tmp/actionlint" ./internal/bench/actionlint
copies=${3:-1}
cd "$corpus/workflows"
if ((copies > 1)); then
	for i in $(seq "$copies"); do cp -r . "$tmp/copy$i"; done
	cd "$tmp"
fi
mapfile -t files < <(find . -name '*.yml' -o -name '*.yaml' | sort)
for _ in $(seq "$rounds"); do
	/usr/bin/time -f "actionlint %e %U %S %M" "$tmp/actionlint" -shellcheck= -pyflakes= "${files[@]}" >/dev/null 2>>"$tmp/al.txt" || true
	/usr/bin/time -f "wflint %e %U %S %M" "$tmp/wflint" --disable shellcheck --no-repo --format json "${files[@]}" >/dev/null 2>>"$tmp/wf.txt" || true
done
python3 - "$tmp/al.txt" "$tmp/wf.txt" "${#files[@]}" <<'PY'
import statistics, sys
def rows(p):
    return [l.split() for l in open(p) if l.startswith(("actionlint ", "wflint "))]
al, wf = rows(sys.argv[1]), rows(sys.argv[2])
def med(rs, i): return statistics.median(float(r[i]) for r in rs)
print(f"{sys.argv[3]} files, {len(al)} interleaved rounds, medians:")
for name, rs in (("actionlint", al), ("wflint", wf)):
    print(f"  {name:10} wall {med(rs,1):.2f} s  cpu {med(rs,2)+med(rs,3):.2f} s  peak {med(rs,4)/1024:.0f} MB")
ratios = sorted(float(w[1]) / float(a[1]) for a, w in zip(al, wf))
print(f"  wall time wflint/actionlint: median {statistics.median(ratios):.2f} (range {ratios[0]:.2f}-{ratios[-1]:.2f})")
PY
