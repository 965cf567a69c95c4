package credentials

import (
	_ "embed"
	"fmt"
	"hash/crc32"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

// The credential family finds secrets written into a workflow or action. Findings never
// print the secret: messages show a short prefix and the length, and the runner masks
// it in snippets (Diagnostic.Redact).

var (
	//go:embed hardcoded-credential.md
	hardcodedCredentialDoc string
	//go:embed leaked-token.md
	leakedTokenDoc string
)

// HardcodedCredential reports a password, token or key written as plain text where a secret belongs.
var HardcodedCredential = &analyzer.Rule{
	Options: []analyzer.Option{
		{Name: "pedantic", Type: analyzer.OptionBool, Doc: "also report throwaway test passwords, as notes", Example: "true"},
		{Name: "projects", Type: analyzer.OptionStrings, Doc: "names of the software this repository builds (wflint adds the repository's own name): a variable named after one (MINIO_… in minio) configures it for its own tests, so is only a note", Example: "[minio, mc]"},
	},
	ID:       "hardcoded-credential",
	Title:    "a password, token or key is written as plain text where a secret belongs",
	Doc:      hardcodedCredentialDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error,
	Kinds:    analyzer.WorkflowsAndActions,
	Run:      runHardcodedCredential,

	SecuritySeverity: 8.0,
}

// LeakedToken reports text that has the shape of a real credential: a token, a key, a password in a URL or command.
var LeakedToken = &analyzer.Rule{
	ID:       "leaked-token",
	Title:    "text that has the shape of a real credential (token, key, password in a URL or command)",
	Doc:      leakedTokenDoc,
	Category: analyzer.CategorySecurity,
	Severity: analyzer.Error,
	Kinds:    analyzer.WorkflowsAndActions,
	TextOnly: true, // a token in a file that is not valid YAML is found, and masked, too
	Run:      runLeakedToken,

	Precision:        "very-high",
	SecuritySeverity: 9.5,
}

// ---- names that say "secret" ----

var (
	secretWords = map[string]bool{
		"password": true, "passwd": true, "passphrase": true, "pwd": true, "token": true,
		"secret": true, "apikey": true, "privatekey": true, "accesskey": true, "secretkey": true,
	}
	// a key that follows one of these is key material: api-key, ssh-key, private-key
	keyQualifiers = map[string]bool{"api": true, "private": true, "access": true, "secret": true, "ssh": true, "deploy": true, "encryption": true}
	// a name with one of these words is about a secret, not the secret itself:
	// token-format, password-file, secret-name, AWS_ACCESS_KEY_ID
	notSecretWords = map[string]bool{
		"file": true, "files": true, "path": true, "dir": true, "name": true, "names": true, "url": true,
		"uri": true, "endpoint": true, "type": true, "format": true, "id": true, "ids": true, "user": true,
		"username": true, "mode": true, "scope": true, "scopes": true, "permission": true, "permissions": true,
		"expiry": true, "expires": true, "expiration": true, "ttl": true, "header": true, "prefix": true,
		"suffix": true, "field": true, "env": true, "var": true, "variable": true, "length": true,
		"size": true, "enabled": true, "enable": true, "disable": true, "disabled": true, "required": true,
		"use": true, "skip": true, "source": true, "input": true, "output": true, "arn": true, "role": true,
		"region": true, "host": true, "port": true, "server": true, "version": true, "kind": true,
		"label": true, "description": true, "hint": true, "policy": true, "audience": true, "issuer": true,
		"owner": true, "fingerprint": true, "hash": true, "count": true, "limit": true, "timeout": true,
		"retries": true, "location": true, "ref": true, "key": false, "store": true, "vault": true,
		"provider": true, "manager": true, "helper": true, "method": true, "action": true, "login": false,
		"secrets": true, "list": true, "set": true, "sha": true, "digest": true, "check": true, "validate": true,
		"expected": true, "regex": true, "pattern": true, "command": true, "cmd": true, "script": true,
		"pinentry": true, "keyring": true, "keychain": true, "org": true, "repo": true, "repository": true,
		"project": true, "account": true, "email": true, "output-file": true, "generate": true, "create": true,
		"title": true, "summary": true, "usage": true, "message": true, "text": true, "comment": true, "note": true,
	}
)

// nameWords splits a name into lower-case words: "api-key", "API_KEY", "apiKey" and
// "ApiKey" all give "api", "key".
func nameWords(name string) []string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	rs := []rune(name)
	for i, r := range rs {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
			continue
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1])):
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return words
}

