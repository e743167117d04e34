package storetest

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"trangtin/internal/apperr"
	"trangtin/internal/user"
)

// UserStores is a store of accounts, sessions and sign-in attempts.
type UserStores interface {
	user.UserStore
	user.SessionStore
	user.LoginAttemptStore
}

// RunUsers runs the conformance suite of the account stores against fresh,
// empty, migrated stores made by open. It follows the semantics of the
// in-memory reference store in internal/user (memstore_test.go), plus what
// a database adds: times come back in UTC truncated to the microsecond, an
// email must be stored lower case, and a membership must respect
// user.Membership's rule (RoleAdmin on SiteID 0, other roles on a site).
func RunUsers(t *testing.T, open func(t *testing.T) UserStores) {
	t.Run("Users", func(t *testing.T) { testUsers(t, open(t)) })
	t.Run("FindUsers", func(t *testing.T) { testFindUsers(t, open(t)) })
	t.Run("Memberships", func(t *testing.T) { testMemberships(t, open(t)) })
	t.Run("TOTPStep", func(t *testing.T) { testTOTPStep(t, open(t)) })
	t.Run("Sessions", func(t *testing.T) { testSessions(t, open(t)) })
	t.Run("LoginFailures", func(t *testing.T) { testLoginFailures(t, open(t)) })
	t.Run("Locks", func(t *testing.T) { testLocks(t, open(t)) })
	t.Run("LoginReservations", func(t *testing.T) { testLoginReservations(t, open(t)) })
	t.Run("ConcurrentSignIn", func(t *testing.T) { testConcurrentSignIn(t, open(t)) })
	t.Run("ServiceEndToEnd", func(t *testing.T) { testUserService(t, open(t)) })
	t.Run("StaleUpdate", func(t *testing.T) { testUserStale(t, open(t)) })
}

// ict is Vietnam's time zone: times given in it come back in UTC.
var ict = time.FixedZone("ICT", 7*3600)

// uBase is a microsecond-aligned instant the tests count from.
var uBase = time.Date(2025, 3, 10, 8, 0, 0, 0, time.UTC)

func newUser(t *testing.T, s UserStores, email, name string) user.User {
	t.Helper()
	u := user.User{Email: email, Name: name, PasswordHash: "$argon2id$v=19$m=65536,t=3,p=2$c2FsdA$aGFzaA", CreatedAt: uBase, UpdatedAt: uBase}
	must(t, s.CreateUser(ctx, &u, nil, nil), "CreateUser "+email)
	if u.ID == 0 {
		t.Fatalf("CreateUser %s did not set ID", email)
	}
	return u
}

// wantTime checks that got is want truncated to the microsecond, in UTC
// (or the zero time for the zero time).
func wantTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if want.IsZero() {
		if !got.IsZero() {
			t.Errorf("%s = %v, want the zero time", what, got)
		}
		return
	}
	if w := want.Truncate(time.Microsecond); !got.Equal(w) || got.Location() != time.UTC {
		t.Errorf("%s = %v (%v), want %v in UTC", what, got, got.Location(), w.UTC())
	}
}

func testUsers(t *testing.T, s UserStores) {
	fine := time.Date(2025, 3, 10, 15, 4, 5, 123456789, ict)
	u := user.User{
		Email: "thoa.nguyen@ubnd.gov.vn", Name: "Nguyễn Thị Kim Thoả",
		PasswordHash:       "$argon2id$v=19$m=65536,t=3,p=2$c2FsdHNhbHQ$aGFzaGhhc2g",
		MustChangePassword: true, TOTPSecret: "JBSWY3DPEHPK3PXP", Disabled: false,
		CreatedAt: fine, UpdatedAt: fine.Add(time.Second),
	}
	must(t, s.CreateUser(ctx, &u, nil, nil), "CreateUser")
	if u.ID == 0 {
		t.Fatal("CreateUser did not set ID")
	}
	// What a database gives back: times in UTC, truncated to the microsecond.
	u.CreatedAt = fine.Truncate(time.Microsecond)
	u.UpdatedAt = fine.Add(time.Second).Truncate(time.Microsecond)
	got, err := s.FindUserByID(ctx, u.ID)
	must(t, err, "FindUserByID")
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("FindUserByID mismatch (-want +got):\n%s", diff)
	}
	wantTime(t, "CreatedAt", got.CreatedAt, fine)
	wantTime(t, "UpdatedAt", got.UpdatedAt, fine.Add(time.Second))
	got, err = s.FindUserByEmail(ctx, "thoa.nguyen@ubnd.gov.vn")
	must(t, err, "FindUserByEmail")
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("FindUserByEmail mismatch (-want +got):\n%s", diff)
	}

	// Unknown accounts.
	_, err = s.FindUserByID(ctx, u.ID+1000)
	wantCode(t, err, apperr.NotFound, "FindUserByID unknown")
	_, err = s.FindUserByEmail(ctx, "khong-co@ubnd.gov.vn")
	wantCode(t, err, apperr.NotFound, "FindUserByEmail unknown")
	// The match is exact: the stored email is lower case, the argument is not.
	_, err = s.FindUserByEmail(ctx, "Thoa.Nguyen@ubnd.gov.vn")
	wantCode(t, err, apperr.NotFound, "FindUserByEmail with capitals")
	missing := user.User{ID: u.ID + 1000, Email: "x@ubnd.gov.vn", Name: "X"}
	wantCode(t, s.UpdateUser(ctx, &missing, nil), apperr.NotFound, "UpdateUser unknown")

	// A taken email, on create and on update.
	dup := user.User{Email: "thoa.nguyen@ubnd.gov.vn", Name: "Người khác", CreatedAt: uBase, UpdatedAt: uBase}
	wantIs(t, s.CreateUser(ctx, &dup, nil, nil), user.ErrEmailTaken, "CreateUser duplicate email")
	other := newUser(t, s, "binh.tran@ubnd.gov.vn", "Trần Văn Bình")
	other.Email = "thoa.nguyen@ubnd.gov.vn"
	wantIs(t, s.UpdateUser(ctx, &other, nil), user.ErrEmailTaken, "UpdateUser to a taken email")
	// Emails are stored lower case; anything else is refused.
	upper := user.User{Email: "Hoa@UBND.gov.vn", Name: "Hoa", CreatedAt: uBase, UpdatedAt: uBase}
	wantIs(t, s.CreateUser(ctx, &upper, nil, nil), user.ErrEmailCase, "CreateUser with a capitalised email")

	// Zero times round-trip as zero.
	zero := user.User{Email: "zero@ubnd.gov.vn", Name: "Zero"}
	must(t, s.CreateUser(ctx, &zero, nil, nil), "CreateUser zero times")
	got, err = s.FindUserByID(ctx, zero.ID)
	must(t, err, "FindUserByID zero times")
	wantTime(t, "zero CreatedAt", got.CreatedAt, time.Time{})
	wantTime(t, "zero UpdatedAt", got.UpdatedAt, time.Time{})

	// UpdateUser saves everything but ID, CreatedAt and TOTPLastStep.
	must(t, s.UseTOTPStep(ctx, u.ID, 777), "UseTOTPStep")
	upd := u
	upd.Email = "kimthoa@ubnd.gov.vn"
	upd.Name = "Nguyễn Kim Thoả"
	upd.PasswordHash = "$argon2id$v=19$m=65536,t=3,p=2$bmV3c2FsdA$bmV3aGFzaA"
	upd.MustChangePassword = false
	upd.TOTPSecret = ""
	upd.Disabled = true
	upd.CreatedAt = fine.Add(-24 * time.Hour)
	upd.TOTPLastStep = 5
	updAt := fine.Add(time.Hour + 999*time.Nanosecond)
	upd.UpdatedAt = updAt
	must(t, s.UpdateUser(ctx, &upd, nil), "UpdateUser")
	got, err = s.FindUserByID(ctx, u.ID)
	must(t, err, "FindUserByID after update")
	want := upd
	want.CreatedAt, want.TOTPLastStep = u.CreatedAt, 777
	want.UpdatedAt = updAt.Truncate(time.Microsecond)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after UpdateUser (-want +got):\n%s", diff)
	}
	wantTime(t, "UpdatedAt after update", got.UpdatedAt, updAt)
	_, err = s.FindUserByEmail(ctx, "thoa.nguyen@ubnd.gov.vn")
	wantCode(t, err, apperr.NotFound, "FindUserByEmail old email")
	if _, err := s.FindUserByEmail(ctx, "kimthoa@ubnd.gov.vn"); err != nil {
		t.Errorf("FindUserByEmail new email: %v", err)
	}
	// The old email is free again, and updating to one's own email is fine.
	newUser(t, s, "thoa.nguyen@ubnd.gov.vn", "Người mới")
	must(t, s.UpdateUser(ctx, &upd, nil), "UpdateUser unchanged email")
}

