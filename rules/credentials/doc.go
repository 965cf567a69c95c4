// Package credentials holds the rules that find secrets written into workflows and
// action metadata: hardcoded-credential (a password or key in a slot where a secret
// belongs) and leaked-token (text with the shape of a real token, anywhere in a file).
// Every finding masks the secret in what output shows.
package credentials