// mayBeSecretName is a quick test before secretName splits name into words: every word
// that makes a name secret holds "pass", "pwd", "token", "secret" or "key", so an ASCII
// name without any of them, in any case, is not one.
func mayBeSecretName(name string) bool {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return true
		}
	}
	for _, w := range [...]string{"pass", "pwd", "token", "secret", "key"} {
		for i := 0; i+len(w) <= len(name); i++ {
			if strings.EqualFold(name[i:i+len(w)], w) {
				return true
			}
		}
	}
	return false
}

// secretName reports whether a with: input or env name says its value is a secret.
func secretName(name string) bool {
	return mayBeSecretName(name) && secretWordsIn(name)
}

// secretWordsIn is secretName without the quick test.
func secretWordsIn(name string) bool {
	words := nameWords(name)
	secret := false
	for i, w := range words {
		if notSecretWords[w] {
			return false
		}
		if secretWords[w] || w == "key" && i > 0 && keyQualifiers[words[i-1]] {
			secret = true
		}
	}
	return secret
}

// ---- values that are not credentials ----

var (
	placeholderWords = []string{"changeme", "change-me", "change_me", "example", "dummy", "fake", "placeholder",
		"your", "redacted", "sample", "xxx", "todo", "replace", "insert", "foobar", "notreal", "not-a-real", "mock", "invalid",
		"notatoken", "not-a-token", "not_a_token", "notasecret", "not-a-secret", "notapassword", "random"}
	// passwords of throwaway containers and tests, never a real credential
	throwaway = map[string]bool{
		"postgres": true, "postgresql": true, "mysql": true, "root": true, "admin": true, "password": true,
		"passw0rd": true, "p@ssw0rd": true, "secret": true, "test": true, "testing": true, "tests": true,
		"changeme": true, "guest": true, "user": true, "pass": true, "123456": true, "12345678": true,
		"qwerty": true, "letmein": true, "default": true, "docker": true, "redis": true, "mongo": true,
		"mariadb": true, "oracle": true, "sa": true, "token": true, "none": true, "null": true,
		"example": true, "foobar": true, "foo": true, "bar": true, "abc123": true, "demo": true,
		"minioadmin": true, "minio123": true, "admin123": true, "password123": true, "root123": true,
	}
	// an environment variable's name: setup-java's gpg-passphrase takes the name of the
	// variable that holds the passphrase, not the passphrase
	envVarName = lazyre.New(`^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$`)
	// words joined, or a word and a number: made up by a person for a test, not generated
	humanMade     = lazyre.New(`^[A-Za-z]+([-_.][A-Za-z]+)*[-_.]?[0-9]*[!@#$%^&*]?$|^[0-9]+[A-Za-z]+$`)
	shellRefValue = lazyre.New(`^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$|^%[A-Za-z_][A-Za-z0-9_]*%$|\$\(|\$\{\{`)
)

// notACredential says why a literal is not taken for a credential, or "".
func notACredential(v string) string {
	t := strings.TrimSpace(v)
	lower := strings.ToLower(t)
	switch {
	case t == "":
		return "empty"
	case strings.Contains(t, "${{") || shellRefValue.MatchString(t):
		return "a reference"
	case lower == "true" || lower == "false" || isNumber(t):
		return "not text"
	case strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">"), strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]"),
		strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}"):
		return "a placeholder"
	case sameChar(t):
		return "a placeholder"
	case strings.Contains(t, "://"):
		return "a URL or a secret manager reference (op://, vault://)"
	case strings.ContainsAny(t, " \t"):
		return "words, not a credential"
	case envVarName.MatchString(t):
		return "the name of a variable"
	}
	for _, w := range placeholderWords {
		if strings.Contains(lower, w) {
			return "a placeholder"
		}
	}
	return ""
}

