// Package corpustest holds the tests and benchmarks that read the shared corpus of real
// workflows and action files (../shared/corpus, or $WFLINT_CORPUS). They skip when it is
// absent; nothing from it is copied into the project.
package corpustest
