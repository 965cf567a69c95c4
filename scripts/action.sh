#!/usr/bin/env bash
# The steps of wflint's composite action (action.yml), kept in a script so that they can
# be run and tested outside GitHub Actions.
#
#   action.sh install puts wflint at $RUNNER_TEMP/wflint-action/wflint: for a release
#                     version ($WFLINT_VERSION, else the action's ref $WFLINT_REF, such as
#                     v1.2.0) the release's binary for this runner, checked against the
#                     release's SHA256SUMS and kept in the tool cache; for a branch or
#                     commit, or a version with no release, built from the action's own
#                     checkout with the Go on the PATH. Nothing is added to the PATH.
#   action.sh run     runs it in the current directory with the action's inputs, given as
#                     WFLINT_PATHS, WFLINT_ARGS, WFLINT_CONFIG, WFLINT_FAIL_ON,
#                     WFLINT_SARIF_FILE, WFLINT_ANNOTATIONS and WFLINT_STEP_SUMMARY; writes
#                     the outputs sarif-file, findings and exit-code to $GITHUB_OUTPUT and
#                     the Markdown report to $GITHUB_STEP_SUMMARY; exits with wflint's code
#
# Inputs arrive as environment variables, never spliced into the script text, so a value
# cannot run as code.
set -uo pipefail

die() {
  echo "::error title=wflint action::$*"
  exit 2
}

work="${RUNNER_TEMP:?RUNNER_TEMP is not set (run this from GitHub Actions or set it)}/wflint-action"
bin="$work/wflint"
if [ "${RUNNER_OS:-}" = Windows ]; then
  bin="$work/wflint.exe" # Windows runs only what ends in .exe
fi

want_bool() { # want_bool NAME VALUE: "true" or "false", else an error
  case "$2" in
    true | false) ;;
    *) die "input $1 must be \"true\" or \"false\", not \"$2\"" ;;
  esac
}

build() { # build VERSION: from the action's checkout
  command -v go >/dev/null || die "there is no release of wflint $1 to download and no Go on the PATH to build it: add actions/setup-go before this step, or use a release version"
  echo "wflint $1: building from source (no release binary)"
  (cd "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}" &&
    CGO_ENABLED=0 GOTOOLCHAIN=auto go build -trimpath -ldflags "-X github.com/wflint/wflint/internal/cli.Version=$1" \
      -o "$bin" ./cmd/wflint) || die "could not build wflint from $GITHUB_ACTION_PATH"
}

fetch() { # fetch URL FILE: 0 fetched, 1 not found, else dies
  local code
  code=$(curl -sSL --retry 3 -o "$2" -w '%{http_code}' "$1") || die "could not download $1"
  case "$code" in
    200) return 0 ;;
    404) return 1 ;;
    *) die "downloading $1 failed with HTTP $code" ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null; then sha256sum "$1" | cut -d' ' -f1; else shasum -a 256 "$1" | cut -d' ' -f1; fi
}