func isNumber(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

func sameChar(s string) bool {
	for i := 1; i < len(s); i++ {
		if s[i] != s[0] {
			return false
		}
	}
	return len(s) > 0
}

// entropy is the Shannon entropy of s in bits per character.
func entropy(s string) float64 {
	counts := map[rune]int{}
	n := 0
	for _, r := range s {
		counts[r]++
		n++
	}
	e := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		e -= p * math.Log2(p)
	}
	return e
}

// looksGenerated reports whether a value looks machine-made, as real tokens and keys
// are: long enough, letters and digits, varied, and not words or a word and a number.
func looksGenerated(v string) bool {
	hasDigit := strings.ContainsAny(v, "0123456789")
	hasLetter := strings.IndexFunc(v, unicode.IsLetter) >= 0
	lower := strings.ToLower(v)
	for _, w := range []string{"passw0rd", "password", "p@ss", "admin", "secret", "test"} {
		if strings.Contains(lower, w) {
			return false // "Passw0rdAdmin": a person's idea of a test password
		}
	}
	return len(v) >= 12 && hasDigit && hasLetter && entropy(v) >= 3.0 && !humanMade.MatchString(v)
}

// ---- hardcoded-credential ----

func pedantic(p *analyzer.Pass) bool { return p.Options.Bool("pedantic") }

func runHardcodedCredential(p *analyzer.Pass) error {
	c := credScan{p: p}
	projects, _ := p.Options.Strings("projects")
	for _, name := range projects {
		if prefix := envPrefix(name); prefix != "" {
			c.prefixes = append(c.prefixes, prefix)
		}
	}
	if wf := p.File.Workflow; wf != nil {
		c.envs(wf.Env, "workflow env", "")
		for _, j := range wf.Jobs {
			c.job(j)
		}
	}
	if a := p.File.Action; a != nil && a.Runs != nil {
		c.envs(a.Runs.Env, "action env", "")
		c.steps(a.Runs.Steps)
		for _, in := range a.Inputs {
			if secretName(in.Key.Value) {
				c.check(fmt.Sprintf("default of input %q", in.Key.Value), analyzer.MappingOf(in.Value).Get("default").Value, "", true)
			}
		}
	}
	return nil
}

// credScan looks for plain-text credentials in the slots of one file.
type credScan struct {
	p        *analyzer.Pass
	prefixes []string // "MINIO_": variables that configure the repository's own software
}

// envPrefix is the prefix of the variables named after a project: "MINIO_" for minio,
// "FOO_BAR_" for foo-bar; "" for a name too short to tell.
func envPrefix(name string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(name) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() < 3 {
		return ""
	}
	return b.String() + "_"
}

// Why a value is taken for a throwaway one (reported only by pedantic, as a note).
const (
	whyService  = "it sets up a service container of the job, which lives only as long as the job"
	whyProject  = "it configures the repository's own software, as its tests do"
	whyComment  = "a comment beside it says it is not a secret"
	whyThrowOut = "it looks like a placeholder or a throwaway test value"
)

// notSecretRemarks are what a comment beside a value says when the value is meant to be
// seen: FOSSA's push-only API keys, a public client id, a dummy for tests.
var notSecretRemarks = []string{"push-only", "push only", "not a secret", "not secret", "non-secret", "nonsecret",
	"public key", "public token", "public api key", "is public", "publicly", "safe to share", "safe to publish", "safe to commit",
	"dummy", "fake", "test only", "test-only", "testing only", "for tests", "for testing"}

