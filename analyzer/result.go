package analyzer

// Result is what a run found: the input of every report format.
type Result struct {
	// Diagnostics, sorted by path, line, column and rule once the run's steps are done.
	Diagnostics []Diagnostic
	// Files holds the text of each file that has a diagnostic, for snippets, with
	// secrets masked.
	Files map[string]*File
	// Errors lists files that could not be read.
	Errors []error
	// Linted counts the files that were linted.
	Linted int
	// Paths lists the files that were linted, as shown.
	Paths []string
}

// HasInternalError reports whether a rule failed during the run.
func (r *Result) HasInternalError() bool {
	for _, d := range r.Diagnostics {
		if d.Rule == InternalError.ID {
			return true
		}
	}
	return false
}
