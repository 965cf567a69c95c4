package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"strings"
	"sync"

	"github.com/spf13/pflag"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/engine"
	"github.com/wflint/wflint/internal/ghapi"
	"github.com/wflint/wflint/rules/supplychain"
)

const pinUsage = `usage: wflint pin [flags] [path...]

Rewrites the tag and branch refs of remote actions and reusable workflows to the commit
SHA they point to now, keeping the ref as a comment:

    uses: actions/checkout@v4   ->   uses: actions/checkout@<sha> # v4

With --upgrade, a version outdated-action reports is pinned to the current major
version instead (uses: actions/checkout@v3 -> actions/checkout@<sha> # v7). Every other byte of the file is kept. Refs are resolved through the GitHub REST API
(with GITHUB_TOKEN or GH_TOKEN when set) and cached for a day. A file is written,
atomically, only when every ref in it was resolved; otherwise it is left as it was.
Paths are found as for linting; with none, the repository around the current directory.

Flags:
`

const pinExit = `
Exit codes: 0 done (or nothing to pin), 2 usage error, 3 a ref could not be resolved
(network, rate limit, no such ref) or a file could not be read or written.
`

// pin implements "wflint pin".
func pin(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("wflint pin", pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	dryRun := fs.Bool("dry-run", false, "print a unified diff of the changes instead of writing them")
	apiURL := fs.String("github-api-url", ghapi.DefaultURL, "the `URL` of the GitHub REST API to ask (GitHub Enterprise: https://HOST/api/v3)")
	refresh := fs.Bool("refresh", false, "ask GitHub again instead of using resolutions cached in the last day")
	upgrade := fs.Bool("upgrade", false, "pin an outdated version (see outdated-action) to its current major version's commit SHA instead of its own")
	policy := fs.StringToString("pin-policy", nil, "leave alone what this policy allows, as for unpinned-uses: `PATTERN=hash|ref|any,...` (after the configuration's policy)")
	configPath := fs.String("config", "", "read unpinned-uses's pin policy from the configuration `FILE` (default: the repository's)")
	help := fs.BoolP("help", "h", false, "show this help")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "wflint pin: %v (see wflint pin --help)\n", err)
		return ExitUsage
	}
	if *help {
		fmt.Fprint(stdout, pinUsage+fs.FlagUsages()+pinExit)
		return ExitOK
	}
	if err := checkPolicy(*policy); err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return ExitUsage
	}
	e, err := newEnv()
	if err != nil {
		fmt.Fprintf(stderr, "wflint pin: %v\n", err)
		return ExitError
	}
	// the configuration's policy, then the command line's
	c, err := loadConfig(e, *configPath)
	if err != nil {
		fmt.Fprintf(stderr, "wflint pin: %v\n", err)
		return ExitUsage
	}
	merged := map[string]string{}
	if c != nil {
		maps.Copy(merged, c.Options[supplychain.UnpinnedUses.ID].StringMap("policy"))
	}
	maps.Copy(merged, *policy)
	for _, a := range fs.Args() {
		if a == "-" {
			fmt.Fprintln(stderr, `wflint pin: "-" (standard input) cannot be pinned in place; name the file`)
			return ExitUsage
		}
	}
	inputs, errs, code := collect(e, fs.Args(), nil, "", stderr)
	if code != ExitOK {
		return code
	}
	client := ghapi.New(*apiURL)
	if *refresh {
		client.TTL = 0
	}
	return runPin(inputs, errs, client, pinOptions{policy: merged, dryRun: *dryRun, upgrade: *upgrade}, stdout, stderr)
}

// runPin is the unpinned-uses rule's fixes, with a resolver that asks GitHub, applied by
// the fix step that --fix uses: a file is changed only when every ref in it resolved.
// pinOptions are what wflint pin was asked to do.
type pinOptions struct {
	policy          map[string]string
	dryRun, upgrade bool
}

