package credentials

import (
	"math/rand/v2"
	"testing"
)

// The quick test before secretName never turns away a name the full test takes: on
// names built from the words that matter, in every case and with separators.
func TestSecretNameQuickTest(t *testing.T) {
	parts := []string{"api", "Key", "KEY", "pass", "Word", "pwd", "TOKEN", "secret", "private", "access", "file", "path",
		"gh", "npm", "ssh", "deploy", "_", "-", ".", "x", "Passphrase", "passwd", "id", "é"}
	rng := rand.New(rand.NewPCG(5, 8))
	taken := 0
	for range 100000 {
		name := ""
		for range 1 + rng.IntN(4) {
			name += parts[rng.IntN(len(parts))]
		}
		if secretWordsIn(name) {
			taken++
			if !mayBeSecretName(name) {
				t.Fatalf("the quick test turns away %q, a secret name", name)
			}
		}
	}
	if taken < 1000 {
		t.Fatalf("only %d secret names generated: the test checks too little", taken)
	}
	if secretName("NODE_VERSION") || !secretName("NPM_TOKEN") || !secretName("apiKey") || secretName("TOKEN_FILE") {
		t.Error("secretName: wrong answers")
	}
}
