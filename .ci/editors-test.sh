#!/usr/bin/env bash
# Runs the editor set-ups of docs/editors.md in the real editors: Neovim (the nvim-lint
# linter definition, headless) and Emacs (the flycheck checker, in batch mode). Each must
# put wflint's findings on the right lines and characters of a buffer whose error line
# holds a non-ASCII character before the finding.
#
# nvim-lint itself is not packaged for Debian: a stand-in runs the definition as nvim-lint
# does (command, arguments, the buffer on standard input, then the parser).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$here" && go build -o "$tmp/bin/wflint" ./cmd/wflint)
export PATH="$tmp/bin:$PATH"

# the code blocks of docs/editors.md
block() { # block LANG: the first ```LANG block
  awk -v lang="$1" '$0 == "```" lang {on=1; next} on && $0 == "```" {exit} on {print}' "$here/docs/editors.md"
}

repo="$tmp/repo"
mkdir -p "$repo/.github/workflows"
git -C "$repo" init -q
cat >"$repo/.github/workflows/ci.yml" <<'YAML'
on: push
permissions: {}
jobs:
  test:
    runs-on: ubuntu-latest
    needs: [biuld]
    steps:
      - run: echo "café ${{ matrix.nope }}"
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo build
YAML
# what each editor must show: line, the text at the finding, severity, rule
want='6 biuld error needs-unknown-job
8 nope warning undefined-matrix'

fail() {
  echo "editors-test: FAIL: $*" >&2
  exit 1
}

check() { # check WHO LOG OUT WANT: the editor's findings in OUT must be WANT
  local got
  got=$(cat "$3" 2>/dev/null || true)
  if [ "$got" != "$4" ]; then
    cat "$2"
    fail "$1 shows
$got
want
$4"
  fi
}

echo "== Neovim $(nvim --version | head -1)"
{
  cat <<'LUA'
-- a stand-in for nvim-lint: run the linter on the buffer and set its diagnostics
local ns = vim.api.nvim_create_namespace("lint")
package.loaded["lint"] = {
  linters = {},
  try_lint = function(name)
    local linter = package.loaded["lint"].linters[name]
    local cmd = { linter.cmd }
    for _, a in ipairs(linter.args) do
      table.insert(cmd, type(a) == "function" and a() or a)
    end
    local bufnr = vim.api.nvim_get_current_buf()
    local input = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n") .. "\n"
    local output = vim.fn.system(cmd, input)
    if vim.v.shell_error ~= 0 and not linter.ignore_exitcode then
      error("linter failed: " .. output)
    end
    vim.diagnostic.set(ns, bufnr, linter.parser(output, bufnr))
  end,
}
LUA
  block lua
  cat <<'LUA'
function report(path)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local line = vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1]
    local sev = ({ "error", "warning", "note" })[d.severity]
    table.insert(out, string.format("%d %s %s %s", d.lnum + 1, line:sub(d.col + 1, d.end_col), sev, d.code))
  end
  table.sort(out)
  local f = assert(io.open(path, "w"))
  f:write(table.concat(out, "\n"), "\n")
  f:close()
end
LUA
} >"$tmp/init.lua"
(cd "$repo" && nvim --headless -u NONE -i NONE -n \
  -c "luafile $tmp/init.lua" -c "edit .github/workflows/ci.yml" \
  -c "lua report('$tmp/nvim.out')" -c "qa!") >"$tmp/nvim.log" 2>&1 || { cat "$tmp/nvim.log"; fail "nvim exited with an error"; }
check Neovim "$tmp/nvim.log" "$tmp/nvim.out" "$want"
echo "editors-test: Neovim shows both findings at the right characters"

echo "== Neovim's built-in LSP client and wflint lsp"
# the set-up of docs/editors.md, started for the buffer as Neovim 0.7 (Debian's) can
cat >"$tmp/lsp.lua" <<'LUA'
local out_path = ...
local out = {}
local buf = vim.api.nvim_get_current_buf()
LUA
block lua-lsp >>"$tmp/lsp.lua"
cat >>"$tmp/lsp.lua" <<'LUA'
local function codes()
  local t = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
    table.insert(t, (d.lnum + 1) .. " " .. code)
  end
  table.sort(t)
  return table.concat(t, ",")
end
local function wait_for(want)
  vim.wait(20000, function() return codes() == want end, 50)
  table.insert(out, codes())
end
-- on open
wait_for("6 needs-unknown-job,8 undefined-matrix")
-- an edit, not saved: a new finding appears
vim.api.nvim_buf_set_lines(buf, 8, 8, false, { "        shell: bash -e" })
wait_for("6 needs-unknown-job,8 undefined-matrix,9 shell-name")
-- its code action, applied
local params = vim.lsp.util.make_range_params()
params.range = { start = { line = 8, character = 15 }, ["end"] = { line = 8, character = 15 } }
params.context = { diagnostics = {} }
local results = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000) or {}
for _, r in pairs(results) do
  for _, action in ipairs(r.result or {}) do
    table.insert(out, action.title)
    vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
  end