// commentSaysNotSecret reports whether the comment after the value on its line, or the
// comment lines right above it, say that the value is not a secret.
func commentSaysNotSecret(f *analyzer.File, n *yaml.Node) bool {
	says := func(comment string) bool {
		comment = strings.ToLower(comment)
		for _, w := range notSecretRemarks {
			if strings.Contains(comment, w) {
				return true
			}
		}
		return false
	}
	if r := f.Range(n); r.End.Line == n.Line && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		if line := string(f.LineText(n.Line)); r.End.Column-1 <= len(line) {
			if i := strings.Index(line[r.End.Column-1:], "#"); i >= 0 && says(line[r.End.Column-1+i:]) {
				return true
			}
		}
	}
	for l := n.Line - 1; l >= 1 && l >= n.Line-3; l-- {
		text := strings.TrimSpace(string(f.LineText(l)))
		if !strings.HasPrefix(text, "#") {
			break
		}
		if says(text) {
			return true
		}
	}
	return false
}

// check reports a literal in a slot. A credentials password is a credential whatever it
// looks like; a value found by its name only when it looks generated, since passwords a
// person made up in a workflow are those of the job's own test services. why says, when
// not "", why the slot holds a throwaway value whatever it looks like.
func (c credScan) check(slot string, n *yaml.Node, why string, byName bool) {
	f := c.p.File
	n = analyzer.Resolve(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return
	}
	v := n.Value
	if notACredential(v) != "" || matchesTokenFormat(v) {
		return // a token format is leaked-token's, anywhere in the file
	}
	t := strings.TrimSpace(v)
	size := analyzer.Plural(len([]rune(v)), "character")
	if why == "" && commentSaysNotSecret(f, n) {
		why = whyComment
	}
	if why == "" && (throwaway[strings.ToLower(t)] || len([]rune(t)) < 6 || byName && !looksGenerated(t)) {
		why = whyThrowOut
	}
	if why != "" {
		if pedantic(c.p) {
			c.p.Report(analyzer.Diagnostic{Range: f.Range(n), Severity: analyzer.Note, Confidence: analyzer.Low, Redact: []analyzer.Range{f.Range(n)}, Message: fmt.Sprintf(
				"%s is written as plain text (%s); %s, so this is only a note", slot, size, why)})
		}
		return
	}
	c.p.Report(analyzer.Diagnostic{Range: f.Range(n), Redact: []analyzer.Range{f.Range(n)}, Message: fmt.Sprintf(
		"%s is written as plain text (%s), so everyone who can read the repository has it; store it as a secret and write ${{ secrets.NAME }}",
		slot, size)})
}

func (c credScan) envs(m analyzer.Mapping, where string, why string) {
	for _, e := range m {
		if secretName(e.Key.Value) {
			w := why
			if w == "" && slices.ContainsFunc(c.prefixes, func(p string) bool { return strings.HasPrefix(strings.ToUpper(e.Key.Value), p) }) {
				w = whyProject
			}
			c.check(fmt.Sprintf("%s %s", where, e.Key.Value), e.Value, w, true)
		}
	}
}

func (c credScan) withs(m analyzer.Mapping, who string) {
	for _, e := range m {
		if secretName(e.Key.Value) {
			c.check(fmt.Sprintf("input %q of %s", e.Key.Value, who), e.Value, "", true)
		}
	}
}

func (c credScan) steps(list []*analyzer.Step) {
	for _, st := range list {
		c.envs(st.Env, "step env", "")
		if st.Uses != nil {
			c.withs(st.With, st.Uses.Value)
		}
		c.steps(st.Parallel)
	}
}

func (c credScan) job(j *analyzer.Job) {
	c.envs(j.Env, "job env", "")
	if j.Uses != nil {
		c.withs(j.With, j.Uses.Value)
	}
	containerCreds := func(n *yaml.Node, where string) {
		m := analyzer.MappingOf(n)
		c.check(where+" credentials password", analyzer.MappingOf(m.Get("credentials").Value).Get("password").Value, "", false)
	}
	containerCreds(j.Container, "container")
	c.envs(analyzer.MappingOf(analyzer.MappingOf(j.Container).Get("env").Value), "container env", "")
	for _, s := range j.Services {
		containerCreds(s.Value, fmt.Sprintf("service %q", s.Key.Value))
		c.envs(analyzer.MappingOf(analyzer.MappingOf(s.Value).Get("env").Value), fmt.Sprintf("service %q env", s.Key.Value), whyService)
	}
	c.steps(j.Steps)
}