func userNames(us []user.User) []string {
	out := []string{}
	for _, u := range us {
		out = append(out, u.Name)
	}
	return out
}

func userIDs(us []user.User) []int64 {
	out := []int64{}
	for _, u := range us {
		out = append(out, u.ID)
	}
	return out
}

func testFindUsers(t *testing.T, s UserStores) {
	none, err := s.FindUsers(ctx, user.UserFilter{})
	must(t, err, "FindUsers empty")
	if len(none) != 0 {
		t.Fatalf("FindUsers on an empty store = %v", userNames(none))
	}

	// Byte order of the NFC names, as Go compares strings: capitals before
	// small letters, "Đ" (U+0110) after every ASCII letter.
	hoa := newUser(t, s, "hoa@ubnd.gov.vn", "Lê Thị Hoa")
	binh := newUser(t, s, "binh.tran@ubnd.gov.vn", "Trần Văn Bình")
	dung := newUser(t, s, "dung@ninhbinh.gov.vn", "Đặng Dũng")
	anh1 := newUser(t, s, "anh1@ubnd.gov.vn", "Nguyễn Anh")
	anh2 := newUser(t, s, "anh2@ubnd.gov.vn", "Nguyễn Anh")
	small := newUser(t, s, "admin@localhost", "admin")
	pct := newUser(t, s, "pct_50%@ubnd.gov.vn", "Phó chủ tịch")

	all, err := s.FindUsers(ctx, user.UserFilter{})
	must(t, err, "FindUsers all")
	if diff := cmp.Diff([]int64{hoa.ID, anh1.ID, anh2.ID, pct.ID, binh.ID, small.ID, dung.ID}, userIDs(all)); diff != "" {
		t.Errorf("FindUsers order by name then ID (-want +got):\n%s\ngot names %q", diff, userNames(all))
	}
	if diff := cmp.Diff(hoa, all[0]); diff != "" {
		t.Errorf("FindUsers returns whole users (-want +got):\n%s", diff)
	}

	// Memberships: Bình edits site 1 and approves site 2, Hoa reports on
	// site 1, Dũng administers site 2, the small admin is platform-wide.
	for _, m := range []user.Membership{
		{UserID: binh.ID, SiteID: 1, Role: user.RoleEditor},
		{UserID: binh.ID, SiteID: 2, Role: user.RoleApprover},
		{UserID: hoa.ID, SiteID: 1, Role: user.RoleReporter},
		{UserID: hoa.ID, SiteID: 1, Role: user.RoleEditor},
		{UserID: dung.ID, SiteID: 2, Role: user.RoleSiteAdmin},
		{UserID: small.ID, SiteID: 0, Role: user.RoleAdmin},
	} {
		must(t, s.SetMembership(ctx, m, nil), fmt.Sprintf("SetMembership %+v", m))
	}

	for _, c := range []struct {
		name string
		f    user.UserFilter
		want []int64
	}{
		{"site 1", user.UserFilter{SiteID: 1}, []int64{hoa.ID, binh.ID}},
		{"site 2", user.UserFilter{SiteID: 2}, []int64{binh.ID, dung.ID}},
		{"site 3", user.UserFilter{SiteID: 3}, []int64{}},
		{"editors anywhere", user.UserFilter{Role: user.RoleEditor}, []int64{hoa.ID, binh.ID}},
		{"admins", user.UserFilter{Role: user.RoleAdmin}, []int64{small.ID}},
		{"approver on site 1", user.UserFilter{SiteID: 1, Role: user.RoleApprover}, []int64{}},
		{"approver on site 2", user.UserFilter{SiteID: 2, Role: user.RoleApprover}, []int64{binh.ID}},
		{"reporter on site 1", user.UserFilter{SiteID: 1, Role: user.RoleReporter}, []int64{hoa.ID}},
		{"query email part", user.UserFilter{Query: "ninhbinh"}, []int64{dung.ID}},
		{"query email, capitals", user.UserFilter{Query: "UBND.GOV"}, []int64{hoa.ID, anh1.ID, anh2.ID, pct.ID, binh.ID}},
		{"query name", user.UserFilter{Query: "anh"}, []int64{anh1.ID, anh2.ID}},
		{"query Vietnamese capitals", user.UserFilter{Query: "NGUYỄN"}, []int64{anh1.ID, anh2.ID}},
		{"query Đ", user.UserFilter{Query: "đặng"}, []int64{dung.ID}},
		// No folding of diacritics: "tran" is not "Trần", but binh.tran's email matches.
		{"query without diacritics", user.UserFilter{Query: "tran"}, []int64{binh.ID}},
		{"query % is literal", user.UserFilter{Query: "50%"}, []int64{pct.ID}},
		{"query % alone is literal", user.UserFilter{Query: "%"}, []int64{pct.ID}},
		{"query _ is literal", user.UserFilter{Query: "b_nh"}, []int64{}},
		{"query and site", user.UserFilter{SiteID: 1, Query: "hoa"}, []int64{hoa.ID}},
		{"query and role", user.UserFilter{Role: user.RoleEditor, Query: "bình"}, []int64{binh.ID}},
		{"limit", user.UserFilter{Limit: 2}, []int64{hoa.ID, anh1.ID}},
		{"limit and offset", user.UserFilter{Limit: 2, Offset: 2}, []int64{anh2.ID, pct.ID}},
		{"offset only", user.UserFilter{Offset: 5}, []int64{small.ID, dung.ID}},
		{"offset past the end", user.UserFilter{Offset: 7}, []int64{}},
		{"paged filter", user.UserFilter{SiteID: 1, Limit: 1, Offset: 1}, []int64{binh.ID}},
	} {
		got, err := s.FindUsers(ctx, c.f)
		must(t, err, "FindUsers "+c.name)
		if diff := cmp.Diff(c.want, userIDs(got)); diff != "" {
			t.Errorf("FindUsers %s (-want +got):\n%s\ngot names %q", c.name, diff, userNames(got))
		}
	}

	// The default limit is 50.
	for i := range 50 {
		newUser(t, s, fmt.Sprintf("u%02d@xa.gov.vn", i), fmt.Sprintf("Người dùng %02d", i))
	}
	got, err := s.FindUsers(ctx, user.UserFilter{})
	must(t, err, "FindUsers default limit")
	if len(got) != 50 {
		t.Errorf("FindUsers with no limit returned %d users, want 50", len(got))
	}
	got, err = s.FindUsers(ctx, user.UserFilter{Offset: 50})
	must(t, err, "FindUsers second page")
	if len(got) != 7 {
		t.Errorf("FindUsers second page returned %d users, want 7", len(got))
	}
}