install() {
  mkdir -p "$work" || exit 3
  rm -f "$bin"
  local version="${WFLINT_VERSION:-}"
  [ -n "$version" ] || version="${WFLINT_REF:-}"
  if [ -z "$version" ]; then # uses: ./ has no ref
    build dev
    "$bin" --version
    return
  fi
  if ! [[ "$version" =~ ^v[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]]; then
    build "$version" # a branch or a commit
    "$bin" --version
    return
  fi
  local os arch
  case "${RUNNER_OS:-$(uname -s)}" in
    Linux) os=linux ;;
    macOS | Darwin) os=darwin ;;
    Windows | MINGW* | MSYS*) os=windows ;;
    *) die "no wflint release for the system ${RUNNER_OS:-$(uname -s)}" ;;
  esac
  case "${RUNNER_ARCH:-$(uname -m)}" in
    X64 | x86_64 | amd64) arch=amd64 ;;
    ARM64 | arm64 | aarch64) arch=arm64 ;;
    *) die "no wflint release for the architecture ${RUNNER_ARCH:-$(uname -m)}" ;;
  esac
  local name="wflint_${version#v}_${os}_${arch}" exe=wflint
  if [ "$os" = windows ]; then name+=.exe exe=wflint.exe; fi
  local cache="${RUNNER_TOOL_CACHE:-$work/tool-cache}/wflint/${version#v}/$arch"
  if [ -f "$cache.complete" ] && [ -x "$cache/$exe" ]; then
    echo "wflint $version: from the tool cache"
    cp "$cache/$exe" "$bin"
    "$bin" --version
    return
  fi
  local base="${WFLINT_RELEASE_URL:-https://github.com/wflint/wflint/releases/download}/$version"
  if ! fetch "$base/SHA256SUMS" "$work/SHA256SUMS"; then
    build "$version" # a tag without a release
    "$bin" --version
    return
  fi
  fetch "$base/$name" "$work/$name" || die "release $version has no binary $name"
  local want got
  want=$(awk -v f="$name" '$2 == f || $2 == "*" f {print $1}' "$work/SHA256SUMS")
  got=$(sha256 "$work/$name")
  if [ -z "$want" ] || [ "$want" != "$got" ]; then
    rm -f "$work/$name"
    die "$name does not match the release's SHA256SUMS (want ${want:-no entry}, got $got): not running it"
  fi
  echo "wflint $version: downloaded $name, SHA-256 verified"
  chmod +x "$work/$name"
  mv "$work/$name" "$bin"
  if mkdir -p "$cache" && cp "$bin" "$cache/$exe"; then
    touch "$cache.complete" # the tool cache's mark of a finished entry
  fi
  "$bin" --version
}

run() {
  [ -x "$bin" ] || die "wflint is not installed: run \"action.sh install\" first"
  local annotations="${WFLINT_ANNOTATIONS:-true}" summary="${WFLINT_STEP_SUMMARY:-true}"
  want_bool annotations "$annotations"
  want_bool step-summary "$summary"
  case "${WFLINT_FAIL_ON:-}" in
    "" | error | warning | note) ;;
    *) die "input fail-on must be \"error\", \"warning\" or \"note\", not \"${WFLINT_FAIL_ON}\"" ;;
  esac

  # paths and args are split on spaces and newlines; read never expands globs
  local paths=() extra=()
  read -r -d '' -a paths <<<"${WFLINT_PATHS:-}"
  read -r -d '' -a extra <<<"${WFLINT_ARGS:-}"

  local json="$work/report.json" markdown="$work/summary.md" sarif=""
  rm -f "$json" "$markdown"
  local args=(--format "json=$json")
  if [ -n "${WFLINT_FAIL_ON:-}" ]; then
    args+=(--fail-on "$WFLINT_FAIL_ON")
  fi
  if [ -n "${WFLINT_CONFIG:-}" ]; then
    args+=(--config "$WFLINT_CONFIG")
  fi
  if [ "$annotations" = true ]; then
    args+=(--format github)
  else
    args+=(--format text)
  fi
  # sarif-file: empty writes the report under $RUNNER_TEMP, "none" writes none
  local sarif_file="${WFLINT_SARIF_FILE:-}"
  [ -n "$sarif_file" ] || sarif_file="$work/wflint.sarif"
  if [ "$sarif_file" != none ]; then
    sarif=$(realpath -m -- "$sarif_file") || die "bad sarif-file: $sarif_file"
    mkdir -p "$(dirname "$sarif")"
    args+=(--format "sarif=$sarif")
  fi
  if [ "$summary" = true ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    args+=(--format "markdown=$markdown")
  fi

  "$bin" "${args[@]}" "${extra[@]}" -- "${paths[@]}"
  local code=$?

  # the JSON report has one "rule" key per finding at this indentation
  local findings=""
  if [ -f "$json" ]; then
    findings=$(grep -c '^      "rule": ' "$json")
  fi
  [ -f "$sarif" ] || sarif=""
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    {
      echo "sarif-file=$sarif"
      echo "findings=$findings"
      echo "exit-code=$code"
    } >>"$GITHUB_OUTPUT"
  fi
  if [ -f "$markdown" ]; then
    cat "$markdown" >>"$GITHUB_STEP_SUMMARY"
  fi
  exit "$code"
}

case "${1:-}" in
  install) install ;;
  run) run ;;
  *)
    echo "usage: action.sh install|run" >&2
    exit 2
    ;;
esac
