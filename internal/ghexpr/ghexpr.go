// Package ghexpr holds what several rule families need of GitHub's "${{ }}"
// expressions as text: finding them in a value, and folding an expression of literals
// into its value as GitHub does. It is a leaf: it imports nothing of wflint.
package ghexpr

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rhysd/actionlint"
)

// Span is one "${{ }}" in a value, as offsets into the value.
type Span struct {
	Open  int    // offset of "${{"; -1 for a bare condition
	Start int    // offset of the expression text
	End   int    // offset just past the text (where "}}" starts)
	Close int    // offset just past "}}"; -1 when there is none
	Text  string // value[Start:End]
}

// Scan finds the expressions in a value. A bare condition (an if: without braces) is the
// whole value.
func Scan(value string, bare bool) []Span {
	if bare {
		return []Span{{Open: -1, Start: 0, End: len(value), Close: len(value), Text: value}}
	}
	var out []Span
	for e, ok := Next(value, 0); ok; e, ok = Next(value, e.Close) {
		out = append(out, e)
	}
	return out
}

// Next finds the first expression of value at or after offset pos; false when there is
// none. A span with no closing "}}" (Close -1) is the last.
func Next(value string, pos int) (Span, bool) {
	if pos < 0 || pos >= len(value) {
		return Span{}, false
	}
	i := strings.Index(value[pos:], "${{")
	if i < 0 {
		return Span{}, false
	}
	open := pos + i
	start := open + 3
	e := Span{Open: open, Start: start, End: len(value), Close: -1}
	if end, ok := CloseBraces(value[start:]); ok {
		e.End = start + end
		e.Close = e.End + 2
	} else if j := strings.Index(value[start:], "}}"); j >= 0 {
		// A string literal is left open; the first "}}" is the best guess at the end.
		e.End = start + j
		e.Close = e.End + 2
	}
	e.Text = value[start:e.End]
	return e, true
}

// Source is the text actionlint's lexer and parser read for an expression's text.
func Source(text string) string { return StarIndex(text) + "}}" }

// IsLiteral reports whether v is one "${{ }}" of literals only, which GitHub folds into
// its value.
func IsLiteral(v string) bool {
	spans := Scan(v, false)
	if len(spans) != 1 || spans[0].Open != 0 || spans[0].Close != len(v) {
		return false
	}
	tree, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(Source(spans[0].Text)))
	if err != nil {
		return false
	}
	_, ok := ConstValue(tree)
	return ok
}

// CloseBraces returns the offset of the "}}" that ends the expression text at the start
// of s, skipping any "}}" inside a string literal (a doubled quote inside one included).
func CloseBraces(s string) (int, bool) {
	inString := false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			inString = !inString
		case !inString && s[i] == '}' && i+1 < len(s) && s[i+1] == '}':
			return i, true
		}
	}
	return 0, false
}

// StarIndex rewrites the filter x[*] as x .* (same length, so offsets hold): GitHub
// accepts both, actionlint's parser only the second.
func StarIndex(s string) string {
	if !strings.Contains(s, "[*]") {
		return s
	}
	b := []byte(s)
	inString := false
	for i := 0; i < len(b); i++ {
		switch {
		case b[i] == '\'':
			inString = !inString // '' inside a string toggles twice
		case !inString && b[i] == '[' && i+2 < len(b) && b[i+1] == '*' && b[i+2] == ']':
			b[i], b[i+1], b[i+2] = ' ', '.', '*'
			i += 2
		}
	}
	return string(b)
}

// ConstValue evaluates an expression made only of literals, as GitHub does.
func ConstValue(n actionlint.ExprNode) (any, bool) {
	switch n := n.(type) {
	case *actionlint.NullNode:
		return nil, true
	case *actionlint.BoolNode:
		return n.Value, true
	case *actionlint.IntNode:
		return float64(n.Value), true
	case *actionlint.FloatNode:
		return n.Value, true
	case *actionlint.StringNode:
		return n.Value, true
	case *actionlint.NotOpNode:
		v, ok := ConstValue(n.Operand)
		return !Truthy(v), ok
	case *actionlint.LogicalOpNode:
		l, ok := ConstValue(n.Left)
		if !ok {
			return nil, false
		}
		if n.Kind == actionlint.LogicalOpNodeKindAnd && !Truthy(l) || n.Kind == actionlint.LogicalOpNodeKindOr && Truthy(l) {
			return l, true
		}
		return ConstValue(n.Right)
	case *actionlint.CompareOpNode:
		l, ok1 := ConstValue(n.Left)
		r, ok2 := ConstValue(n.Right)
		if !ok1 || !ok2 {
			return nil, false
		}
		return compare(n.Kind, l, r)
	}
	return nil, false
}

// Truthy is whether GitHub takes v as true.
func Truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case float64:
		return v != 0 && v == v
	case string:
		return v != ""
	}
	return true
}

// compare follows GitHub's rules: strings compare case-insensitively, and values of
// different types are compared as numbers.
func compare(kind actionlint.CompareOpNodeKind, l, r any) (any, bool) {
	ls, lok := l.(string)
	rs, rok := r.(string)
	var c int
	switch {
	case lok && rok:
		c = strings.Compare(strings.ToLower(ls), strings.ToLower(rs))
	default:
		ln, rn := toNumber(l), toNumber(r)
		if ln != ln || rn != rn { // NaN: only != is true
			return kind == actionlint.CompareOpNodeKindNotEq, true
		}
		switch {
		case ln < rn:
			c = -1
		case ln > rn:
			c = 1
		}
	}
	switch kind {
	case actionlint.CompareOpNodeKindEq:
		return c == 0, true
	case actionlint.CompareOpNodeKindNotEq:
		return c != 0, true
	case actionlint.CompareOpNodeKindLess:
		return c < 0, true
	case actionlint.CompareOpNodeKindLessEq:
		return c <= 0, true
	case actionlint.CompareOpNodeKindGreater:
		return c > 0, true
	case actionlint.CompareOpNodeKindGreaterEq:
		return c >= 0, true
	}
	return nil, false
}

func toNumber(v any) float64 {
	nan := func() float64 { z := 0.0; return z / z }()
	switch v := v.(type) {
	case nil:
		return 0
	case bool:
		if v {
			return 1
		}
		return 0
	case float64:
		return v
	case string:
		s := strings.TrimSpace(v)
		if s == "" {
			return 0
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return f
		}
		if i, err := strconv.ParseInt(s, 0, 64); err == nil {
			return float64(i)
		}
		return nan
	}
	return nan
}

// Parse parses an expression's text (as Source gives it) with actionlint's parser. A text
// that parsed before is not parsed again: most expressions repeat, across files and
// within one (the corpus holds 31,003 expressions, 6,623 distinct), and a tree is only
// read once built (actionlint's checkers do not change it). Up to maxCached trees are
// kept for the process; errors are not kept.
func Parse(src string) (actionlint.ExprNode, *actionlint.ExprError) {
	if t, ok := parsed.Load(src); ok {
		return t.(actionlint.ExprNode), nil
	}
	tree, err := actionlint.NewExprParser().Parse(actionlint.NewExprLexer(src))
	if err != nil {
		return nil, err
	}
	if cached.Add(1) <= maxCached {
		parsed.Store(src, tree)
	}
	return tree, nil
}

const maxCached = 20000

var (
	parsed sync.Map // source text → actionlint.ExprNode
	cached atomic.Int64
)
