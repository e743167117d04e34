// Package archtest holds the tests that check the shape of the code: the
// import direction written in shared/docs/design.md, and the size limits
// of files and functions (size_test.go); it has no code of its own.
package archtest