func testMemberships(t *testing.T, s UserStores) {
	a := newUser(t, s, "a@ubnd.gov.vn", "A")
	b := newUser(t, s, "b@ubnd.gov.vn", "B")
	got, err := s.FindMemberships(ctx, a.ID)
	must(t, err, "FindMemberships none")
	if len(got) != 0 {
		t.Fatalf("FindMemberships of a new user = %+v", got)
	}
	set := []user.Membership{
		{UserID: a.ID, SiteID: 7, Role: user.RoleReporter},
		{UserID: a.ID, SiteID: 2, Role: user.RoleSiteAdmin},
		{UserID: a.ID, SiteID: 2, Role: user.RoleApprover},
		{UserID: a.ID, SiteID: 0, Role: user.RoleAdmin},
		{UserID: a.ID, SiteID: 2, Role: user.RoleEditor},
		{UserID: b.ID, SiteID: 2, Role: user.RoleEditor},
	}
	for _, m := range set {
		must(t, s.SetMembership(ctx, m, nil), fmt.Sprintf("SetMembership %+v", m))
	}
	// Adding one that exists is not an error and does not duplicate it.
	must(t, s.SetMembership(ctx, set[1], nil), "SetMembership again")
	got, err = s.FindMemberships(ctx, a.ID)
	must(t, err, "FindMemberships")
	want := []user.Membership{
		{UserID: a.ID, SiteID: 0, Role: user.RoleAdmin},
		{UserID: a.ID, SiteID: 2, Role: user.RoleApprover},
		{UserID: a.ID, SiteID: 2, Role: user.RoleEditor},
		{UserID: a.ID, SiteID: 2, Role: user.RoleSiteAdmin},
		{UserID: a.ID, SiteID: 7, Role: user.RoleReporter},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FindMemberships ordered by site, then role (-want +got):\n%s", diff)
	}

	must(t, s.RemoveMembership(ctx, user.Membership{UserID: a.ID, SiteID: 2, Role: user.RoleEditor}, nil), "RemoveMembership")
	// Removing one that does not exist is not an error.
	must(t, s.RemoveMembership(ctx, user.Membership{UserID: a.ID, SiteID: 2, Role: user.RoleEditor}, nil), "RemoveMembership again")
	must(t, s.RemoveMembership(ctx, user.Membership{UserID: a.ID, SiteID: 9, Role: user.RoleReporter}, nil), "RemoveMembership never held")
	got, err = s.FindMemberships(ctx, a.ID)
	must(t, err, "FindMemberships after remove")
	want = append(want[:2:2], want[3:]...)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FindMemberships after remove (-want +got):\n%s", diff)
	}
	// The other user's role on the same site is untouched.
	got, err = s.FindMemberships(ctx, b.ID)
	must(t, err, "FindMemberships b")
	if diff := cmp.Diff([]user.Membership{{UserID: b.ID, SiteID: 2, Role: user.RoleEditor}}, got); diff != "" {
		t.Errorf("FindMemberships of the other user (-want +got):\n%s", diff)
	}
	got, err = s.FindMemberships(ctx, b.ID+1000)
	must(t, err, "FindMemberships unknown user")
	if len(got) != 0 {
		t.Errorf("FindMemberships of an unknown user = %+v", got)
	}

	// RoleAdmin is on SiteID 0 and every other role on a site.
	for _, m := range []user.Membership{
		{UserID: a.ID, SiteID: 3, Role: user.RoleAdmin},
		{UserID: a.ID, SiteID: 0, Role: user.RoleEditor},
		{UserID: a.ID, SiteID: -1, Role: user.RoleEditor},
		{UserID: a.ID, SiteID: 3, Role: "chief"},
	} {
		wantIs(t, s.SetMembership(ctx, m, nil), user.ErrBadMembership, fmt.Sprintf("SetMembership %+v", m))
	}
}

