// Package schema embeds the JSON Schemas written for wflint.
package schema

import _ "embed"

// Output is the JSON Schema of `wflint --format json`.
//
//go:embed output.schema.json
var Output []byte

// Workflow is the JSON Schema of a workflow file (.github/workflows/*.yml).
//
//go:embed workflow.schema.json
var Workflow []byte

// Action is the JSON Schema of action metadata (action.yml).
//
//go:embed action.schema.json
var Action []byte

// Config is the JSON Schema of wflint's configuration file (.github/wflint.yaml).
//
//go:embed config.schema.json
var Config []byte
