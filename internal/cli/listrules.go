package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"

	"github.com/wflint/wflint/rules"
)

// ruleListing is one rule as --list-rules shows it: what it is, and how this run (the
// configuration and the flags) would run it.
type ruleListing struct {
	ID              string `json:"id"`
	Title           string `json:"title"`
	Category        string `json:"category"`
	Severity        string `json:"severity"`
	DefaultSeverity string `json:"default_severity"`
	Confidence      string `json:"confidence"`
	Enabled         bool   `json:"enabled"`
	DefaultEnabled  bool   `json:"default_enabled"`
	URL             string `json:"url"`
}

// printRules lists every rule with its category, severity, confidence and whether it
// runs, as the configuration and the rule flags leave them: as a table, or as JSON with
// --format json.
func (o *options) printRules(e *env, stdout, stderr io.Writer) int {
	sel, err := o.selection(e)
	if err != nil {
		fmt.Fprintf(stderr, "wflint: %v\n", err)
		return ExitUsage
	}
	var list []ruleListing
	for _, r := range rules.All() {
		l := ruleListing{ID: r.ID, Title: r.Title, Category: string(r.Category), Severity: r.Severity.String(),
			DefaultSeverity: r.Severity.String(), Confidence: r.DefaultConfidence().String(),
			Enabled: slices.Contains(sel.rules, r), DefaultEnabled: !r.OffByDefault, URL: r.DocURL()}
		if s, ok := sel.severity[r.ID]; ok {
			l.Severity = s.String()
		}
		list = append(list, l)
	}
	if slices.ContainsFunc(o.outputs.list, func(r reportSpec) bool { return r.format == "json" }) {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"rules": list}); err != nil {
			return ExitError
		}
		return ExitOK
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSTATE\tSEVERITY\tCONFIDENCE\tCATEGORY\tTITLE")
	for _, l := range list {
		state := map[bool]string{true: "on", false: "off"}[l.Enabled]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", l.ID, state, l.Severity, l.Confidence, l.Category, l.Title)
	}
	tw.Flush()
	return ExitOK
}
