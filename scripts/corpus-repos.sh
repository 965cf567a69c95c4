#!/usr/bin/env bash
# Lints each repository folder of the shared corpus as its own repository, the way a new
# user's first run would (default settings, GITHUB_REPOSITORY set to the owner/repo), and
# prints how many exit non-zero and which rules fail them.
#   scripts/corpus-repos.sh [WFLINT] [CORPUS]
set -euo pipefail
bin=${1:-./wflint}
corpus=${2:-../shared/corpus}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
failing=0 total=0
found=$(mktemp)
trap 'rm -f "$found"' EXIT
for dir in "$corpus"/workflows/*/; do
	name=$(basename "$dir")
	repo=${name/__//}
	total=$((total + 1))
	if ! out=$(cd "$dir" && GITHUB_REPOSITORY=$repo "$bin" --format json . 2>/dev/null); then
		failing=$((failing + 1))
		printf '%s\n' "$out" | python3 -c '
import json, sys
for d in json.load(sys.stdin)["diagnostics"]:
    if d["severity"] in ("error", "warning"):
        print(sys.argv[1], d["rule"], d["severity"])' "$repo" >>"$found"
	fi
done
echo "failing: $failing of $total repositories"
python3 - "$found" <<'PY'
import collections, sys
rows = [l.split() for l in open(sys.argv[1])]
print("findings that fail a build:", len(rows))
by_rule = collections.Counter((r[1], r[2]) for r in rows)
print("by rule:", ", ".join(f"{rule} ({sev}) {n}" for (rule, sev), n in by_rule.most_common(10)))
repos = collections.defaultdict(set)
for repo, rule, _ in rows:
    repos[repo].add(rule)
print("repositories failed by each rule:", ", ".join(f"{r} {n}" for r, n in collections.Counter(x for s in repos.values() for x in s).most_common(10)))
PY