func testTOTPStep(t *testing.T, s UserStores) {
	u := newUser(t, s, "totp@ubnd.gov.vn", "TOTP")
	got, _ := s.FindUserByID(ctx, u.ID)
	if got.TOTPLastStep != 0 {
		t.Fatalf("new user's TOTPLastStep = %d, want 0", got.TOTPLastStep)
	}
	must(t, s.UseTOTPStep(ctx, u.ID, 58_000_000), "UseTOTPStep")
	wantIs(t, s.UseTOTPStep(ctx, u.ID, 58_000_000), user.ErrTOTPStepUsed, "UseTOTPStep replay")
	wantCode(t, s.UseTOTPStep(ctx, u.ID, 57_999_999), apperr.Conflict, "UseTOTPStep older step")
	must(t, s.UseTOTPStep(ctx, u.ID, 58_000_001), "UseTOTPStep next step")
	got, _ = s.FindUserByID(ctx, u.ID)
	if got.TOTPLastStep != 58_000_001 {
		t.Errorf("TOTPLastStep = %d, want 58000001", got.TOTPLastStep)
	}
	wantCode(t, s.UseTOTPStep(ctx, u.ID+1000, 1), apperr.NotFound, "UseTOTPStep unknown user")
	// Other users are independent.
	v := newUser(t, s, "totp2@ubnd.gov.vn", "TOTP 2")
	must(t, s.UseTOTPStep(ctx, v.ID, 58_000_001), "UseTOTPStep other user, same step")

	// The same step from many requests at once: exactly one wins.
	const workers = 16
	var wg sync.WaitGroup
	results := make([]error, workers)
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = s.UseTOTPStep(ctx, u.ID, 58_000_010)
		}()
	}
	wg.Wait()
	wins := 0
	for _, err := range results {
		switch {
		case err == nil:
			wins++
		case apperr.Is(err, apperr.Conflict):
		default:
			t.Errorf("concurrent UseTOTPStep: %v", err)
		}
	}
	if wins != 1 {
		t.Errorf("concurrent UseTOTPStep of one step: %d succeeded, want exactly 1", wins)
	}

	// Different steps at once: the stored step only moves forward.
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.UseTOTPStep(ctx, u.ID, 58_000_100+int64(i)); err != nil && !apperr.Is(err, apperr.Conflict) {
				t.Errorf("concurrent UseTOTPStep: %v", err)
			}
		}()
	}
	wg.Wait()
	got, _ = s.FindUserByID(ctx, u.ID)
	if want := int64(58_000_100 + workers - 1); got.TOTPLastStep != want {
		t.Errorf("after concurrent steps TOTPLastStep = %d, want %d", got.TOTPLastStep, want)
	}
}

func testSessions(t *testing.T, s UserStores) {
	a := newUser(t, s, "a@ubnd.gov.vn", "A")
	b := newUser(t, s, "b@ubnd.gov.vn", "B")
	fine := time.Date(2025, 3, 10, 15, 4, 5, 123456789, ict)
	sess := user.Session{
		TokenHash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		UserID:    a.ID, CreatedAt: fine, LastSeen: fine, ExpiresAt: fine.Add(7 * 24 * time.Hour),
		IP: "2001:db8::1", UserAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Cốc Cốc/120",
	}
	must(t, s.CreateSession(ctx, sess), "CreateSession")
	stored := sess // as a database gives it back
	stored.CreatedAt = fine.Truncate(time.Microsecond)
	stored.LastSeen = stored.CreatedAt
	stored.ExpiresAt = fine.Add(7 * 24 * time.Hour).Truncate(time.Microsecond)
	got, err := s.FindSessionByTokenHash(ctx, sess.TokenHash)
	must(t, err, "FindSessionByTokenHash")
	if diff := cmp.Diff(stored, got); diff != "" {
		t.Errorf("FindSessionByTokenHash mismatch (-want +got):\n%s", diff)
	}
	wantTime(t, "CreatedAt", got.CreatedAt, fine)
	wantTime(t, "LastSeen", got.LastSeen, fine)
	wantTime(t, "ExpiresAt", got.ExpiresAt, fine.Add(7*24*time.Hour))
	wantCode(t, s.CreateSession(ctx, sess), apperr.Conflict, "CreateSession duplicate hash")
	_, err = s.FindSessionByTokenHash(ctx, "ffff")
	wantCode(t, err, apperr.NotFound, "FindSessionByTokenHash unknown")

	// A second session after the second factor.
	sf := user.Session{TokenHash: "b2", UserID: a.ID, CreatedAt: uBase, LastSeen: uBase, ExpiresAt: uBase.Add(time.Hour), SecondFactorDone: true}
	must(t, s.CreateSession(ctx, sf), "CreateSession second factor")
	got, err = s.FindSessionByTokenHash(ctx, "b2")
	must(t, err, "FindSessionByTokenHash second factor")
	if diff := cmp.Diff(sf, got); diff != "" {
		t.Errorf("second-factor session mismatch (-want +got):\n%s", diff)
	}

	// TouchSession moves LastSeen only.
	seen := fine.Add(90 * time.Second)
	must(t, s.TouchSession(ctx, sess.TokenHash, seen), "TouchSession")
	got, _ = s.FindSessionByTokenHash(ctx, sess.TokenHash)
	want := stored
	want.LastSeen = seen.Truncate(time.Microsecond)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("after TouchSession (-want +got):\n%s", diff)
	}
	wantTime(t, "LastSeen after touch", got.LastSeen, seen)
	wantCode(t, s.TouchSession(ctx, "ffff", seen), apperr.NotFound, "TouchSession unknown")

	must(t, s.DeleteSession(ctx, "b2"), "DeleteSession")
	_, err = s.FindSessionByTokenHash(ctx, "b2")
	wantCode(t, err, apperr.NotFound, "FindSessionByTokenHash after delete")
	must(t, s.DeleteSession(ctx, "b2"), "DeleteSession unknown")

	// DeleteUserSessions signs out one user everywhere, nobody else.
	for i, u := range []int64{a.ID, a.ID, b.ID} {
		must(t, s.CreateSession(ctx, user.Session{TokenHash: "u" + strconv.Itoa(i), UserID: u, CreatedAt: uBase, LastSeen: uBase,
			ExpiresAt: uBase.Add(time.Hour)}), "CreateSession")
	}
	must(t, s.DeleteUserSessions(ctx, a.ID), "DeleteUserSessions")
	for _, h := range []string{sess.TokenHash, "u0", "u1"} {
		_, err := s.FindSessionByTokenHash(ctx, h)
		wantCode(t, err, apperr.NotFound, "session "+h+" after DeleteUserSessions")
	}
	if _, err := s.FindSessionByTokenHash(ctx, "u2"); err != nil {
		t.Errorf("the other user's session was removed: %v", err)
	}
	must(t, s.DeleteUserSessions(ctx, b.ID+1000), "DeleteUserSessions unknown user")
	must(t, s.DeleteSession(ctx, "u2"), "DeleteSession u2")

	// DeleteSessionsBefore: ExpiresAt <= expiredAt or LastSeen <= idleSince.
	now := uBase.Add(10 * time.Hour)
	idle := now.Add(-8 * time.Hour)
	cases := []struct {
		hash           string
		lastSeen, exp  time.Time
		removedByPurge bool
	}{
		{"fresh", now.Add(-time.Minute), now.Add(time.Hour), false},
		{"expired", now.Add(-time.Minute), now.Add(-time.Second), true},
		{"expires-now", now.Add(-time.Minute), now, true},
		{"expires-just-after", now.Add(-time.Minute), now.Add(time.Microsecond), false},
		{"idle", idle.Add(-time.Second), now.Add(time.Hour), true},
		{"idle-exactly", idle, now.Add(time.Hour), true},
		{"idle-almost", idle.Add(time.Microsecond), now.Add(time.Hour), false},
	}
	for _, c := range cases {
		must(t, s.CreateSession(ctx, user.Session{TokenHash: c.hash, UserID: b.ID, CreatedAt: uBase, LastSeen: c.lastSeen, ExpiresAt: c.exp}),
			"CreateSession "+c.hash)
	}
	n, err := s.DeleteSessionsBefore(ctx, now, idle)
	must(t, err, "DeleteSessionsBefore")
	if n != 4 {
		t.Errorf("DeleteSessionsBefore removed %d, want 4", n)
	}
	for _, c := range cases {
		_, err := s.FindSessionByTokenHash(ctx, c.hash)
		if c.removedByPurge {
			wantCode(t, err, apperr.NotFound, "session "+c.hash+" after DeleteSessionsBefore")
		} else if err != nil {
			t.Errorf("session %s removed by DeleteSessionsBefore: %v", c.hash, err)
		}
	}
	n, err = s.DeleteSessionsBefore(ctx, now, idle)
	must(t, err, "DeleteSessionsBefore again")
	if n != 0 {
		t.Errorf("DeleteSessionsBefore again removed %d, want 0", n)
	}
}

