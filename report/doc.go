// Package report writes a run's findings in the five formats wflint offers: text for a
// terminal (with the source line underlined), JSON, SARIF for code scanning, GitHub
// workflow commands that annotate a run, and Markdown for a step summary. Each reads an
// analyzer.Result and nothing else of wflint.
package report
