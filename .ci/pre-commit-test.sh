#!/usr/bin/env bash
# Proves .pre-commit-hooks.yaml with the real pre-commit: in a throwaway git repository,
# "pre-commit try-repo <this checkout> HOOK --all-files" must fail on a bad workflow with
# wflint's message, and pass once the workflow is fixed: the wflint hook (built by
# pre-commit with Go) and the wflint-system hook (the wflint on the PATH).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/cache" # a fresh hook environment: the hook is built from this checkout
(cd "$here" && go build -o "$tmp/bin/wflint" ./cmd/wflint)

cd "$tmp"
mkdir repo && cd repo
git init -q
git config user.email ci@example.com
git config user.name ci
mkdir -p .github/workflows
cat >.github/workflows/ci.yml <<'YAML'
on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    needs: [biuld]
    steps:
      - run: echo test
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo build
YAML
echo "not a workflow: [" >notes.yml # outside the hook's files: never passed to wflint
git add -A && git commit -qm bad

for hook in wflint wflint-system; do
  git checkout -q -- . 2>/dev/null || true
  sed -i 's/needs: \[build\]/needs: [biuld]/' .github/workflows/ci.yml
  git commit -qam "bad again" >/dev/null 2>&1 || true # the first round starts bad already
  path=$PATH
  [ "$hook" = wflint-system ] && path="$tmp/bin:$PATH"
  if PATH=$path pre-commit try-repo "$here" "$hook" --all-files >"$tmp/out" 2>&1; then
    cat "$tmp/out"
    echo "pre-commit-test: FAIL: the hook passed on a bad workflow" >&2
    exit 1
  fi
  if ! grep -q 'ci.yml:6:13: error: job "test" needs unknown job "biuld"; did you mean "build"?' "$tmp/out"; then
    cat "$tmp/out"
    echo "pre-commit-test: FAIL: the hook failed without wflint's message" >&2
    exit 1
  fi
  echo "pre-commit-test: $hook: a bad workflow fails the hook with wflint's message"

  sed -i 's/biuld/build/' .github/workflows/ci.yml
  git commit -qam fixed
  if ! PATH=$path pre-commit try-repo "$here" "$hook" --all-files >"$tmp/out" 2>&1; then
    cat "$tmp/out"
    echo "pre-commit-test: FAIL: the hook failed on a good workflow" >&2
    exit 1
  fi
  echo "pre-commit-test: $hook: a good workflow passes the hook"
done
