// Package archtest holds the tests that check the shape of the code: the
// import direction written in docs/architecture.md (cmd wires everything;
// web, admin, api and jobs use the domain; stores implement it; within the
// domain, the kernel — vi, apperr, workday, audit, feed, search, guard,
// mail, contact — imports no module), and the size limits of files and
// functions (size_test.go). It has no code of its own.
package archtest
