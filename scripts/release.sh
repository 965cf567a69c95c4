#!/usr/bin/env bash
# Builds wflint's release files: one binary for each of linux, darwin and windows on amd64
# and arm64, reproducibly (no cgo, -trimpath, no build id, the version stamped in), and a
# SHA256SUMS file over them.
#   scripts/release.sh VERSION [OUTDIR]     (OUTDIR defaults to dist/VERSION)
# VERSION is a tag such as v1.2.0. Building twice from the same commit gives the same
# bytes, which .ci/run checks.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:?usage: scripts/release.sh VERSION [OUTDIR]}
case "$version" in
v[0-9]*) ;;
*)
	echo "release.sh: VERSION must look like v1.2.3, not \"$version\"" >&2
	exit 2
	;;
esac
out=${2:-dist/$version}
mkdir -p "$out"
for target in linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64; do
	os=${target%/*} arch=${target#*/}
	name="wflint_${version#v}_${os}_${arch}"
	[ "$os" = windows ] && name+=.exe
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -buildvcs=false \
		-ldflags "-s -w -buildid= -X github.com/wflint/wflint/internal/cli.Version=$version" \
		-o "$out/$name" ./cmd/wflint
done
(cd "$out" && sha256sum wflint_* >SHA256SUMS)
echo "release.sh: $(wc -l <"$out/SHA256SUMS") binaries and SHA256SUMS in $out"