// ---- leaked-token ----

type tokenFormat struct {
	kind string
	re   *lazyre.Regexp
	// check says whether a match is real: a checksum, an example key; nil accepts all
	check func(m string) (ok bool, why string)
	// group is the submatch that is the secret (0: the whole match)
	group int
	// needles are strings of which every match holds one.
	// The expression runs only on the lines that hold a needle: most files hold none,
	// and running seventeen expressions over every file cost 1 ms a file.
	needles []string
	// also is a string every line of a match holds too; it skips most lines early
	also string
	// multiline formats run on the whole file when it holds a needle
	multiline bool
}

var tokenFormats = []tokenFormat{
	{kind: "GitHub token", needles: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}, re: lazyre.New(`\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b`), check: githubChecksum},
	{kind: "GitHub fine-grained token", needles: []string{"github_pat_"}, re: lazyre.New(`\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b`), check: notLowEntropy},
	{kind: "AWS access key id", needles: []string{"AKIA", "ASIA"}, re: lazyre.New(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`), check: func(m string) (bool, string) {
		if strings.Contains(m, "EXAMPLE") {
			return false, "AWS's documented example"
		}
		return notLowEntropy(m)
	}},
	{kind: "Slack token", needles: []string{"xox"}, re: lazyre.New(`\bxox[abposr]-[0-9]{8,}-[0-9A-Za-z-]{8,}`), check: notLowEntropy},
	{kind: "Slack webhook URL", needles: []string{"hooks.slack.com/"}, re: lazyre.New(`https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,}`), check: func(m string) (bool, string) {
		return notLowEntropy(m[strings.LastIndexByte(m, '/')+1:]) // the secret part, not the URL around it
	}},
	{kind: "GitLab token", needles: []string{"glpat-"}, re: lazyre.New(`\bglpat-[0-9A-Za-z_-]{20}\b`), check: notLowEntropy},
	{kind: "npm token", needles: []string{"npm_"}, re: lazyre.New(`\bnpm_[A-Za-z0-9]{36}\b`), check: notLowEntropy},
	{kind: "PyPI token", needles: []string{"pypi-AgEIcHlwaS5vcmc"}, re: lazyre.New(`\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}`), check: notLowEntropy},
	{kind: "Docker Hub token", needles: []string{"dckr_pat_"}, re: lazyre.New(`\bdckr_pat_[A-Za-z0-9_-]{27,}`), check: notLowEntropy},
	{kind: "Google API key", needles: []string{"AIza"}, re: lazyre.New(`\bAIza[0-9A-Za-z_-]{35}\b`), check: notLowEntropy},
	{kind: "Stripe live key", needles: []string{"_live_"}, re: lazyre.New(`\b(?:sk|rk)_live_[0-9A-Za-z]{24,}\b`), check: notLowEntropy},
	// the header alone (a script that writes a key from a secret) is not a key: some
	// base64 must follow, across line breaks, "\n" escapes or YAML indentation
	{kind: "private key", needles: []string{"PRIVATE KEY"}, multiline: true, re: lazyre.New(`-----BEGIN [A-Z ]*PRIVATE KEY(?: BLOCK)?-----(?:\s|\\n)*[A-Za-z0-9+/=]{40,}`)},
	{kind: "JSON Web Token", needles: []string{"eyJ"}, re: lazyre.New(`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}`), check: notLowEntropy},
	{kind: "password in a URL", needles: []string{"://"}, also: "@", re: lazyre.New(`\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@'"]+:([^@\s/'"]+)@([^/\s:'"?#]+)`), group: 1, check: nil},
	{kind: "password given to docker login", needles: []string{"login"}, also: "-p", re: lazyre.New(`docker\s+login\b[^\n|;&]*?\s(?:-p|--password)(?:\s+|=)("[^"]+"|'[^']+'|[^\s"';|&]+)`), group: 1},
	{kind: "password given to curl", needles: []string{"curl"}, also: "-u", re: lazyre.New(`\bcurl\b[^\n|;&]*?\s(?:-u|--user)(?:\s+|=)["']?[^\s:"']+:([^\s"';|&]+)`), group: 1},
	{kind: "bearer token", needles: []string{"Authorization", "authorization", "AUTHORIZATION"}, re: lazyre.New(`(?i)\bAuthorization:\s*(?:Bearer|token)\s+([^\s"'\\]+)`), group: 1},
}