func testLoginFailures(t *testing.T, s UserStores) {
	const (
		userKey  = "user:42"
		emailKey = "email:khong-co@ubnd.gov.vn"
		ipKey    = "ip:203.0.113.5"
	)
	count := func(key string, since time.Time) int {
		t.Helper()
		n, err := s.CountLoginFailures(ctx, key, since)
		must(t, err, "CountLoginFailures "+key)
		return n
	}
	if n := count(userKey, time.Time{}); n != 0 {
		t.Fatalf("CountLoginFailures on an empty store = %d", n)
	}
	for i := range 5 {
		at := uBase.Add(time.Duration(i) * time.Minute)
		must(t, s.RecordLoginFailure(ctx, userKey, at), "RecordLoginFailure")
		must(t, s.RecordLoginFailure(ctx, ipKey, at), "RecordLoginFailure ip")
	}
	// Two failures at the same instant count twice.
	must(t, s.RecordLoginFailure(ctx, emailKey, uBase), "RecordLoginFailure email")
	must(t, s.RecordLoginFailure(ctx, emailKey, uBase), "RecordLoginFailure email again")
	// A time in another zone is the same instant.
	must(t, s.RecordLoginFailure(ctx, emailKey, uBase.Add(time.Hour).In(ict)), "RecordLoginFailure email ICT")

	for _, c := range []struct {
		key   string
		since time.Time
		want  int
	}{
		{userKey, time.Time{}, 5},
		{userKey, uBase, 5},
		{userKey, uBase.Add(2 * time.Minute), 3}, // at or after since
		{userKey, uBase.Add(2*time.Minute + time.Microsecond), 2},
		{userKey, uBase.Add(4 * time.Minute), 1},
		{userKey, uBase.Add(5 * time.Minute), 0},
		{ipKey, uBase.Add(3 * time.Minute), 2},
		{emailKey, uBase, 3},
		{emailKey, uBase.Add(time.Minute).In(ict), 1},
		{"user:4", time.Time{}, 0}, // a prefix of another key is another key
	} {
		if n := count(c.key, c.since); n != c.want {
			t.Errorf("CountLoginFailures(%s, %v) = %d, want %d", c.key, c.since, n, c.want)
		}
	}

	must(t, s.ClearLoginFailures(ctx, userKey), "ClearLoginFailures")
	if n := count(userKey, time.Time{}); n != 0 {
		t.Errorf("after ClearLoginFailures: %d failures", n)
	}
	if n := count(ipKey, time.Time{}); n != 5 {
		t.Errorf("ClearLoginFailures touched another key: %d failures, want 5", n)
	}
	must(t, s.ClearLoginFailures(ctx, "user:999"), "ClearLoginFailures unknown key")

	// DeleteLoginFailuresBefore forgets failures strictly older than before.
	must(t, s.DeleteLoginFailuresBefore(ctx, uBase.Add(3*time.Minute)), "DeleteLoginFailuresBefore")
	if n := count(ipKey, time.Time{}); n != 2 {
		t.Errorf("after DeleteLoginFailuresBefore: ip has %d failures, want 2 (at +3m and +4m)", n)
	}
	if n := count(emailKey, time.Time{}); n != 1 {
		t.Errorf("after DeleteLoginFailuresBefore: email has %d failures, want 1 (at +1h)", n)
	}
	must(t, s.DeleteLoginFailuresBefore(ctx, uBase.Add(24*time.Hour)), "DeleteLoginFailuresBefore all")
	if n := count(ipKey, time.Time{}) + count(emailKey, time.Time{}); n != 0 {
		t.Errorf("after DeleteLoginFailuresBefore all: %d failures left", n)
	}
}

