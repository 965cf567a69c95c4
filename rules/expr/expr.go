package expr

import (
	"strings"

	"github.com/rhysd/actionlint"
	"gopkg.in/yaml.v3"

	"github.com/wflint/wflint/analyzer"
	"github.com/wflint/wflint/internal/ghexpr"
)

// An expression is one "${{ … }}" in a scalar, or a whole if: condition written without
// the braces. Its text is lexed and parsed with actionlint's expression package; positions
// inside it are offsets into the scalar's value, turned into file positions through
// File.ValueOffsets so that a diagnostic underlines the exact characters even inside a
// quoted or block scalar.
type expression struct {
	site  *site
	open  int    // value offset of "${{"; -1 for a bare condition
	start int    // value offset of the expression text
	end   int    // value offset just past the text (where "}}" starts)
	close int    // value offset just past "}}"; -1 when there is none
	text  string // value[start:end]

	tree   actionlint.ExprNode // nil when it does not parse
	tokens []*actionlint.Token // the lexed tokens, the closing "}}" included
	byOff  map[int]int         // token index by offset
}

// scanExpressions finds the expressions in a value. A bare condition is the whole value.
func scanExpressions(value string, bare bool) []*expression {
	if bare {
		return []*expression{{open: -1, start: 0, end: len(value), close: len(value), text: value}}
	}
	var out []*expression
	for sp, ok := ghexpr.Next(value, 0); ok; sp, ok = ghexpr.Next(value, sp.Close) {
		out = append(out, &expression{open: sp.Open, start: sp.Start, end: sp.End, close: sp.Close, text: sp.Text})
	}
	return out
}

// parse lexes and parses the expression. It returns the syntax error, if any, with its
// offset in the expression text.
func (e *expression) parse() *actionlint.ExprError {
	tree, err := ghexpr.Parse(e.src())
	if err != nil {
		e.lex()
		return err
	}
	e.tree = tree
	return nil
}

// src is the text the lexer and the parser read.
func (e *expression) src() string { return ghexpr.Source(e.text) }

// lex fills tokens and byOff, which only positions need: it runs when a finding is
// reported, not for every expression.
func (e *expression) lex() {
	if e.byOff != nil {
		return
	}
	lex := actionlint.NewExprLexer(e.src())
	e.byOff = map[int]int{}
	for {
		t := lex.Next()
		if lex.Err() != nil {
			return
		}
		e.byOff[t.Offset] = len(e.tokens)
		e.tokens = append(e.tokens, t)
		if t.Kind == actionlint.TokenKindEnd {
			return
		}
	}
}

// lastToken returns the index of the last token of n.
func (e *expression) lastToken(n actionlint.ExprNode) int {
	e.lex()
	first, ok := e.byOff[n.Token().Offset]
	if !ok {
		return 0
	}
	// after returns the index of the first token of kind k after token i, skipping the
	// closing parentheses of nested expressions.
	after := func(i int, k actionlint.TokenKind) int {
		for i++; i < len(e.tokens); i++ {
			switch e.tokens[i].Kind {
			case k:
				return i
			case actionlint.TokenKindRightParen, actionlint.TokenKindDot:
			default:
				return min(i, len(e.tokens)-1)
			}
		}
		return len(e.tokens) - 1
	}
	// matching returns the index of the token that closes the bracket at i.
	matching := func(i int) int {
		depth := 0
		for ; i < len(e.tokens); i++ {
			switch e.tokens[i].Kind {
			case actionlint.TokenKindLeftParen, actionlint.TokenKindLeftBracket:
				depth++
			case actionlint.TokenKindRightParen, actionlint.TokenKindRightBracket:
				depth--
				if depth == 0 {
					return i
				}
			}
		}
		return len(e.tokens) - 1
	}
	switch n := n.(type) {
	case *actionlint.ObjectDerefNode:
		return after(e.lastToken(n.Receiver), actionlint.TokenKindIdent)
	case *actionlint.ArrayDerefNode:
		return after(e.lastToken(n.Receiver), actionlint.TokenKindStar)
	case *actionlint.IndexAccessNode:
		return matching(after(e.lastToken(n.Operand), actionlint.TokenKindLeftBracket))
	case *actionlint.FuncCallNode:
		return matching(first + 1)
	case *actionlint.NotOpNode:
		return e.lastToken(n.Operand)
	case *actionlint.CompareOpNode:
		return e.lastToken(n.Right)
	case *actionlint.LogicalOpNode:
		return e.lastToken(n.Right)
	}
	return first
}

// span returns the value offsets of n.
func (e *expression) span(n actionlint.ExprNode) (int, int) {
	i := e.lastToken(n)
	if i >= len(e.tokens) { // no tokens: the text did not lex
		o := e.start + n.Token().Offset
		return o, o
	}
	t := e.tokens[i]
	return e.start + n.Token().Offset, e.start + t.Offset + len(t.Value)
}

// propertySpan returns the value offsets of the property name of a dereference, or of
// the index of an index access.
func (e *expression) propertySpan(n actionlint.ExprNode) (int, int) {
	switch n := n.(type) {
	case *actionlint.ObjectDerefNode, *actionlint.ArrayDerefNode:
		i := e.lastToken(n)
		if i >= len(e.tokens) {
			return e.span(n)
		}
		t := e.tokens[i]
		return e.start + t.Offset, e.start + t.Offset + len(t.Value)
	case *actionlint.IndexAccessNode:
		return e.span(n.Index)
	}
	return e.span(n)
}

// propertyText is the property name as written (the parser lower-cases it).
func (e *expression) propertyText(n actionlint.ExprNode) string {
	a, b := e.propertySpan(n)
	s := e.site.value()[a:b]
	return strings.Trim(s, "'")
}

// site is a scalar whose value may hold expressions, with what is defined there.
type site struct {
	node *yaml.Node
	key  string // the availability key, e.g. "jobs.<job_id>.steps.run"
	cond bool   // an if: condition: the braces may be left out
	// whole is set when the scalar is the whole value of its key (env: ${{ … }}),
	// not an entry of a mapping under it
	whole bool
	// contexts and funcs say what may be used there; none at a key GitHub does not
	// evaluate
	contexts []string
	funcs    []string

	job   *jobScope  // nil outside a job; in action metadata, the composite steps
	step  *stepScope // nil outside a step
	scope *fileScope

	offs   []int
	offsOK bool
}

func (s *site) value() string { return s.node.Value }

// rangeOf returns the file range of value offsets a..b.
func (s *site) rangeOf(f *analyzer.File, a, b int) analyzer.Range {
	if s.offs == nil && !s.offsOK {
		s.offs, s.offsOK = f.ValueOffsets(s.node)
		if !s.offsOK {
			s.offs = []int{}
		}
	}
	if !s.offsOK || a < 0 || b > len(s.node.Value) || a > b {
		return f.Range(s.node)
	}
	end := s.offs[b]
	if b > a {
		end = s.offs[b-1] + 1
		// the last byte may start a multi-byte character
		for end < len(f.Src) && f.Src[end]&0xC0 == 0x80 {
			end++
		}
	}
	return analyzer.Range{Start: f.OffsetPos(s.offs[a]), End: f.OffsetPos(end)}
}
