package testenv

import (
	"net"
	"os"
	"testing"
)

// The server starts, answers on its loopback port and is gone, with its
// folder, when the test that started it ends.
func TestStartMariaDB(t *testing.T) {
	var m MariaDB
	var dir string
	t.Run("server", func(t *testing.T) {
		m = StartMariaDB(t)
		c, err := net.Dial("tcp", m.Addr)
		if err != nil {
			t.Fatalf("no server at %s: %v", m.Addr, err)
		}
		c.Close()
		dir = m.Dir
	})
	if t.Failed() || m.Addr == "" {
		return
	}
	if c, err := net.Dial("tcp", m.Addr); err == nil {
		c.Close()
		t.Errorf("the server still answers at %s after its test", m.Addr)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("its folder %s is still there: %v", dir, err)
	}
}
