// Package schema holds the structural rules: schema (workflows) and action-schema
// (action metadata), which check a file against the JSON Schemas in schema/ and explain
// each failure as a person reads it, and the structure no schema can express (step ids,
// parallel steps, cron expressions, concurrency).
package schema
