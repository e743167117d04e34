// Package archtest holds the test that checks the import direction written
// in docs/architecture.md: cmd wires everything; web, admin, api and jobs
// use the domain; stores implement it; within the domain, the kernel (vi,
// apperr, workday, audit, feed, search, guard, mail, contact) imports no
// module (content, newsroom, document, question, consultation, user, media,
// rating, schedule, visits). It has no code of its own.
package archtest
