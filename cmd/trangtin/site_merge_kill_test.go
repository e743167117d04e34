package main

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/testenv"
)

// cloneConfig copies the data folder of cfg (and its PostgreSQL database,
// as a template) so that two runs start from the same bytes.
func cloneConfig(t *testing.T, cfg config.Config) config.Config {
	t.Helper()
	c := config.Config{DataDir: t.TempDir()}
	must(t, os.CopyFS(c.DataDir, os.DirFS(cfg.DataDir)))
	if cfg.DB == "" {
		return c
	}
	u, err := url.Parse(cfg.DB)
	must(t, err)
	src := strings.TrimPrefix(u.Path, "/")
	admin, err := sql.Open("pgx", testenv.Postgres(t))
	must(t, err)
	defer admin.Close()
	name := src + "_" + strings.ToLower(strings.ReplaceAll(filepath.Base(c.DataDir), "-", "_"))
	if _, err := admin.Exec("CREATE DATABASE " + name + " TEMPLATE " + src); err != nil {
		t.Fatalf("clone database: %v", err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", testenv.Postgres(t)); err == nil {
			a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	u.Path = "/" + name
	c.DB = u.String()
	return c
}

func mergeArgs(cfg config.Config) []string {
	args := []string{"site", "merge", "--data", cfg.DataDir}
	if cfg.DB != "" {
		args = append(args, "--db", cfg.DB)
	}
	return append(args, "--from", mergeSourceKeys(), "--into", mergeTarget)
}

// killMergeAt runs `trangtin site merge` as a child process and kills it
// with SIGKILL as soon as it reports the first source merged, while it
// works on the second. It reports whether the kill landed before the
// process ended by itself.
func killMergeAt(t *testing.T, bin string, cfg config.Config) bool {
	t.Helper()
	cmd := exec.Command(bin, mergeArgs(cfg)...)
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	sc := bufio.NewScanner(stdout)
	mark := "Đã sáp nhập " + mergeSources[0].key + " "
	killed := false
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), mark) {
			must(t, cmd.Process.Signal(syscall.SIGKILL))
			killed = true
			break
		}
	}
	io.Copy(io.Discard, stdout)
	err = cmd.Wait()
	var exit *exec.ExitError
	if !killed && err == nil {
		return false // ended by itself before the report was read
	}
	if !killed {
		t.Fatalf("the merge never reported %q: %v\n%s", mark, err, stderr.String())
	}
	if errors.As(err, &exit) {
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			return true
		}
	}
	if err != nil {
		t.Fatalf("the merge failed before the kill: %v\n%s", err, stderr.String())
	}
	return false
}

// TestSiteMergeKilled: `trangtin site merge` killed with SIGKILL half-way
// (after the first source, while it moves the second) leaves each source
// either fully merged or untouched; the same command run again finishes
// the job, and the database then equals, table by table, that of one
// clean run from the same start.
func TestSiteMergeKilled(t *testing.T) {
	testenv.Long(t, "a merge of three sites of 500 articles killed half-way, on each store")
	bin := buildBinary(t)
	eachStore(t, func(t *testing.T, cfg config.Config) {
		db, err := openStore(context.Background(), cfg)
		must(t, err)
		buildMergeFixture(t, db, cfg.DataDir)
		must(t, db.Close())

		clean := cloneConfig(t, cfg)
		start := siteCounts(t, openRaw(t, clean))
		if out, err := siteRun(t, clean, "merge", "--from", mergeSourceKeys(), "--into", mergeTarget); err != nil {
			t.Fatalf("clean run: %v\n%s", err, out)
		}
		var killed config.Config
		for attempt := 1; ; attempt++ {
			killed = cloneConfig(t, cfg)
			signaled := killMergeAt(t, bin, killed)
			merged := checkEachSourceAllOrNothing(t, start, killed)
			t.Logf("attempt %d: killed %v, then %v merged", attempt, signaled, merged)
			if !slices.Contains(merged, mergeSources[0].key) {
				t.Fatalf("the first source, reported merged, is not: %v", merged)
			}
			if signaled && len(merged) < len(mergeSources) {
				break
			}
			// The machine was slow enough for the whole merge to end
			// between the first source's report and the kill: again.
			if attempt == 3 {
				t.Fatal("three merges ended before the kill landed")
			}
		}
		out, err := exec.Command(bin, mergeArgs(killed)...).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Trang "+mergeSources[0].key+" đã sáp nhập vào "+mergeTarget+" trước đó: bỏ qua.") {
			t.Fatalf("the merge run again: %v\n%s", err, out)
		}
		compareDatabases(t, clean, killed, mergeDump, "one clean run", "a killed run finished")
	})
}

// checkEachSourceAllOrNothing: every source of killed holds either all the
// rows it held at the start and is active, or none and is merged.
func checkEachSourceAllOrNothing(t *testing.T, start map[string]map[int64]int, killed config.Config) (merged []string) {
	t.Helper()
	raw := openRaw(t, killed)
	now := siteCounts(t, raw)
	for _, s := range mergeSources {
		var id int64
		var state string
		must(t, raw.QueryRow(`SELECT id, state FROM sites WHERE key = '`+s.key+`'`).Scan(&id, &state))
		full, empty := true, true
		for _, table := range mergedTables {
			full = full && now[table][id] == start[table][id]
			empty = empty && now[table][id] == 0
		}
		switch {
		case state == "merged" && empty:
			merged = append(merged, s.key)
		case state == "active" && full:
		default:
			t.Errorf("source %s after the kill: state %s, rows %v (start %v)", s.key, state, now, start)
		}
	}
	return merged
}

// mergeDump is how a merge's databases are compared: row by row, except
// what a merge writes with the clock (audit times and hashes, the
// redirect rows' creation time) and PostgreSQL's ID of a category created
// in a transaction rolled back by the kill (sequences are not
// transactional), which are compared through what they name instead.
var mergeDump = dumpOptions{media: true, queries: map[string]string{
	"audit_log":  `SELECT id || ' ' || site_id || ' ' || actor || ' ' || action || ' ' || object || ' ' || detail FROM audit_log ORDER BY id`,
	"audit_head": `SELECT '' || count FROM audit_head`,
	"redirects":  `SELECT site_id || ' ' || old_key || ' ' || to_site_id || ' ' || to_path || ' ' || source FROM redirects ORDER BY site_id, old_key`,
	"categories": `SELECT c.site_id || ' ' || c.slug || ' ' || c.name || ' ' || COALESCE(p.slug, '-') || ' ' || c.position || ' ' || c.hidden
		FROM categories c LEFT JOIN categories p ON p.id = c.parent_id ORDER BY c.site_id, c.slug`,
}}