// matchesTokenFormat reports whether v holds a credential of a known format (not a
// password found by its place in a URL or a command).
func matchesTokenFormat(v string) bool {
	for _, tf := range tokenFormats {
		if tf.group == 0 && tf.re.MatchString(v) {
			return true
		}
	}
	return false
}

func notLowEntropy(m string) (bool, string) {
	if entropy(m) < 3.0 {
		return false, "too regular to be a real one"
	}
	return true, ""
}

// githubChecksum checks the CRC32 that ends a GitHub token: the last six characters are
// the CRC32 of the rest (prefix included), in base 62.
func githubChecksum(m string) (bool, string) {
	if ok, why := notLowEntropy(m); !ok {
		return false, why
	}
	body, sum := m[:len(m)-6], m[len(m)-6:]
	if base62(crc32.ChecksumIEEE([]byte(body)), 6) == sum {
		return true, "checksum verified"
	}
	return true, "its checksum does not match, so it may be a made-up example"
}

const base62Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func base62(n uint32, width int) string {
	b := make([]byte, width)
	for i := width - 1; i >= 0; i-- {
		b[i] = base62Digits[n%62]
		n /= 62
	}
	return string(b)
}

func runLeakedToken(p *analyzer.Pass) error {
	f := p.File
	for _, h := range tokenHits(f.Text()) {
		rng := analyzer.Range{Start: f.OffsetPos(h.start), End: f.OffsetPos(h.end)}
		msg := fmt.Sprintf("this is a %s written in the file (%s); anyone who can read the repository can use it: revoke it, then store it as a secret", h.tf.kind, analyzer.Redacted(h.secret, 4))
		sev := analyzer.Severity(0)
		if h.why != "" && strings.Contains(h.why, "does not match") {
			sev = analyzer.Warning
			msg = fmt.Sprintf("this has the shape of a %s (%s), though %s; if it is real, revoke it and store it as a secret", h.tf.kind, analyzer.Redacted(h.secret, 4), h.why)
		} else if h.why == "checksum verified" {
			msg = fmt.Sprintf("this is a %s written in the file (%s; its checksum is valid, so it is a real token): revoke it now, then store it as a secret", h.tf.kind, analyzer.Redacted(h.secret, 4))
		}
		p.Report(analyzer.Diagnostic{Range: rng, Severity: sev, Message: msg, Redact: []analyzer.Range{rng}})
	}
	return nil
}

// SecretRanges are the places of the file's text that hold a credential, as leaked-token
// finds them: what output must never show, whatever the file's rules and parse result.
func SecretRanges(f *analyzer.File) []analyzer.Range {
	var out []analyzer.Range
	for _, h := range tokenHits(f.Text()) {
		out = append(out, analyzer.Range{Start: f.OffsetPos(h.start), End: f.OffsetPos(h.end)})
	}
	return out
}

// tokenHit is a credential found in a file's text: its format, where it is, and what a
// check of its checksum said.
type tokenHit struct {
	tf         tokenFormat
	start, end int
	secret     string
	why        string
}

