#!/usr/bin/env bash
# Proves .pre-commit-hooks.yaml with the real pre-commit: in a throwaway git repository,
# "pre-commit try-repo <this checkout> wflint --all-files" must fail on a bad workflow
# with wflint's message, and pass once the workflow is fixed.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PRE_COMMIT_HOME="$tmp/cache" # a fresh hook environment: the hook is built from this checkout

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

if pre-commit try-repo "$here" wflint --all-files >"$tmp/out" 2>&1; then
  cat "$tmp/out"
  echo "pre-commit-test: FAIL: the hook passed on a bad workflow" >&2
  exit 1
fi
if ! grep -q 'ci.yml:6:13: error: job "test" needs unknown job "biuld"; did you mean "build"?' "$tmp/out"; then
  cat "$tmp/out"
  echo "pre-commit-test: FAIL: the hook failed without wflint's message" >&2
  exit 1
fi
echo "pre-commit-test: a bad workflow fails the hook with wflint's message"

sed -i 's/biuld/build/' .github/workflows/ci.yml
git commit -qam fixed
if ! pre-commit try-repo "$here" wflint --all-files >"$tmp/out" 2>&1; then
  cat "$tmp/out"
  echo "pre-commit-test: FAIL: the hook failed on a good workflow" >&2
  exit 1
fi
echo "pre-commit-test: a good workflow passes the hook"