func testLocks(t *testing.T, s UserStores) {
	find := func(key string) time.Time {
		t.Helper()
		until, err := s.FindLockedUntil(ctx, key)
		must(t, err, "FindLockedUntil "+key)
		return until
	}
	// No lock is the zero time, not NotFound.
	wantTime(t, "FindLockedUntil unknown", find("user:1"), time.Time{})

	fine := time.Date(2025, 3, 10, 15, 19, 5, 123456789, ict)
	must(t, s.SetLockedUntil(ctx, "user:1", fine, nil), "SetLockedUntil")
	must(t, s.SetLockedUntil(ctx, "email:x@y.vn", uBase.Add(time.Hour), nil), "SetLockedUntil email")
	wantTime(t, "FindLockedUntil", find("user:1"), fine)
	wantTime(t, "FindLockedUntil email", find("email:x@y.vn"), uBase.Add(time.Hour))
	wantTime(t, "FindLockedUntil other key", find("user:2"), time.Time{})

	// Setting again replaces the lock, earlier or later.
	must(t, s.SetLockedUntil(ctx, "user:1", uBase.Add(time.Minute), nil), "SetLockedUntil earlier")
	wantTime(t, "FindLockedUntil after re-lock", find("user:1"), uBase.Add(time.Minute))
	must(t, s.SetLockedUntil(ctx, "user:1", uBase.Add(2*time.Hour), nil), "SetLockedUntil later")
	wantTime(t, "FindLockedUntil after re-lock later", find("user:1"), uBase.Add(2*time.Hour))

	// The zero time unlocks; unlocking what is not locked is fine.
	must(t, s.SetLockedUntil(ctx, "user:1", time.Time{}, nil), "SetLockedUntil zero")
	wantTime(t, "FindLockedUntil after unlock", find("user:1"), time.Time{})
	must(t, s.SetLockedUntil(ctx, "user:1", time.Time{}, nil), "SetLockedUntil zero again")
	wantTime(t, "other lock after unlock", find("email:x@y.vn"), uBase.Add(time.Hour))

	// Forgetting old failures keeps the locks that still matter.
	must(t, s.DeleteLoginFailuresBefore(ctx, uBase.Add(30*time.Minute)), "DeleteLoginFailuresBefore")
	wantTime(t, "lock after DeleteLoginFailuresBefore", find("email:x@y.vn"), uBase.Add(time.Hour))
}

// uClock is a settable time source for the Service.
type uClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *uClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *uClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// testUserService runs the account rules of user.Service over the store:
// sign-up, lock-out, unlock, sign-in, sessions, second factor, sign-out.
// It hashes with the real Argon2 parameters, so it takes a moment.
func testUserService(t *testing.T, s UserStores) {
	clock := &uClock{t: uBase}
	svc := user.NewService(s, s, s, clock.Now)
	const (
		password = "Hoa sen nở trên đầm 2025"
		ip       = "203.0.113.5"
		ua       = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"
	)
	u, err := svc.CreateUser(ctx, "  Thoa.Nguyen@UBND.gov.vn ", "Nguyễn Thị  Kim Thoả", password, user.RoleEditor, 3)
	must(t, err, "Service.CreateUser")
	got, err := s.FindUserByEmail(ctx, "thoa.nguyen@ubnd.gov.vn")
	must(t, err, "FindUserByEmail after Service.CreateUser")
	if diff := cmp.Diff(u, got); diff != "" {
		t.Errorf("stored user differs from the one returned (-want +got):\n%s", diff)
	}
	ms, err := svc.FindMemberships(ctx, u.ID)
	must(t, err, "Service.FindMemberships")
	if diff := cmp.Diff([]user.Membership{{UserID: u.ID, SiteID: 3, Role: user.RoleEditor}}, ms); diff != "" {
		t.Errorf("memberships after Service.CreateUser (-want +got):\n%s", diff)
	}
	_, err = svc.CreateUser(ctx, "thoa.nguyen@ubnd.gov.vn", "Người khác", password, user.RoleReporter, 3)
	wantCode(t, err, apperr.Conflict, "Service.CreateUser taken email")

	// Five wrong passwords lock the account; the right one is then refused too.
	for i := 1; i <= 5; i++ {
		clock.Advance(time.Second)
		_, err := svc.Authenticate(ctx, "thoa.nguyen@ubnd.gov.vn", "sai mật khẩu rồi", ip)
		if i < 5 {
			wantCode(t, err, apperr.Unauthorized, fmt.Sprintf("wrong password %d", i))
		} else {
			wantCode(t, err, apperr.RateLimited, "fifth wrong password")
		}
	}
	_, err = svc.Authenticate(ctx, "thoa.nguyen@ubnd.gov.vn", password, ip)
	wantCode(t, err, apperr.RateLimited, "right password while locked")
	until, err := svc.LockedUntil(ctx, u.ID)
	must(t, err, "Service.LockedUntil")
	wantTime(t, "LockedUntil", until, clock.Now().Add(svc.Limits().LockFor))
	if n, _ := s.CountLoginFailures(ctx, "ip:"+ip, uBase); n != 5 {
		t.Errorf("failures recorded for the address: %d, want 5", n)
	}

	// The administrator unlocks; the right password now works.
	must(t, svc.Unlock(ctx, u.ID, nil), "Service.Unlock")
	until, err = svc.LockedUntil(ctx, u.ID)
	must(t, err, "Service.LockedUntil after unlock")
	wantTime(t, "LockedUntil after unlock", until, time.Time{})
	signedIn, err := svc.Authenticate(ctx, "Thoa.Nguyen@ubnd.gov.vn", password, ip)
	must(t, err, "Service.Authenticate")
	if signedIn.ID != u.ID {
		t.Fatalf("Authenticate returned user %d, want %d", signedIn.ID, u.ID)
	}

	// A session: found by its token, touched once a minute.
	token, sess, err := svc.StartSession(ctx, signedIn, ip, ua)
	must(t, err, "Service.StartSession")
	found, err := svc.SessionByToken(ctx, token)
	must(t, err, "Service.SessionByToken")
	if diff := cmp.Diff(sess, found); diff != "" {
		t.Errorf("SessionByToken (-want +got):\n%s", diff)
	}
	clock.Advance(2 * time.Minute)
	found, err = svc.SessionByToken(ctx, token)
	must(t, err, "Service.SessionByToken later")
	stored, err := s.FindSessionByTokenHash(ctx, sess.TokenHash)
	must(t, err, "FindSessionByTokenHash")
	wantTime(t, "LastSeen after SessionByToken", stored.LastSeen, clock.Now())
	if diff := cmp.Diff(found, stored); diff != "" {
		t.Errorf("stored session differs from SessionByToken's (-want +got):\n%s", diff)
	}

	// Second factor: the enrolment code cannot be used again; the next one can.
	secret, err := user.NewTOTPSecret()
	must(t, err, "NewTOTPSecret")
	code, err := user.TOTPCode(secret, clock.Now())
	must(t, err, "TOTPCode")
	must(t, svc.EnableTOTP(ctx, u.ID, secret, code, nil), "Service.EnableTOTP")
	withTOTP, _ := s.FindUserByID(ctx, u.ID)
	if !withTOTP.HasTOTP() || withTOTP.TOTPLastStep != clock.Now().Unix()/user.TOTPPeriod {
		t.Errorf("after EnableTOTP: secret set %v, last step %d", withTOTP.HasTOTP(), withTOTP.TOTPLastStep)
	}
	_, _, err = svc.VerifySecondFactor(ctx, token, code, ip)
	wantCode(t, err, apperr.Unauthorized, "VerifySecondFactor with the spent enrolment code")
	clock.Advance(user.TOTPPeriod * time.Second)
	code, _ = user.TOTPCode(secret, clock.Now())
	token2, sess2, err := svc.VerifySecondFactor(ctx, token, code, ip)
	must(t, err, "Service.VerifySecondFactor")
	if !sess2.SecondFactorDone || token2 == token {
		t.Errorf("VerifySecondFactor: done %v, new token %v", sess2.SecondFactorDone, token2 != token)
	}
	_, err = svc.SessionByToken(ctx, token)
	wantCode(t, err, apperr.Unauthorized, "the token from before the second factor")
	_, _, err = svc.VerifySecondFactor(ctx, token2, code, ip)
	must(t, err, "VerifySecondFactor on a session already done") // nothing to do
	found, err = svc.SessionByToken(ctx, token2)
	must(t, err, "SessionByToken after the second factor")
	if !found.SecondFactorDone {
		t.Error("stored session lost SecondFactorDone")
	}

	// Signing out.
	must(t, svc.EndSession(ctx, token2), "Service.EndSession")
	_, err = svc.SessionByToken(ctx, token2)
	wantCode(t, err, apperr.Unauthorized, "SessionByToken after EndSession")
	_, err = s.FindSessionByTokenHash(ctx, sess2.TokenHash)
	wantCode(t, err, apperr.NotFound, "stored session after EndSession")

	// An idle session is purged.
	_, idle, err := svc.StartSession(ctx, signedIn, ip, ua)
	must(t, err, "Service.StartSession again")
	clock.Advance(svc.Limits().IdleTimeout)
	must(t, svc.PurgeExpired(ctx), "Service.PurgeExpired")
	_, err = s.FindSessionByTokenHash(ctx, idle.TokenHash)
	wantCode(t, err, apperr.NotFound, "idle session after PurgeExpired")
}

