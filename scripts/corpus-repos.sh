#!/usr/bin/env bash
# Lints each repository folder of the shared corpus as its own repository, the way a new
# user's first run would (default settings, GITHUB_REPOSITORY set to the owner/repo), and
# prints how many exit non-zero and which rules fail them.
#   scripts/corpus-repos.sh [WFLINT] [CORPUS]
# FAIL_ON is the level the run fails on (default "error", the default profile's; set it
# to "warning" when WFLINT_ARGS holds --strict or --fail-on warning); WFLINT_ARGS are more
# flags, split on spaces. SAMPLE=N (with SEED, default 1) lists N findings that fail a
# build, drawn at random, for a person to judge.
set -euo pipefail
bin=${1:-./wflint}
corpus=${2:-../shared/corpus}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
read -r -a extra <<<"${WFLINT_ARGS:-}"
failing=0 total=0
found=$(mktemp)
trap 'rm -f "$found"' EXIT
for dir in "$corpus"/workflows/*/; do
	name=$(basename "$dir")
	repo=${name/__//}
	total=$((total + 1))
	if ! out=$(cd "$dir" && GITHUB_REPOSITORY=$repo "$bin" ${extra[@]+"${extra[@]}"} --format json . 2>/dev/null); then
		failing=$((failing + 1))
		printf '%s\n' "$out" | python3 -c '
import json, sys
levels = {"note": 1, "warning": 2, "error": 3}
for d in json.load(sys.stdin)["diagnostics"]:
    if levels[d["severity"]] >= levels[sys.argv[2]]:
        r = d["range"]["start"]
        print(sys.argv[1], d["rule"], d["severity"], "%s:%d:%d" % (d["path"], r["line"], r["column"]), json.dumps(d["message"]))' "$repo" "${FAIL_ON:-error}" >>"$found"
	fi
done
echo "failing: $failing of $total repositories"
python3 - "$found" "${SAMPLE:-0}" "${SEED:-1}" <<'PY'
import collections, json, random, sys
rows = [l.split(" ", 4) for l in open(sys.argv[1])]
print("findings that fail a build:", len(rows))
by_rule = collections.Counter((r[1], r[2]) for r in rows)
print("by rule:", ", ".join(f"{rule} ({sev}) {n}" for (rule, sev), n in by_rule.most_common(10)))
repos = collections.defaultdict(set)
for repo, rule, *_ in rows:
    repos[repo].add(rule)
print("repositories failed by each rule:", ", ".join(f"{r} {n}" for r, n in collections.Counter(x for s in repos.values() for x in s).most_common(10)))
n, seed = int(sys.argv[2]), int(sys.argv[3])
if n:
    print(f"a sample of {n} of them (seed {seed}):")
    for i, (repo, rule, sev, where, msg) in enumerate(random.Random(seed).sample(rows, min(n, len(rows))), 1):
        print(f"{i:2}. {repo} {where} {sev} [{rule}] {json.loads(msg)}")
PY
