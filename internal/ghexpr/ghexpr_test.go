package ghexpr

import "testing"

func TestScan(t *testing.T) {
	for _, tt := range []struct {
		value string
		want  []string
	}{
		{"no expression", nil},
		{"${{ a }} and ${{ b }}", []string{" a ", " b "}},
		{"${{ '}}' }} x", []string{" '}}' "}},      // "}}" inside a string literal
		{"${{ 'open }} rest", []string{" 'open "}}, // an unclosed literal: the first "}}"
		{"${{ never closed", []string{" never closed"}},
		{"${{ a }}${{ b", []string{" a ", " b"}},
	} {
		var got []string
		for _, s := range Scan(tt.value, false) {
			got = append(got, s.Text)
		}
		if len(got) != len(tt.want) {
			t.Errorf("%q: %q, want %q", tt.value, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: %q, want %q", tt.value, got, tt.want)
			}
		}
	}
	if s := Scan("a == b", true); len(s) != 1 || s[0].Open != -1 || s[0].Text != "a == b" {
		t.Errorf("bare: %+v", s)
	}
}

func TestIsLiteral(t *testing.T) {
	for v, want := range map[string]bool{
		"${{ 'main' }}":          true,
		"${{ 1 == 1 && 'x' }}":   true,
		"${{ github.ref }}":      false,
		"x${{ 'main' }}":         false,
		"${{ 'a' }}${{ 'b' }}":   false,
		"${{ 'unclosed }}":       false,
		"${{ fromJSON('[1]') }}": false,
	} {
		if got := IsLiteral(v); got != want {
			t.Errorf("%q: %v, want %v", v, got, want)
		}
	}
}
