package testenv

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// MariaDB is a throwaway MariaDB server started by [StartMariaDB].
type MariaDB struct {
	Addr string // 127.0.0.1:port
	Dir  string // its temporary folder, removed when the test ends
}

// DSN is the go-sql-driver/mysql address of database db (may be "") as
// root, who has no password on this server.
func (m MariaDB) DSN(db string) string {
	return "root@tcp(" + m.Addr + ")/" + db + "?charset=utf8mb4&parseTime=false"
}

// mariaDBPaths are Debian's mariadb-server programs; TRANGTIN_MARIADBD
// names another server binary (its folder must have mariadb-install-db
// beside or on PATH).
func mariaDBPaths() (server, install string, err error) {
	server = os.Getenv("TRANGTIN_MARIADBD")
	if server == "" {
		server = "/usr/sbin/mariadbd"
	}
	if _, err := os.Stat(server); err != nil {
		return "", "", fmt.Errorf("%w (apt-get install mariadb-server; scripts/test does)", err)
	}
	install, err = exec.LookPath("mariadb-install-db")
	if err != nil {
		return "", "", fmt.Errorf("%w (apt-get install mariadb-server; scripts/test does)", err)
	}
	return server, install, nil
}

// StartMariaDB starts a MariaDB server for t in a temporary folder, on a
// free loopback port, and stops it and removes the folder when t ends.
// Run as root, the server runs as the mysql user that Debian's package
// creates. When mariadb-server is missing it stops t as [Require] does.
func StartMariaDB(t testing.TB) MariaDB {
	t.Helper()
	server, install, err := mariaDBPaths()
	Require(t, "MariaDB", err)
	dir, err := os.MkdirTemp("", "trangtin-mariadb-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	cred, err := mysqlCredential(dir)
	if err != nil {
		t.Fatalf("MariaDB: %v", err)
	}
	data := filepath.Join(dir, "data")
	initCmd := exec.Command(install, "--no-defaults", "--datadir="+data, "--auth-root-authentication-method=normal",
		"--skip-test-db", "--skip-name-resolve")
	initCmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initCmd.CombinedOutput(); err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(server, "--no-defaults", "--datadir="+data, "--socket="+filepath.Join(dir, "sock"),
		"--pid-file="+filepath.Join(dir, "pid"), "--bind-address=127.0.0.1", "--port="+strconv.Itoa(port),
		"--skip-name-resolve", "--innodb-flush-log-at-trx-commit=0", "--innodb-buffer-pool-size=64M",
		"--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci", "--skip-log-bin")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("MariaDB: %v", err)
	}
	exited := make(chan struct{})
	ready := make(chan error, 1)
	var log strings.Builder
	go func() {
		sc := bufio.NewScanner(stderr)
		said := false
		for sc.Scan() {
			if log.Len() < 64<<10 {
				log.WriteString(sc.Text() + "\n")
			}
			if !said && strings.Contains(sc.Text(), "ready for connections") {
				said = true
				ready <- nil
			}
		}
		if !said {
			ready <- errors.New("the server ended before it was ready")
		}
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})
	select {
	case err := <-ready:
		if err != nil {
			t.Fatalf("MariaDB: %v\n%s", err, log.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("MariaDB did not start within a minute")
	}
	return MariaDB{Addr: "127.0.0.1:" + strconv.Itoa(port), Dir: dir}
}

// mysqlCredential returns the mysql user to run the server as, after
// giving it dir, when running as root; nil otherwise.
func mysqlCredential(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("mysql")
	if err != nil {
		return nil, fmt.Errorf("the server refuses to run as root and there is no mysql user: %w", err)
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err := errors.Join(err1, err2); err != nil {
		return nil, err
	}
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, err
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
