package backup

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
)

// FindTool finds a PostgreSQL client program (pg_dump, pg_restore): on
// PATH, else in Debian's /usr/lib/postgresql/VERSION/bin, the newest
// version first (pg_dump must be at least as new as the server).
func FindTool(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	matches, _ := filepath.Glob(filepath.Join(debianPostgres, "*", "bin", name))
	version := func(p string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(p))))
		return n
	}
	slices.SortFunc(matches, func(a, b string) int { return version(b) - version(a) })
	for _, p := range matches {
		if p, err := exec.LookPath(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("không tìm thấy chương trình %s của PostgreSQL: hãy cài gói postgresql-client (apt-get install postgresql-client) hoặc thêm thư mục chứa %s vào PATH", name, name)
}

// debianPostgres is where Debian installs PostgreSQL's programs, by major
// version; a variable for the tests.
var debianPostgres = "/usr/lib/postgresql"