end
table.insert(out, vim.api.nvim_buf_get_lines(buf, 8, 9, false)[1])
wait_for("6 needs-unknown-job,8 undefined-matrix")
local f = assert(io.open(out_path, "w"))
f:write(table.concat(out, "\n"), "\n")
f:close()
LUA
(cd "$repo" && nvim --headless -u NONE -i NONE -n \
  -c "edit .github/workflows/ci.yml" -c "lua loadfile('$tmp/lsp.lua')('$tmp/lsp.out')" -c "qa!") >"$tmp/lsp.log" 2>&1 || { cat "$tmp/lsp.log"; fail "nvim exited with an error"; }
check "Neovim's LSP client" "$tmp/lsp.log" "$tmp/lsp.out" '6 needs-unknown-job,8 undefined-matrix
6 needs-unknown-job,8 undefined-matrix,9 shell-name
add {0}
        shell: bash -e {0}
6 needs-unknown-job,8 undefined-matrix'
echo "editors-test: Neovim's LSP client shows the findings, a new one without saving, and applies its fix"

echo "== efm-langserver's lint-formats, read as Vim's errorformat by Neovim"
# efm-langserver parses output with Vim's errorformat syntax; Neovim's own quickfix
# reader checks the patterns of the efm config block
efm=$(block yaml | sed -n 's/^ *- "\(%f:.*\)"$/\1/p' | paste -sd, -)
[ -n "$efm" ] || fail "no lint-formats in the efm block of docs/editors.md"
# shellcheck disable=SC2094 # the --stdin-filename argument names the file, it does not write it
(cd "$repo" && wflint --oneline --color never --stdin-filename .github/workflows/ci.yml - <.github/workflows/ci.yml >"$tmp/oneline.txt") || true
cat >"$tmp/efm.lua" <<'LUA'
local efm, input, path = ...
vim.o.errorformat = efm
vim.fn.setqflist({}, " ", { lines = vim.fn.readfile(input), efm = efm })
local out = {}
for _, e in ipairs(vim.fn.getqflist()) do
  if e.valid == 1 then
    local rule = e.text:match("%[([a-z0-9-]+)%]$")
    table.insert(out, string.format("%d %d %s %s", e.lnum, e.col, ({ e = "error", w = "warning", n = "note" })[e.type], rule))
  end
end
local f = assert(io.open(path, "w"))
f:write(table.concat(out, "\n"), "\n")
f:close()
LUA
nvim --headless -u NONE -i NONE -n -c "lua loadfile('$tmp/efm.lua')([[$efm]], '$tmp/oneline.txt', '$tmp/efm.out')" -c "qa!" >"$tmp/efm.log" 2>&1 || { cat "$tmp/efm.log"; fail "nvim exited with an error"; }
check "the errorformat" "$tmp/oneline.txt" "$tmp/efm.out" '6 13 error needs-unknown-job
8 36 warning undefined-matrix'
echo "editors-test: the efm lint-formats read every finding"

echo "== Emacs $(emacs --version | head -1), flycheck"
block elisp >"$tmp/wflint-flycheck.el"
cat >"$tmp/run.el" <<'ELISP'
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa") ; Debian's elpa-* packages
(package-initialize)
(require 'yaml-mode)
(load (expand-file-name "wflint-flycheck.el" (file-name-directory load-file-name)))
(find-file ".github/workflows/ci.yml")
(yaml-mode)
(flycheck-mode 1)
(unless (flycheck-may-use-checker 'wflint) (error "the wflint checker does not apply to this buffer"))
(setq flycheck-checker 'wflint)
(flycheck-buffer)
(let ((deadline (+ (float-time) 30)))
  (while (and (flycheck-running-p) (< (float-time) deadline))
    (accept-process-output nil 0.1)))
(let (out)
  (dolist (e flycheck-current-errors)
    (save-excursion
      (goto-char (point-min))
      (forward-line (1- (flycheck-error-line e)))
      (forward-char (1- (flycheck-error-column e)))
      (push (format "%d %s %s %s"
                    (flycheck-error-line e)
                    (buffer-substring (point) (progn (skip-chars-forward "a-z.") (point)))
                    (if (eq (flycheck-error-level e) 'info) "note" (flycheck-error-level e))
                    (flycheck-error-id e))
            out)))
  (with-temp-file (getenv "WFLINT_EMACS_OUT")
    (insert (mapconcat #'identity (sort out #'string<) "\n") "\n")))
ELISP
(cd "$repo" && WFLINT_EMACS_OUT="$tmp/emacs.out" emacs --batch -Q -l "$tmp/run.el") >"$tmp/emacs.log" 2>&1 || { cat "$tmp/emacs.log"; fail "emacs exited with an error"; }
check flycheck "$tmp/emacs.log" "$tmp/emacs.out" "$want"
echo "editors-test: flycheck shows both findings at the right characters"
