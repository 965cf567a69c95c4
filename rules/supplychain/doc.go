// Package supplychain holds the rules about what a workflow runs from outside the
// repository and whether that can change under it: unpinned-uses, unpinned-image,
// invalid-uses, outdated-action and version-comment-mismatch. unpinned-uses's fixes,
// with a resolver that asks GitHub, are what wflint pin applies.
package supplychain
