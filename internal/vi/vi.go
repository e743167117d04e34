// Package vi provides Vietnamese text helpers for the portal CMS: Unicode
// normalisation, search folding, URL slugs, date display in Vietnamese and
// conversion of text pasted from legacy TCVN3 (ABC) and VNI fonts.
//
// The behaviour of every function is pinned down by the shared test vectors
// in shared/testdata/vi (copied to testdata/vi; see the README there).
package vi

import "golang.org/x/text/unicode/norm"

// NFC returns s in Unicode Normalization Form C. Vietnamese text should be
// stored in NFC: it is what keyboards on current systems produce and what
// the rest of this package returns.
func NFC(s string) string {
	return norm.NFC.String(s)
}
