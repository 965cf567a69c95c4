// Package ghapi resolves git refs of GitHub repositories to commit SHAs through the
// GitHub REST API (github.com or GitHub Enterprise Server), with a cache on disk.
package ghapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wflint/wflint/internal/lazyre"
)

// DefaultURL is the API of github.com.
const DefaultURL = "https://api.github.com"

// Client resolves refs. It is safe for concurrent use; each ref is asked for at most
// once per Client.
type Client struct {
	BaseURL string        // the API root, DefaultURL or https://HOST/api/v3
	Token   string        // sent as a bearer token when not empty
	HTTP    *http.Client  // nil means a client with a 30 s timeout
	Cache   *Cache        // nil means no cache on disk
	TTL     time.Duration // how long a cached answer is trusted

	mu      sync.Mutex
	answers map[string]result
	other   map[string]any // advisories and commit checks, by question
	down    error          // the API could not be reached
}

type result struct {
	sha string
	err error
}

// ErrNotFound means the repository or the ref does not exist (or is not visible with the
// token given).
var ErrNotFound = errors.New("no such repository or ref")

// RateLimitError means GitHub refused the call because the rate limit was reached.
type RateLimitError struct{ Reset time.Time }

func (e *RateLimitError) Error() string {
	msg := "GitHub API rate limit reached"
	if !e.Reset.IsZero() {
		msg += fmt.Sprintf(" (it resets at %s)", e.Reset.Local().Format("15:04"))
	}
	return msg + "; set GITHUB_TOKEN or GH_TOKEN for a higher limit"
}

var fullSHA = lazyre.New(`^[0-9a-f]{40}$`)

// New returns a client for the API at baseURL (DefaultURL when empty), with the token of
// the environment (GITHUB_TOKEN, else GH_TOKEN) and the cache in the user's cache folder.
func New(baseURL string) *Client {
	if baseURL == "" {
		baseURL = DefaultURL
	}
	token := os.Getenv("GITHUB_TOKEN")
	if token == "" {
		token = os.Getenv("GH_TOKEN")
	}
	c := &Client{BaseURL: strings.TrimRight(baseURL, "/"), Token: token, TTL: 24 * time.Hour}
	if dir, err := os.UserCacheDir(); err == nil {
		c.Cache = &Cache{Path: filepath.Join(dir, "wflint", "refs.json")}
	}
	return c
}

// ResolveRef returns the commit SHA that ref (a tag, a branch or a SHA) of owner/repo
// points to now.
func (c *Client) ResolveRef(owner, repo, ref string) (string, error) {
	key := c.BaseURL + " " + strings.ToLower(owner+"/"+repo) + "@" + ref
	c.mu.Lock()
	if c.answers == nil {
		c.answers = map[string]result{}
	}
	if r, ok := c.answers[key]; ok {
		c.mu.Unlock()
		return r.sha, r.err
	}
	c.mu.Unlock()

	var r result
	if sha, ok := c.Cache.get(key, c.TTL); ok {
		r.sha = sha
	} else if down := c.Unreachable(); down != nil {
		r.err = down // every further call would fail the same way, slowly
	} else {
		r.sha, r.err = c.fetch(owner, repo, ref)
		if r.err == nil {
			c.Cache.put(key, r.sha)
		}
	}
	c.mu.Lock()
	c.answers[key] = r
	c.mu.Unlock()
	return r.sha, r.err
}

// fetch asks GET /repos/{owner}/{repo}/commits/{ref} for the SHA alone.
func (c *Client) fetch(owner, repo, ref string) (string, error) {
	body, err := c.get(fmt.Sprintf("/repos/%s/%s/commits/%s", url.PathEscape(owner), url.PathEscape(repo), url.PathEscape(ref)), "application/vnd.github.sha")
	if err != nil {
		return "", fmt.Errorf("%s/%s@%s: %w", owner, repo, ref, err)
	}
	sha := strings.TrimSpace(string(body))
	if !fullSHA.MatchString(sha) {
		return "", fmt.Errorf("%s/%s@%s: unexpected answer from %s", owner, repo, ref, c.BaseURL)
	}
	return sha, nil
}

// get asks the API for path (with its query) and returns the body of a 200 answer. A
// 404 or 422 is ErrNotFound, a refused rate limit a *RateLimitError; a failure to reach
// the API at all is remembered, so that later calls fail at once.
func (c *Client) get(path, accept string) ([]byte, error) {
	if down := c.Unreachable(); down != nil {
		return nil, down
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", accept)
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("User-Agent", "wflint")
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		err = fmt.Errorf("%s: %w", c.BaseURL, unwrapURLError(err))
		c.mu.Lock()
		if c.down == nil {
			c.down = err
		}
		c.mu.Unlock()
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return nil, fmt.Errorf("reading the answer: %w", err)
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		return body, nil
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusUnprocessableEntity:
		return nil, ErrNotFound
	case (resp.StatusCode == http.StatusForbidden || resp.StatusCode == http.StatusTooManyRequests) &&
		(resp.Header.Get("X-RateLimit-Remaining") == "0" || resp.Header.Get("Retry-After") != ""):
		e := &RateLimitError{}
		if s, err := strconv.ParseInt(resp.Header.Get("X-RateLimit-Reset"), 10, 64); err == nil {
			e.Reset = time.Unix(s, 0)
		}
		return nil, e
	case resp.StatusCode == http.StatusUnauthorized:
		return nil, errors.New("the token was refused (HTTP 401)")
	}
	return nil, fmt.Errorf("HTTP %d from %s", resp.StatusCode, c.BaseURL)
}

// Unreachable is the error that kept the client from reaching the API at all (no
// network, a wrong URL), or nil. Once set, every ref not in the cache fails with it.
func (c *Client) Unreachable() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.down
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// Cache keeps resolutions on disk between runs, as JSON. A missing or unreadable cache
// is an empty one; a cache that cannot be written is left alone.
type Cache struct {
	Path string

	once    sync.Once
	mu      sync.Mutex
	entries map[string]cacheEntry
}

type cacheEntry struct {
	SHA  string    `json:"sha"`
	Time time.Time `json:"time"`
}

func (c *Cache) load() {
	c.once.Do(func() {
		c.entries = map[string]cacheEntry{}
		if b, err := os.ReadFile(c.Path); err == nil {
			json.Unmarshal(b, &c.entries)
		}
	})
}

func (c *Cache) get(key string, ttl time.Duration) (string, bool) {
	if c == nil || ttl <= 0 {
		return "", false
	}
	c.load()
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || time.Since(e.Time) > ttl || !fullSHA.MatchString(e.SHA) {
		return "", false
	}
	return e.SHA, true
}

func (c *Cache) put(key, sha string) {
	if c == nil {
		return
	}
	c.load()
	c.mu.Lock()
	c.entries[key] = cacheEntry{SHA: sha, Time: time.Now()}
	c.mu.Unlock()
}

// Save writes the cache, atomically.
func (c *Cache) Save() error {
	if c == nil || c.entries == nil {
		return nil
	}
	c.mu.Lock()
	b, err := json.MarshalIndent(c.entries, "", " ")
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(c.Path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.Path), ".refs-*.json")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), c.Path)
}
