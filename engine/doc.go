// Package engine runs rules over files and carries their findings through a pipeline of
// named steps, as golangci-lint's processors do:
//
//   - the Runner loads each file once and runs every rule that applies to it;
//   - FileSteps run on one file's findings while it is loaded: inline suppressions
//     (Suppress), severity overrides, redaction of secrets in the text reports show;
//   - ResultSteps run on the whole run, in the order the caller lists them: path
//     ignores (Filter), MinSeverity, SortDedupe, Fix, WriteBaseline, ApplyBaseline.
//
// The CLI assembles a Pipeline from its flags and the configuration. The package also
// finds the files to lint (Discover, Expand) and the git repository they belong to (Repo).
package engine
