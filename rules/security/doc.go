// Package security holds the rules about hazards an attacker can use: text they write
// expanded into a script (template-injection), their pull request's code run with the
// repository's credentials (untrusted-checkout, untrusted-publish), a token or secrets
// handed out more widely than needed (excessive-permissions, secrets-exposure), settings
// that let a run's log output change its environment (insecure-commands), and the actions
// an organisation forbids (forbidden-uses).
//
// Threat model. A public repository is assumed: an attacker can open issues, comment,
// review, open pull requests from a fork and name a branch, but cannot push or
// dispatch. A run is privileged when it holds a write token or secrets:
// pull_request_target, workflow_run, issues, issue_comment, discussion*, gollum, push,
// release, schedule and workflow_dispatch runs, and pull_request and
// pull_request_review* runs of the repository's own branches. A fork's pull_request run
// has a read-only token and no secrets, and its author controls its code anyway.
//
// Which contexts an attacker writes, and under which events that text reaches a
// privileged run, is one table, taintSources in taint.go, tested in taint_test.go.
// A finding is reported only where a trigger of the workflow makes it exploitable; the
// severity follows the trigger, and each rule's doc says what it leaves out.
package security
