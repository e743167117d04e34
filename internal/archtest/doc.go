// Package archtest holds the test that checks the import direction written
// in shared/docs/design.md; it has no code of its own.
package archtest
