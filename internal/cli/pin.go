package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"strings"

	"github.com/spf13/pflag"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/ghapi"
	"github.com/wflint/wflint/rules"
)

const pinUsage = `usage: wflint pin [flags] [path...]

Rewrites the tag and branch refs of remote actions and reusable workflows to the commit
SHA they point to now, keeping the ref as a comment:

    uses: actions/checkout@v4   ->   uses: actions/checkout@<sha> # v4

Every other byte of the file is kept. Refs are resolved through the GitHub REST API
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
	if code := checkPolicy(*policy, stderr); code != ExitOK {
		return code
	}
	// the configuration's policy, then the command line's
	c, err := loadConfig(*configPath)
	if err != nil {
		fmt.Fprintf(stderr, "wflint pin: %v\n", err)
		return ExitUsage
	}
	merged := map[string]string{}
	if c != nil {
		if m, ok := c.Options[rules.UnpinnedUses.ID]["policy"].(map[string]string); ok {
			maps.Copy(merged, m)
		}
	}
	maps.Copy(merged, *policy)
	policy = &merged
	for _, a := range fs.Args() {
		if a == "-" {
			fmt.Fprintln(stderr, `wflint pin: "-" (standard input) cannot be pinned in place; name the file`)
			return ExitUsage
		}
	}
	inputs, errs, code := collect(fs.Args(), nil, "", stderr)
	if code != ExitOK {
		return code
	}
	client := ghapi.New(*apiURL)
	if *refresh {
		client.TTL = 0
	}
	return runPin(inputs, errs, client, *policy, *dryRun, stdout, stderr)
}

func runPin(inputs []analyzer.Input, errs []error, resolver *ghapi.Client, policy map[string]string, dryRun bool, stdout, stderr io.Writer) int {
	code := ExitOK
	for _, e := range errs {
		fmt.Fprintf(stderr, "wflint: %v\n", e)
		code = ExitError
	}
	pinned, files := 0, 0
	for _, in := range inputs {
		src, err := os.ReadFile(in.ReadPath)
		if err != nil {
			fmt.Fprintf(stderr, "wflint: %v\n", err)
			code = ExitError
			continue
		}
		out, n, err := pinFile(in, src, resolver, policy)
		if err != nil {
			fmt.Fprintf(stderr, "wflint: %s: %v; the file was left as it was\n", in.Path, err)
			var rl *ghapi.RateLimitError
			code = ExitError
			if errors.As(err, &rl) {
				break // every further call would be refused too
			}
			continue
		}
		if n == 0 {
			continue
		}
		if dryRun {
			io.WriteString(stdout, UnifiedDiff(in.Path, src, out))
		} else if err := WriteFileAtomic(in.ReadPath, out); err != nil {
			fmt.Fprintf(stderr, "wflint: %v\n", err)
			code = ExitError
			continue
		} else {
			fmt.Fprintf(stderr, "wflint: pinned %s in %s\n", plural(n, "ref"), in.Path)
		}
		pinned += n
		files++
	}
	if err := resolver.Cache.Save(); err != nil {
		fmt.Fprintf(stderr, "wflint: could not save the cache of resolved refs: %v\n", err)
	}
	if pinned == 0 && code == ExitOK {
		fmt.Fprintln(stderr, "wflint: nothing to pin")
	}
	return code
}

// pinFile returns the file with every ref that the policy wants pinned replaced by its
// SHA, and how many there were. It fails, and changes nothing, when a ref cannot be
// resolved or an edit cannot be made.
func pinFile(in analyzer.Input, src []byte, resolver analyzer.Resolver, policy map[string]string) ([]byte, int, error) {
	f, diags := analyzer.Load(in.Path, src, in.Fallback)
	if f.Root == nil || f.Kind == analyzer.KindUnknown {
		if len(diags) > 0 {
			return nil, 0, fmt.Errorf("cannot be read: %s", diags[0].Message)
		}
		return src, 0, nil
	}
	var edits []analyzer.Edit
	n := 0
	for _, u := range rules.AllUses(f) {
		if u.Kind != rules.UsesRemote || rules.ClassifyRef(u.Ref) == rules.RefSHA {
			continue
		}
		pol := rules.PinPolicy(policy, u.Name())
		if pol == rules.PinAny || pol == rules.PinRef && rules.ClassifyRef(u.Ref) == rules.RefVersion {
			continue
		}
		sha, err := resolver.ResolveRef(u.Owner, u.Repo, u.Ref)
		if err != nil {
			return nil, 0, err
		}
		e, ok := rules.PinEdit(f, u, sha)
		if !ok {
			return nil, 0, fmt.Errorf("line %d: %q is written in a way wflint cannot rewrite safely", u.Node.Line, u.Node.Value)
		}
		edits = append(edits, e...)
		n++
	}
	if n == 0 {
		return src, 0, nil
	}
	out, err := analyzer.ApplyEdits(src, edits)
	if err != nil {
		return nil, 0, err
	}
	return out, n, nil
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func checkPolicy(policy map[string]string, stderr io.Writer) int {
	for pat, pol := range policy {
		switch pol {
		case rules.PinHash, rules.PinRef, rules.PinAny:
		default:
			fmt.Fprintf(stderr, "wflint: --pin-policy %s=%s: the policy is one of hash, ref, any\n", pat, pol)
			return ExitUsage
		}
	}
	return ExitOK
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
