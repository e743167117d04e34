package media

import (
	"regexp"
	"testing"

	"trangtin/internal/apperr"
)

func TestNewKey(t *testing.T) {
	re := regexp.MustCompile(`^([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{32})$`)
	seen := map[string]bool{}
	for range 1000 {
		k := NewKey()
		m := re.FindStringSubmatch(k)
		if m == nil || m[3][:2] != m[1] || m[3][2:4] != m[2] {
			t.Fatalf("NewKey() = %q", k)
		}
		if err := CheckKey(k); err != nil {
			t.Fatalf("CheckKey(%q) = %v", k, err)
		}
		if err := CheckKey(k + "-960.jpg"); err != nil {
			t.Fatalf("CheckKey with suffix: %v", err)
		}
		if seen[k] {
			t.Fatalf("duplicate key %q", k)
		}
		seen[k] = true
	}
}

func TestCheckKey(t *testing.T) {
	good := []string{"a", "ab/cd/abcdef", "ab/cd/abcdef-480.jpg", "x_y/z.pdf"}
	bad := []string{"", "/etc/passwd", "../x", "ab/../cd", "ab/./cd", "ab//cd", "ab/", ".tmp-1", "ab/.meta",
		"AB/cd", "ab\\cd", "ab cd", "ab/cd%2f", "c:/x", "ab/cd/\x00", "ab/cd/ă", string(make([]byte, 256))}
	for _, k := range good {
		if err := CheckKey(k); err != nil {
			t.Errorf("CheckKey(%q) = %v", k, err)
		}
	}
	for _, k := range bad {
		if err := CheckKey(k); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("CheckKey(%q) = %v, want Invalid", k, err)
		}
	}
}
