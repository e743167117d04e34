// Package testenv is what the tests of trangtin share about their
// surroundings: where the repository's test material is ([Path]), how a test
// that cannot run here says so ([Require]: a skip on a developer's machine,
// a failure under CI=true, where every test must run), and [Must] for a
// call whose error a test does not expect.
//
// Only tests import it.
package testenv

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// EnvPostgres names the PostgreSQL server the tests may use, as a DSN
// (postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable).
// scripts/test starts a throwaway server and sets it.
const EnvPostgres = "TRANGTIN_TEST_POSTGRES"

// CI reports whether the tests run under CI (CI=true), where a test that
// would be skipped fails instead.
func CI() bool { return os.Getenv("CI") == "true" }

// Require stops t when err is not nil, err saying why something t needs,
// named by what, is missing here: outside CI it skips t, under CI=true it
// fails t. A nil err does nothing.
func Require(t testing.TB, what string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if CI() {
		t.Fatalf("%s is required: %v (CI=true, so this test fails rather than skips)", what, err)
	}
	t.Skipf("%s is required: %v", what, err)
}

// Postgres returns the DSN of the PostgreSQL server named by
// TRANGTIN_TEST_POSTGRES, or stops t as [Require] does when it is unset.
func Postgres(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvPostgres)
	if dsn == "" {
		Require(t, "PostgreSQL", fmt.Errorf("set %s (e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable; scripts/test does)", EnvPostgres))
	}
	return dsn
}

// Command returns the path of the program name, or stops t as [Require]
// does when it is not on PATH; pkg is the Debian package that has it.
func Command(t testing.TB, name, pkg string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Require(t, name, fmt.Errorf("%w (apt-get install %s; scripts/test does)", err, pkg))
	}
	return path
}

// Optional returns the path of the program name, which only an optional
// check of t needs: a tool trangtin does not use, whose absence says
// nothing about trangtin (systemd-analyze, where no systemd is installed).
// When name is not on PATH it stops t as [Require] does outside CI (a
// visible skip), but under CI=true it only logs why, naming the reason
// the check may be left out, and returns "": the caller leaves that one
// check out and t passes on what else it checked. Put the optional check
// in a subtest of its own.
func Optional(t testing.TB, name, why string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if CI() {
		t.Logf("%s is not installed (%v), so its check is left out even under CI=true: %s", name, err, why)
		return ""
	}
	Require(t, name, fmt.Errorf("%w (%s)", err, why))
	return ""
}

// Long stops t as [Require] does when the tests run with -short; why says
// what makes t long.
func Long(t testing.TB, why string) {
	t.Helper()
	if testing.Short() {
		Require(t, "a run without -short", errors.New(why))
	}
}

// Result is the outcome of a call that returns a value and an error; see
// [Must].
type Result[T any] struct {
	v   T
	err error
}

// Must holds the two results of a call, for [Result.Get]:
//
//	site := testenv.Must(db.FindSiteByKey(ctx, "giavien")).Get(t)
//
// It stands where `site, _ := …` would let an assertion on site pass on the
// zero value of a failed lookup.
func Must[T any](v T, err error) Result[T] { return Result[T]{v, err} }

// Get returns the value of the call, or fails t (at the caller's line) when
// the call returned an error.
func (r Result[T]) Get(t testing.TB) T {
	t.Helper()
	if r.err != nil {
		t.Fatalf("unexpected error: %v", r.err)
	}
	return r.v
}

var root struct {
	once sync.Once
	dir  string
	err  error
}

// Root returns the top folder of the repository (the one with go.mod),
// found upwards from the working directory, which go test sets to the
// folder of the package under test.
func Root(t testing.TB) string {
	t.Helper()
	root.once.Do(func() { root.dir, root.err = findRoot() })
	if root.err != nil {
		t.Fatalf("testenv: %v", root.err)
	}
	return root.dir
}

func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(mod, []byte("module trangtin\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod of module trangtin above the working directory")
		}
		dir = parent
	}
}

// Path returns the file or folder rel (slash-separated) of the
// repository's testdata folder. The material is part of the repository:
// when rel is missing, t fails, CI or not.
func Path(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(Root(t), "testdata", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("testenv: test material missing: %v", err)
	}
	return p
}