func runPin(inputs []engine.Input, errs []error, client *ghapi.Client, po pinOptions, stdout, stderr io.Writer) int {
	code := ExitOK
	for _, e := range errs {
		fmt.Fprintf(stderr, "wflint: %v\n", e)
		code = ExitError
	}
	opts, err := analyzer.ParseOptions(supplychain.UnpinnedUses, map[string]any{"policy": po.policy, "upgrade": po.upgrade})
	if err != nil {
		fmt.Fprintf(stderr, "wflint pin: %v\n", err)
		return ExitUsage
	}
	rules := []*analyzer.Rule{supplychain.UnpinnedUses}
	if po.upgrade {
		rules = append(rules, supplychain.OutdatedAction) // so that unpinned-uses knows which refs are outdated
	}
	runner := &engine.Runner{Rules: rules, Options: map[string]analyzer.OptionValues{supplychain.UnpinnedUses.ID: opts}, Resolver: &stopOnRateLimit{client: client}}
	pinned := 0
	fix := engine.FixOptions{
		Unsafe: true,
		Check:  checkPinnable,
		Write: func(in engine.Input, old, new []byte, n int) error {
			pinned += n
			if po.dryRun {
				_, err := io.WriteString(stdout, UnifiedDiff(in.Path, old, new))
				return err
			}
			if err := engine.WriteFileAtomic(in.ReadPath, new); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "wflint: pinned %s in %s\n", analyzer.Plural(n, "ref"), in.Path)
			return nil
		},
		Refused: func(path string, err error) {
			fmt.Fprintf(stderr, "wflint: %s: %v; the file was left as it was\n", path, err)
		},
	}
	p := &engine.Pipeline{Runner: runner, Steps: []engine.ResultStep{engine.SortDedupe(), engine.Fix(fix)}, Log: stderr}
	st, _ := p.Run(inputs)
	for _, e := range st.Errors {
		fmt.Fprintf(stderr, "wflint: %v\n", e)
		code = ExitError
	}
	if st.Failed {
		code = ExitError
	}
	if err := client.Cache.Save(); err != nil {
		fmt.Fprintf(stderr, "wflint: could not save the cache of resolved refs: %v\n", err)
	}
	if pinned == 0 && code == ExitOK {
		fmt.Fprintln(stderr, "wflint: nothing to pin")
	}
	return code
}

// checkPinnable refuses a file with a ref that could not be pinned, saying why.
func checkPinnable(_ string, diags []analyzer.Diagnostic) error {
	for _, d := range diags {
		switch {
		case d.Rule == analyzer.SyntaxError.ID:
			return fmt.Errorf("cannot be read: %s", d.Message)
		case len(d.Fixes) == 0 && d.FixError != nil:
			var rl *ghapi.RateLimitError
			if errors.As(d.FixError, &rl) {
				return stopError{d.FixError}
			}
			return d.FixError
		}
	}
	return nil
}

// stopError is a rate limit: it fails this file and stops the fix step, since every
// further call would be refused too.
type stopError struct{ error }

func (e stopError) Unwrap() []error { return []error{e.error, engine.ErrStop} }

// stopOnRateLimit asks GitHub until it says the rate limit is reached, then answers
// every later ref with that error without asking.
type stopOnRateLimit struct {
	client  *ghapi.Client
	mu      sync.Mutex
	limited error
}

func (r *stopOnRateLimit) ResolveRef(owner, repo, ref string) (string, error) {
	r.mu.Lock()
	limited := r.limited
	r.mu.Unlock()
	if limited != nil {
		return "", limited
	}
	sha, err := r.client.ResolveRef(owner, repo, ref)
	var rl *ghapi.RateLimitError
	if errors.As(err, &rl) {
		r.mu.Lock()
		r.limited = err
		r.mu.Unlock()
	}
	return sha, err
}

func checkPolicy(policy map[string]string) error {
	for pat, pol := range policy {
		switch pol {
		case supplychain.PinHash, supplychain.PinRef, supplychain.PinAny:
		default:
			return fmt.Errorf("--pin-policy %s=%s: the policy is one of hash, ref, any", pat, pol)
		}
	}
	return nil
}

// UnifiedDiff returns the changes from old to new as a unified diff with three lines of
// context. Pinning changes lines in place, never their number, so lines are compared one
// for one.
func UnifiedDiff(name string, old, new []byte) string {
	a, b := splitLines(old), splitLines(new)
	if len(a) != len(b) {
		return fmt.Sprintf("--- a/%s\n+++ b/%s\n(the number of lines changed)\n", name, name)
	}
	var changed []int
	for i := range a {
		if a[i] != b[i] {
			changed = append(changed, i)
		}
	}
	if len(changed) == 0 {
		return ""
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", name, name)
	const ctx = 3
	for i := 0; i < len(changed); {
		start := max(0, changed[i]-ctx)
		j := i
		for j+1 < len(changed) && changed[j+1]-changed[j] <= 2*ctx {
			j++
		}
		end := min(len(a), changed[j]+ctx+1)
		// context lines, and for each run of changed lines its old lines, then its new
		var body strings.Builder
		for k := start; k < end; {
			if a[k] == b[k] {
				body.WriteString(" " + a[k])
				k++
				continue
			}
			r := k
			for r < end && a[r] != b[r] {
				r++
			}
			for x := k; x < r; x++ {
				body.WriteString("-" + a[x])
			}
			for x := k; x < r; x++ {
				body.WriteString("+" + b[x])
			}
			k = r
		}
		n := end - start
		fmt.Fprintf(&out, "@@ -%d,%d +%d,%d @@\n", start+1, n, start+1, n)
		out.WriteString(body.String())
		i = j + 1
	}
	return out.String()
}

// splitLines splits after each "\n", keeping it; a last line without one gets the
// marker diff tools use.
func splitLines(b []byte) []string {
	var lines []string
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			lines = append(lines, string(b)+"\n\\ No newline at end of file\n")
			break
		}
		lines = append(lines, string(b[:i+1]))
		b = b[i+1:]
	}
	return lines
}
