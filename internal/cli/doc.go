package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/lazyre"
)

var mdLink = lazyre.New(`\[([^\]]+)\]\(([^)]+)\)`)

// RenderDoc writes a rule's documentation for a terminal: headings stand out, code
// blocks are indented, and links show their address.
func RenderDoc(w io.Writer, r *analyzer.Rule, color bool) {
	bold := func(s string) string {
		if color {
			return "\x1b[1m" + s + "\x1b[0m"
		}
		return s
	}
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	fmt.Fprintf(bw, "%s: %s\n", bold(r.ID), r.Title)
	fmt.Fprintf(bw, "severity %s, category %s, %s by default\n%s\n", r.Severity, r.Category, r.DefaultState(), r.DocURL())
	inCode, prevBlank := false, false
	for _, line := range strings.Split(strings.TrimRight(r.Doc, "\n"), "\n") {
		out := line
		switch {
		case strings.HasPrefix(line, "```"):
			inCode = !inCode
			continue
		case inCode:
			out = "    " + line
		case strings.HasPrefix(line, "## "):
			if !prevBlank {
				fmt.Fprintln(bw)
			}
			out = bold(strings.ToUpper(strings.TrimPrefix(line, "## ")))
		default:
			out = strings.ReplaceAll(mdLink.ReplaceAllString(line, "$1 <$2>"), "`", "")
		}
		fmt.Fprintln(bw, out)
		prevBlank = out == ""
	}
}
