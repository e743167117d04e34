package user

import (
	"context"
	"testing"
)

func TestCreateUserDropsControlCharacters(t *testing.T) {
	s, _, _ := newTestService()
	u, err := s.CreateUser(context.Background(), "bt@ubnd.gov.vn", "Trần\x00 Văn\x1b[2J Bình\n", goodPassword, RoleEditor, 3)
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "Trần Văn[2J Bình" {
		t.Errorf("name %q", u.Name)
	}
	if _, err := s.CreateUser(context.Background(), "bt\x00@ubnd.gov.vn", "Bình", goodPassword, RoleEditor, 3); err == nil {
		t.Error("an address with NUL was accepted")
	}
}
