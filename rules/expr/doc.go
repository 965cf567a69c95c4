// Package expr holds the rules that read "${{ }}" expressions. Every expression of a
// file is found, parsed and type-checked once, against a model of what the file defines
// at that place (env, steps, matrix, needs, inputs, secrets), by one shared analysis;
// each rule reports the findings of its kind.
package expr
