package ghapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/wflint/wflint/analyzer"
)

// The calls behind the online security rules: GitHub's advisory database for the
// actions ecosystem, and whether a pinned commit is the repository's own.

// Advisories returns the reviewed advisories about an action (owner/repo, or
// owner/repo/path), each with the range of versions of that action it affects. Answers
// are kept for the life of the client.
func (c *Client) Advisories(action string) ([]analyzer.Advisory, error) {
	action = strings.ToLower(action)
	key := "advisories " + action
	if v, ok := c.memo(key); ok {
		return v.([]analyzer.Advisory), nil
	}
	body, err := c.get("/advisories?type=reviewed&ecosystem=actions&per_page=100&affects="+url.QueryEscape(action), "application/vnd.github+json")
	if err != nil {
		return nil, fmt.Errorf("advisories for %s: %w", action, err)
	}
	var list []struct {
		GHSA     string `json:"ghsa_id"`
		CVE      string `json:"cve_id"`
		Summary  string `json:"summary"`
		Severity string `json:"severity"`
		Vulns    []struct {
			Package struct {
				Ecosystem string `json:"ecosystem"`
				Name      string `json:"name"`
			} `json:"package"`
			Range   string          `json:"vulnerable_version_range"`
			Patched json.RawMessage `json:"first_patched_version"`
		} `json:"vulnerabilities"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("advisories for %s: unexpected answer from %s: %v", action, c.BaseURL, err)
	}
	var out []analyzer.Advisory
	for _, a := range list {
		for _, v := range a.Vulns {
			if !strings.EqualFold(v.Package.Ecosystem, "actions") || !strings.EqualFold(v.Package.Name, action) {
				continue
			}
			out = append(out, analyzer.Advisory{
				ID: a.GHSA, CVE: a.CVE, Summary: a.Summary, Severity: strings.ToLower(a.Severity),
				Vulnerable: v.Range, Patched: patchedVersion(v.Patched),
			})
		}
	}
	c.remember(key, out)
	return out, nil
}

// patchedVersion reads first_patched_version, which the global advisories API gives as
// a string and the repository advisories API as {"identifier": …}.
func patchedVersion(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		Identifier string `json:"identifier"`
	}
	json.Unmarshal(raw, &o)
	return o.Identifier
}

// maxBranches bounds how many branches InRepository compares a commit with.
const maxBranches = 30

// InRepository reports whether commit sha is in the history of a branch or is the
// commit of a tag of owner/repo. A commit of a fork is served under the parent's name
// too, but is in none of them.
func (c *Client) InRepository(owner, repo, sha string) (bool, error) {
	key := "commit " + strings.ToLower(owner+"/"+repo) + "@" + sha
	if v, ok := c.memo(key); ok {
		return v.(bool), nil
	}
	in, err := c.inRepository(owner, repo, sha)
	if err == nil {
		c.remember(key, in)
	}
	return in, err
}

func (c *Client) inRepository(owner, repo, sha string) (bool, error) {
	base := fmt.Sprintf("/repos/%s/%s", url.PathEscape(owner), url.PathEscape(repo))
	var meta struct {
		DefaultBranch string `json:"default_branch"`
	}
	if err := c.getJSON(base, &meta); err != nil {
		return false, fmt.Errorf("%s/%s: %w", owner, repo, err)
	}
	if ok, err := c.contains(base, meta.DefaultBranch, sha); ok || err != nil {
		return ok, err
	}
	var tags []struct {
		Commit struct {
			SHA string `json:"sha"`
		} `json:"commit"`
	}
	if err := c.getJSON(base+"/tags?per_page=100", &tags); err != nil {
		return false, fmt.Errorf("%s/%s tags: %w", owner, repo, err)
	}
	for _, t := range tags {
		if strings.EqualFold(t.Commit.SHA, sha) {
			return true, nil
		}
	}
	var branches []struct {
		Name string `json:"name"`
	}
	if err := c.getJSON(base+"/branches?per_page=100", &branches); err != nil {
		return false, fmt.Errorf("%s/%s branches: %w", owner, repo, err)
	}
	for i, b := range branches {
		if i >= maxBranches {
			break
		}
		if b.Name == meta.DefaultBranch {
			continue
		}
		if ok, err := c.contains(base, b.Name, sha); ok || err != nil {
			return ok, err
		}
	}
	return false, nil
}

// contains reports whether branch's history holds sha: comparing the branch with the
// commit finds the commit behind (or at) the branch's head.
func (c *Client) contains(base, branch, sha string) (bool, error) {
	var cmp struct {
		Status string `json:"status"`
	}
	err := c.getJSON(fmt.Sprintf("%s/compare/%s...%s?per_page=1", base, url.PathEscape(branch), sha), &cmp)
	if errors.Is(err, ErrNotFound) {
		return false, fmt.Errorf("commit %s: %w", sha, ErrNotFound)
	}
	if err != nil {
		return false, err
	}
	return cmp.Status == "behind" || cmp.Status == "identical", nil
}

func (c *Client) getJSON(path string, v any) error {
	body, err := c.get(path, "application/vnd.github+json")
	if err != nil {
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("unexpected answer from %s: %v", c.BaseURL, err)
	}
	return nil
}

func (c *Client) memo(key string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.other[key]
	return v, ok
}

func (c *Client) remember(key string, v any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.other == nil {
		c.other = map[string]any{}
	}
	c.other[key] = v
}
