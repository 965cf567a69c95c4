#!/usr/bin/env bash
# Proves the release: scripts/release.sh builds the six binaries and SHA256SUMS, twice to
# the same bytes; the checksums verify; the linux/amd64 binary reports the version; and a
# plain build at a tagged commit reports that tag from Go's build information.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "release-test: FAIL: $*" >&2
  exit 1
}

cd "$here"
scripts/release.sh v1.2.3 "$tmp/a" >/dev/null
scripts/release.sh v1.2.3 "$tmp/b" >/dev/null
[ "$(wc -l <"$tmp/a/SHA256SUMS")" -eq 6 ] || fail "SHA256SUMS lists $(wc -l <"$tmp/a/SHA256SUMS") files, not 6"
cmp -s "$tmp/a/SHA256SUMS" "$tmp/b/SHA256SUMS" || fail "two builds of the same commit differ"
(cd "$tmp/a" && sha256sum --quiet -c SHA256SUMS) || fail "the checksums do not verify"
got=$("$tmp/a/wflint_1.2.3_linux_amd64" --version)
[ "$got" = "wflint v1.2.3" ] || fail "the release binary says \"$got\""
echo "release-test: six reproducible binaries, SHA256SUMS verifies, the binary reports v1.2.3"

# go install at a tag: the version comes from the build information (buildvcs)
git clone -q "$here" "$tmp/clone"
git -C "$tmp/clone" tag v1.4.0
(cd "$tmp/clone" && go build -buildvcs=true -o "$tmp/tagged" ./cmd/wflint)
got=$("$tmp/tagged" --version)
[ "$got" = "wflint v1.4.0" ] || fail "a build at tag v1.4.0 says \"$got\""
echo "release-test: a build at a tagged commit reports the tag"
