// Package schema embeds the JSON Schemas written for wflint.
package schema

import _ "embed"

// Output is the JSON Schema of `wflint --format json`.
//
//go:embed output.schema.json
var Output []byte