// testLoginReservations: an attempt is counted before it is checked.
func testLoginReservations(t *testing.T, s UserStores) {
	const key = "user:7"
	since := uBase.Add(-15 * time.Minute)
	reserve := func(key string, at, since time.Time, limit int) (int64, time.Time) {
		t.Helper()
		id, until, err := s.ReserveLoginAttempt(ctx, key, at, since, limit)
		must(t, err, "ReserveLoginAttempt "+key)
		return id, until
	}
	count := func(key string) int {
		t.Helper()
		n, err := s.CountLoginFailures(ctx, key, time.Time{})
		must(t, err, "CountLoginFailures "+key)
		return n
	}
	var ids []int64
	for i := range 3 {
		id, until := reserve(key, uBase, since, 3)
		if id <= 0 || !until.IsZero() {
			t.Fatalf("reservation %d: id %d, lock %v", i+1, id, until)
		}
		for _, other := range ids {
			if other == id {
				t.Fatalf("reservation %d reused id %d", i+1, id)
			}
		}
		ids = append(ids, id)
	}
	if id, until := reserve(key, uBase, since, 3); id != 0 || !until.IsZero() {
		t.Fatalf("fourth reservation with a limit of 3: id %d, lock %v; want 0 and no lock", id, until)
	}
	if n := count(key); n != 0 {
		t.Errorf("pending attempts counted as %d failures", n)
	}
	must(t, s.FailLoginAttempt(ctx, ids[0]), "FailLoginAttempt")
	if n := count(key); n != 1 {
		t.Errorf("after FailLoginAttempt: %d failures, want 1", n)
	}
	// A forgotten reservation frees its place; a failure is not forgotten.
	must(t, s.ForgetLoginAttempt(ctx, ids[1]), "ForgetLoginAttempt")
	must(t, s.ForgetLoginAttempt(ctx, ids[0]), "ForgetLoginAttempt of a failure")
	if n := count(key); n != 1 {
		t.Errorf("ForgetLoginAttempt removed a failure: %d failures, want 1", n)
	}
	if id, _ := reserve(key, uBase, since, 3); id == 0 {
		t.Fatal("no reservation after one was forgotten")
	}
	if id, _ := reserve(key, uBase, since, 3); id != 0 {
		t.Fatal("reserved past the limit after one was forgotten")
	}
	// Clearing forgets the failures but keeps the pending attempts (2 now).
	must(t, s.ClearLoginFailures(ctx, key), "ClearLoginFailures")
	if id, _ := reserve(key, uBase, since, 3); id == 0 {
		t.Fatal("no reservation after ClearLoginFailures")
	}
	if id, _ := reserve(key, uBase, since, 3); id != 0 {
		t.Fatal("ClearLoginFailures dropped pending attempts")
	}
	// Attempts before since do not count.
	if id, _ := reserve(key, uBase.Add(time.Minute), uBase.Add(time.Microsecond), 3); id == 0 {
		t.Error("attempts before since still counted")
	}
	// Unknown ids are not errors.
	must(t, s.FailLoginAttempt(ctx, 1<<40), "FailLoginAttempt unknown")
	must(t, s.ForgetLoginAttempt(ctx, 1<<40), "ForgetLoginAttempt unknown")

	// A locked key reserves nothing until its lock ends.
	const locked = "email:khoa@ubnd.gov.vn"
	must(t, s.SetLockedUntil(ctx, locked, uBase.Add(time.Hour), nil), "SetLockedUntil")
	id, until := reserve(locked, uBase.Add(59*time.Minute), since, 5)
	if id != 0 {
		t.Error("reserved on a locked key")
	}
	wantTime(t, "lock returned by ReserveLoginAttempt", until, uBase.Add(time.Hour))
	if id, _ := reserve(locked, uBase.Add(time.Hour), since, 5); id == 0 {
		t.Error("no reservation once the lock ended")
	}

	// A pending attempt left by a crash is forgotten with old failures.
	const stale = "ip:203.0.113.77"
	if id, _ := reserve(stale, uBase, since, 1); id == 0 {
		t.Fatal("no reservation on a fresh key")
	}
	must(t, s.DeleteLoginFailuresBefore(ctx, uBase.Add(time.Minute)), "DeleteLoginFailuresBefore")
	if id, _ := reserve(stale, uBase.Add(time.Minute), time.Time{}, 1); id == 0 {
		t.Error("a stale pending attempt survived DeleteLoginFailuresBefore")
	}

	// Concurrent reservations never exceed the limit together.
	const busy = "user:99"
	var got atomic.Int32
	var wg sync.WaitGroup
	for range 30 {
		wg.Go(func() {
			id, _, err := s.ReserveLoginAttempt(ctx, busy, uBase, since, 5)
			if err != nil {
				t.Error(err)
			} else if id != 0 {
				got.Add(1)
			}
		})
	}
	wg.Wait()
	if got.Load() != 5 {
		t.Errorf("%d of 30 concurrent reservations succeeded, want 5", got.Load())
	}
}

