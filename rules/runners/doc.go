// Package runners holds runner-label: runs-on labels that no runner has, retired
// GitHub-hosted images, and typos of hosted labels.
package runners
