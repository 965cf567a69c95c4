// Package filters holds the rules about the branch, tag and path filters of triggers:
// conflicts, patterns that cannot match, filters GitHub never reads, placeholders never
// expanded, and paths that match no file of the repository.
package filters
