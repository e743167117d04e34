package redirect

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestKey(t *testing.T) {
	for _, c := range []struct{ raw, want string }{
		{"/news/tin-tuc/le-hoi-12.html", "/news/tin-tuc/le-hoi-12.html"},
		{"https://giavien.ninhbinh.gov.vn/2023/05/12/le-hoi/", "/2023/05/12/le-hoi"},
		{"/?p=12", "/?p=12"},
		{"/index.php?p=12", "/?p=12"},
		{"/?p=12&utm_source=zalo", "/?p=12"},
		{"/?utm_source=zalo", "/"},
		{"/index.php?nv=news&language=vi&op=tin-tuc%2Fle-hoi-12", "/?nv=news&op=tin-tuc%2Fle-hoi-12"},
		{"/index.php?NV=news&OP=abc", "/?nv=news&op=abc"},
		{"/l%E1%BB%85-h%E1%BB%99i/", "/lễ-hội"},
		{"", "/"},
		{"/", "/"},
		{"//", "/"},
	} {
		got, err := Key(c.raw)
		if err != nil {
			t.Fatalf("Key(%q): %v", c.raw, err)
		}
		if got != c.want {
			t.Errorf("Key(%q) = %q, want %q", c.raw, got, c.want)
		}
	}
	if _, err := Key("%zz"); err == nil {
		t.Error("Key of a malformed address gave no error")
	}
}

func TestCandidates(t *testing.T) {
	u, err := url.Parse("/?nv=news&op=tin-tuc/a-1&language=vi&trang=2")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"/?nv=news&op=tin-tuc%2Fa-1", "/"}
	if got := Candidates(u); !slices.Equal(got, want) {
		t.Errorf("Candidates = %q, want %q", got, want)
	}
	u, err = url.Parse("/2023/05/le-hoi/")
	if err != nil {
		t.Fatal(err)
	}
	if got := Candidates(u); !slices.Equal(got, []string{"/2023/05/le-hoi"}) {
		t.Errorf("Candidates of a bare path = %q", got)
	}
	// What an importer stores is what a request for the same address asks.
	stored, err := Key("/index.php?language=vi&nv=news&op=tin-tuc/a-1")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(Candidates(u2(t, "/?op=tin-tuc%2Fa-1&nv=news&fbclid=x")), stored) {
		t.Errorf("a request with the same item and a tracking tag does not find %q", stored)
	}
	if Candidates(u2(t, "/"+strings.Repeat("a", MaxKey))) != nil {
		t.Error("an address over MaxKey is looked up")
	}
}

func u2(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
