// Package security holds the rules about hazards an attacker can use: settings that let
// a run's log output change its environment, and the actions an organisation forbids.
//
// Threat model. A public repository is assumed: an attacker can open issues, comment,
// review, open pull requests from a fork and name a branch, but cannot push or
// dispatch. A run is privileged when it holds a write token or secrets. The rules say
// which trigger makes a finding dangerous where that matters.
package security