// signInBurst starts one sign-in per password at once, each from its own
// address, holding every password check until all of them have either
// reached their check or returned without one. during, when set, runs
// while the checks are held. It returns how many checks were held and
// every sign-in's error.
func signInBurst(t *testing.T, s UserStores, clock *uClock, email string, passwords []string,
	during func(svc *user.Service, entered <-chan struct{}, held int)) (held int, errs []error) {
	t.Helper()
	svc := user.NewService(s, s, s, clock.Now)
	entered := make(chan struct{}, len(passwords)+8)
	gate := make(chan struct{})
	svc.OnPasswordCheck(func() { entered <- struct{}{}; <-gate })
	done := make(chan struct{}, len(passwords))
	errs = make([]error, len(passwords))
	for i, pw := range passwords {
		go func() {
			_, errs[i] = svc.Authenticate(ctx, email, pw, fmt.Sprintf("198.51.100.%d", i+1))
			done <- struct{}{}
		}()
	}
	returned := 0
	for held+returned < len(passwords) {
		select {
		case <-entered:
			held++
		case <-done:
			returned++
		}
	}
	if during != nil {
		during(svc, entered, held)
	}
	close(gate)
	for returned < len(passwords) {
		<-done
		returned++
	}
	return held, errs
}

// testConcurrentSignIn: however many sign-ins for one account arrive at
// once, from as many addresses, at most Limits.AccountFailures passwords
// are checked, and once that many are under way or failed the right
// password is refused like any other. A success still resets the count.
func testConcurrentSignIn(t *testing.T, s UserStores) {
	clock := &uClock{t: uBase}
	admin := user.NewService(s, s, s, clock.Now)
	limit := admin.Limits().AccountFailures
	const (
		email    = "ke.toan@ubnd.gov.vn"
		password = "Sổ sách minh bạch 2025"
		wrong    = "đoán bừa mật khẩu"
	)
	u, err := admin.CreateUser(ctx, email, "Lê Văn Toán", password, user.RoleEditor, 3)
	must(t, err, "Service.CreateUser")
	var checks atomic.Int32
	admin.OnPasswordCheck(func() { checks.Add(1) })

	// 30 wrong passwords at once. While the allowed ones are being
	// checked, the right password comes too: it is not checked.
	guesses := make([]string, 30)
	for i := range guesses {
		guesses[i] = wrong + strconv.Itoa(i)
	}
	held, errs := signInBurst(t, s, clock, email, guesses, func(svc *user.Service, entered <-chan struct{}, held int) {
		probe := make(chan error, 1)
		go func() {
			_, err := svc.Authenticate(ctx, email, password, "198.51.100.250")
			probe <- err
		}()
		select {
		case err := <-probe:
			wantCode(t, err, apperr.RateLimited, "the right password while the allowed guesses are checked")
		case <-entered:
			t.Errorf("the right password was checked while %d guesses were under way (limit %d)", held, limit)
		}
	})
	if held != limit {
		t.Errorf("30 concurrent sign-ins: %d passwords checked, want the limit, %d", held, limit)
	}
	refused := 0
	for i, err := range errs {
		switch {
		case apperr.Is(err, apperr.RateLimited):
			refused++
		case !apperr.Is(err, apperr.Unauthorized):
			t.Errorf("guess %d: %v, want Unauthorized or RateLimited", i+1, err)
		}
	}
	if refused < len(guesses)-limit {
		t.Errorf("%d of %d guesses refused, want at least %d", refused, len(guesses), len(guesses)-limit)
	}
	until, err := admin.LockedUntil(ctx, u.ID)
	must(t, err, "Service.LockedUntil")
	if until.IsZero() {
		t.Error("the account is not locked after the burst")
	}
	_, err = admin.Authenticate(ctx, email, password, "198.51.100.251")
	wantCode(t, err, apperr.RateLimited, "the right password once locked")
	if n := checks.Load(); n != 0 {
		t.Errorf("the right password was checked on a locked account (%d checks)", n)
	}

	// The right password among 30 at once: at most the limit are checked;
	// unless it was one of them, it is refused and the account locked.
	must(t, admin.Unlock(ctx, u.ID, nil), "Service.Unlock")
	mixed := append([]string(nil), guesses[:29]...)
	mixed = append(mixed[:13], append([]string{password}, mixed[13:]...)...)
	held, errs = signInBurst(t, s, clock, email, mixed, nil)
	if held > limit {
		t.Errorf("30 concurrent sign-ins with the right password among them: %d passwords checked, limit %d", held, limit)
	}
	if errs[13] != nil {
		wantCode(t, errs[13], apperr.RateLimited, "the right password after the allowed guesses")
		_, err = admin.Authenticate(ctx, email, password, "198.51.100.252")
		wantCode(t, err, apperr.RateLimited, "the right password after the burst")
	}

	// A success still forgets the failures before it.
	must(t, admin.Unlock(ctx, u.ID, nil), "Service.Unlock again")
	for round := range 2 {
		for i := range limit - 1 {
			_, err := admin.Authenticate(ctx, email, wrong, "198.51.100.253")
			wantCode(t, err, apperr.Unauthorized, fmt.Sprintf("round %d, wrong password %d", round+1, i+1))
		}
		_, err := admin.Authenticate(ctx, email, password, "198.51.100.253")
		must(t, err, fmt.Sprintf("round %d, the right password", round+1))
	}
}