// tokenHits finds the credentials in src: each format's literal needles in one pass,
// then its expression on the lines that hold one.
func tokenHits(src string) []tokenHit {
	var out []tokenHit
	hits := needleHits(src)
	for fi, tf := range tokenFormats {
		if len(hits[fi]) == 0 {
			continue
		}
		if tf.multiline {
			for _, m := range tf.re.FindAllStringSubmatchIndex(src, -1) {
				out = appendToken(out, tf, src, m)
			}
			continue
		}
		prev := -1
		for _, at := range hits[fi] {
			start := strings.LastIndexByte(src[:at], '\n') + 1
			if start == prev {
				continue // this line is done
			}
			prev = start
			end := strings.IndexByte(src[at:], '\n')
			if end < 0 {
				end = len(src)
			} else {
				end += at
			}
			line := src[start:end]
			if tf.also != "" && !strings.Contains(line, tf.also) {
				continue
			}
			for _, m := range tf.re.FindAllStringSubmatchIndex(line, -1) {
				for k := range m {
					if m[k] >= 0 {
						m[k] += start
					}
				}
				out = appendToken(out, tf, src, m)
			}
		}
	}
	return out
}

// appendToken adds the match m of format tf, unless it is not a credential after all.
func appendToken(out []tokenHit, tf tokenFormat, src string, m []int) []tokenHit {
	start, end := m[0], m[1]
	if tf.group > 0 {
		start, end = m[2*tf.group], m[2*tf.group+1]
	}
	secret := src[start:end]
	why := ""
	if tf.check != nil {
		ok, w := tf.check(src[m[0]:m[1]])
		if !ok {
			return out
		}
		why = w
	}
	if tf.group > 0 {
		// a password in a URL or a command: not a reference, placeholder or
		// throwaway, and not to a service on this machine
		s := strings.Trim(secret, `"'`)
		if matchesTokenFormat(s) {
			return out // reported for what it is
		}
		if notACredential(s) != "" || strings.HasPrefix(s, "$") || strings.Contains(s, "*") || throwaway[strings.ToLower(s)] || len(s) < 6 {
			return out
		}
		if tf.kind == "password in a URL" {
			host := strings.ToLower(src[m[4]:m[5]])
			if host == "localhost" || strings.HasPrefix(host, "127.") || host == "0.0.0.0" || !strings.Contains(host, ".") {
				return out // a service container of this job, or a host name without a domain
			}
		}
	}
	return append(out, tokenHit{tf: tf, start: start, end: end, secret: secret, why: why})
}

// needleIndex lists, by first byte, the needles of every token format.
var needleIndex = func() (idx [256][]struct {
	needle string
	format int
}) {
	for fi, tf := range tokenFormats {
		for _, n := range tf.needles {
			idx[n[0]] = append(idx[n[0]], struct {
				needle string
				format int
			}{n, fi})
		}
	}
	return idx
}()

// needlePairs is a bit set of the first two bytes of every needle (each needle has at
// least two): most positions of a file are ruled out by one lookup.
var needlePairs = func() (set [256][4]uint64) {
	for _, tf := range tokenFormats {
		for _, n := range tf.needles {
			set[n[0]][n[1]>>6] |= 1 << (n[1] & 63)
		}
	}
	return set
}()

// needleHits finds, in one pass over src, where each token format's needles occur:
// the offsets, in order, by format. One pass costs less than a search per needle.
func needleHits(src string) [][]int {
	var hits [][]int
	for i := 0; i+1 < len(src); i++ {
		if needlePairs[src[i]][src[i+1]>>6]&(1<<(src[i+1]&63)) == 0 {
			continue // no needle starts with these two bytes
		}
		for _, n := range needleIndex[src[i]] {
			if strings.HasPrefix(src[i:], n.needle) {
				if hits == nil {
					hits = make([][]int, len(tokenFormats))
				}
				hits[n.format] = append(hits[n.format], i)
			}
		}
	}
	if hits == nil {
		hits = make([][]int, len(tokenFormats))
	}
	return hits
}
