#!/usr/bin/env bash
# The steps of wflint's composite action (action.yml), kept in a script so that they can
# be run and tested outside GitHub Actions.
#
#   action.sh build   builds wflint from the action's own checkout ($GITHUB_ACTION_PATH)
#                     into $RUNNER_TEMP/wflint-action/wflint, with $WFLINT_REF as version
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

want_bool() { # want_bool NAME VALUE: "true" or "false", else an error
  case "$2" in
    true | false) ;;
    *) die "input $1 must be \"true\" or \"false\", not \"$2\"" ;;
  esac
}

build() {
  mkdir -p "$work" || exit 3
  cd "${GITHUB_ACTION_PATH:?GITHUB_ACTION_PATH is not set}" || exit 3
  go build -trimpath -ldflags "-X github.com/wflint/wflint/internal/cli.Version=${WFLINT_REF:-}" \
    -o "$bin" ./cmd/wflint || die "could not build wflint from $GITHUB_ACTION_PATH"
  "$bin" --version
}

run() {
  [ -x "$bin" ] || die "wflint is not built: run \"action.sh build\" first"
  local annotations="${WFLINT_ANNOTATIONS:-true}" summary="${WFLINT_STEP_SUMMARY:-true}"
  want_bool annotations "$annotations"
  want_bool step-summary "$summary"
  case "${WFLINT_FAIL_ON:-warning}" in
    error | warning | note) ;;
    *) die "input fail-on must be \"error\", \"warning\" or \"note\", not \"${WFLINT_FAIL_ON}\"" ;;
  esac

  # paths and args are split on spaces and newlines; read never expands globs
  local paths=() extra=()
  read -r -d '' -a paths <<<"${WFLINT_PATHS:-}"
  read -r -d '' -a extra <<<"${WFLINT_ARGS:-}"

  local json="$work/report.json" markdown="$work/summary.md" sarif=""
  rm -f "$json" "$markdown"
  local args=(--fail-on "${WFLINT_FAIL_ON:-warning}" --format "json=$json")
  if [ -n "${WFLINT_CONFIG:-}" ]; then
    args+=(--config "$WFLINT_CONFIG")
  fi
  if [ "$annotations" = true ]; then
    args+=(--format github)
  else
    args+=(--format text)
  fi
  if [ -n "${WFLINT_SARIF_FILE:-}" ]; then
    sarif=$(realpath -m -- "$WFLINT_SARIF_FILE") || die "bad sarif-file: $WFLINT_SARIF_FILE"
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
  build) build ;;
  run) run ;;
  *)
    echo "usage: action.sh build|run" >&2
    exit 2
    ;;
esac
