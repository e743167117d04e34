package testenv

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// copies maps the folders of ../shared (the read-only material beside the
// repository) to their copies in testdata/, which the tests read.
var copies = []struct{ shared, local string }{
	{"seed", "seed"},
	{"corpus", "corpus"},
	{"testdata/vi", "vi"},
	{"testdata/wordpress", "wordpress"},
}

const sumsFile = "SHA256SUMS"

var syncMaterial = flag.Bool("sync", false, "TestMaterial: copy the material of ../shared into testdata/ and rewrite testdata/"+sumsFile)

// TestMaterial checks the test material in testdata/: every copied file
// has the checksum that testdata/SHA256SUMS records, and, when ../shared is
// beside the repository, is byte for byte the file it was copied from, with
// no file missing or added on either side. After ../shared changes, copy it
// again with
//
//	go test ./internal/testenv -run TestMaterial -args -sync
func TestMaterial(t *testing.T) {
	root := Root(t)
	td := filepath.Join(root, "testdata")
	shared := filepath.Join(filepath.Dir(root), "shared")
	_, err := os.Stat(shared)
	haveShared := err == nil
	if *syncMaterial {
		if !haveShared {
			t.Fatalf("-sync: %v", err)
		}
		if err := copyMaterial(shared, td); err != nil {
			t.Fatalf("-sync: %v", err)
		}
	}

	local, err := readCopies(td, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(local) == 0 {
		t.Fatal("testdata/ holds no copied material")
	}
	sums, err := readSums(filepath.Join(td, sumsFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range checkSums(sums, local) {
		t.Error(p)
	}

	if !haveShared {
		t.Logf("no %s beside the repository: testdata/ checked against %s only", shared, sumsFile)
		return
	}
	remote, err := readCopies(shared, "shared")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range compareCopies(remote, local) {
		t.Error(p)
	}
}

// file is one file of the material: its path under testdata/ (slashes),
// where it was read from, and its content.
type file struct {
	from string
	data []byte
}

// readCopies reads the files of the folders of copies under dir, keyed by
// their path under testdata/; dir is ../shared when side is "shared", and
// testdata/ otherwise.
func readCopies(dir, side string) (map[string]file, error) {
	out := map[string]file{}
	for _, c := range copies {
		base := filepath.Join(dir, filepath.FromSlash(c.local))
		if side == "shared" {
			base = filepath.Join(dir, filepath.FromSlash(c.shared))
		}
		err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(base, p)
			if err != nil {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			out[path.Join(c.local, filepath.ToSlash(rel))] = file{from: p, data: data}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readSums reads a file in the format of sha256sum: "HEX  PATH" a line.
func readSums(name string) (map[string]string, error) {
	raw, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for n := 1; sc.Scan(); n++ {
		sum, p, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 {
			return nil, fmt.Errorf("%s:%d: want \"SHA256  PATH\", got %q", name, n, sc.Text())
		}
		sums[p] = sum
	}
	return sums, sc.Err()
}

func sha(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// checkSums names every file of local whose checksum is not the one sums
// records, and every file that only one of them has.
func checkSums(sums map[string]string, local map[string]file) []string {
	var problems []string
	for _, p := range sortedKeys(local) {
		switch want, ok := sums[p]; {
		case !ok:
			problems = append(problems, fmt.Sprintf("testdata/%s is not listed in testdata/%s", p, sumsFile))
		case sha(local[p].data) != want:
			problems = append(problems, fmt.Sprintf("testdata/%s changed: its SHA-256 is not the one testdata/%s records", p, sumsFile))
		}
	}
	for _, p := range sortedKeys(sums) {
		if _, ok := local[p]; !ok {
			problems = append(problems, fmt.Sprintf("testdata/%s, listed in testdata/%s, is missing", p, sumsFile))
		}
	}
	return problems
}

// compareCopies names every file that differs between the originals
// (remote) and the copies (local), or that only one side has.
func compareCopies(remote, local map[string]file) []string {
	var problems []string
	for _, p := range sortedKeys(remote) {
		l, ok := local[p]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s has no copy testdata/%s (copy it: go test ./internal/testenv -run TestMaterial -args -sync)", remote[p].from, p))
		case !bytes.Equal(l.data, remote[p].data):
			problems = append(problems, fmt.Sprintf("testdata/%s drifted from %s: the bytes differ (copy it again: go test ./internal/testenv -run TestMaterial -args -sync)", p, remote[p].from))
		}
	}
	for _, p := range sortedKeys(local) {
		if _, ok := remote[p]; !ok {
			problems = append(problems, fmt.Sprintf("testdata/%s has no original in ../shared", p))
		}
	}
	return problems
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// copyMaterial replaces the copied folders of td with the files of shared,
// and rewrites td/SHA256SUMS.
func copyMaterial(shared, td string) error {
	remote, err := readCopies(shared, "shared")
	if err != nil {
		return err
	}
	if len(remote) == 0 {
		return errors.New("nothing to copy")
	}
	for _, c := range copies {
		if err := os.RemoveAll(filepath.Join(td, filepath.FromSlash(c.local))); err != nil {
			return err
		}
	}
	var sums strings.Builder
	for _, p := range sortedKeys(remote) {
		dst := filepath.Join(td, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, remote[p].data, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&sums, "%s  %s\n", sha(remote[p].data), p)
	}
	return os.WriteFile(filepath.Join(td, sumsFile), []byte(sums.String()), 0o644)
}

// TestMaterialProblemsAreNamed makes sure the comparisons are not vacuous:
// a changed, a missing and an added file are each reported by name.
func TestMaterialProblemsAreNamed(t *testing.T) {
	orig := map[string]file{
		"vi/fold.tsv":  {from: "shared/testdata/vi/fold.tsv", data: []byte("a\tb\n")},
		"vi/slugs.tsv": {from: "shared/testdata/vi/slugs.tsv", data: []byte("x\n")},
	}
	copied := map[string]file{
		"vi/fold.tsv":  {data: []byte("a\tc\n")},
		"vi/extra.tsv": {data: []byte("y\n")},
	}
	want := []string{"testdata/vi/fold.tsv drifted", "shared/testdata/vi/slugs.tsv has no copy testdata/vi/slugs.tsv", "testdata/vi/extra.tsv has no original"}
	got := compareCopies(orig, copied)
	if len(got) != len(want) {
		t.Fatalf("compareCopies: %d problems, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("compareCopies problem %d: %q, want it to name %q", i, got[i], want[i])
		}
	}
	if got := compareCopies(orig, orig); len(got) != 0 {
		t.Errorf("compareCopies of identical sides: %q", got)
	}

	sums := map[string]string{"vi/fold.tsv": sha([]byte("a\tb\n")), "vi/gone.tsv": sha(nil)}
	want = []string{"testdata/vi/extra.tsv is not listed", "testdata/vi/fold.tsv changed", "testdata/vi/gone.tsv, listed in testdata/SHA256SUMS, is missing"}
	got = checkSums(sums, copied)
	if len(got) != len(want) {
		t.Fatalf("checkSums: %d problems, want %d: %q", len(got), len(want), got)
	}
	for i := range want {
		if !strings.Contains(got[i], want[i]) {
			t.Errorf("checkSums problem %d: %q, want it to name %q", i, got[i], want[i])
		}
	}
}
