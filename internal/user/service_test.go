package user

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/testenv"
)

const goodPassword = "Trời hôm nay đẹp quá"

// startSession starts a session for u, failing t when it cannot.
func startSession(t *testing.T, s *Service, u User) (string, Session) {
	t.Helper()
	token, sess, err := s.StartSession(context.Background(), u, "", "")
	if err != nil {
		t.Fatalf("start a session for %s: %v", u.Email, err)
	}
	return token, sess
}

func mustCreate(t *testing.T, s *Service, email string, role Role, site int64) User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), email, "Nguyễn Thị Kim Thoả", goodPassword, role, site)
	if err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

func wantCode(t *testing.T, err error, code apperr.Code, msgPrefix string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("error %v, want code %s", err, code)
	}
	if msgPrefix != "" && !strings.HasPrefix(apperr.MessageOf(err), msgPrefix) {
		t.Fatalf("message %q, want it to start with %q", apperr.MessageOf(err), msgPrefix)
	}
}

func TestCreateUser(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newTestService()
	u, err := s.CreateUser(ctx, "  BienTap@UBND.Gov.VN ", "  Trần   Văn  Bình ", goodPassword, RoleEditor, 3)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.Email != "bientap@ubnd.gov.vn" || u.Name != "Trần Văn Bình" || u.MustChangePassword {
		t.Errorf("created %+v", u)
	}
	if ok := testenv.Must(VerifyPassword(goodPassword, st.users[u.ID].PasswordHash)).Get(t); !ok {
		t.Error("stored hash does not verify")
	}
	ms := testenv.Must(s.FindMemberships(ctx, u.ID)).Get(t)
	if len(ms) != 1 || ms[0] != (Membership{UserID: u.ID, SiteID: 3, Role: RoleEditor}) {
		t.Errorf("memberships %+v", ms)
	}

	// Admin is platform-wide: the site is ignored.
	a, err := s.CreateUser(ctx, "qt@ubnd.gov.vn", "Quản trị", goodPassword, RoleAdmin, 7)
	if err != nil {
		t.Fatal(err)
	}
	if ms := testenv.Must(s.FindMemberships(ctx, a.ID)).Get(t); len(ms) != 1 || ms[0].SiteID != 0 || ms[0].Role != RoleAdmin {
		t.Errorf("admin memberships %+v", ms)
	}

	_, err = s.CreateUser(ctx, "BIENTAP@ubnd.gov.vn", "Người khác", goodPassword, RoleReporter, 3)
	wantCode(t, err, apperr.Conflict, "Địa chỉ email này đã được dùng")

	// Every problem at once, each on its field, in Vietnamese.
	_, err = s.CreateUser(ctx, "không phải email", "  ", "ngắn", Role("owner"), 0)
	wantCode(t, err, apperr.Invalid, "Thông tin chưa hợp lệ")
	fields := err.(*apperr.Error).Fields
	for field, prefix := range map[string]string{
		"email":    "Địa chỉ email không hợp lệ",
		"name":     "Vui lòng nhập họ và tên",
		"password": "Mật khẩu phải có ít nhất 10 ký tự",
		"role":     "Vai trò không hợp lệ",
		"site":     "Vui lòng chọn trang",
	} {
		if !strings.HasPrefix(fields[field], prefix) {
			t.Errorf("field %s: %q, want %q…", field, fields[field], prefix)
		}
	}
	if len(st.users) != 2 {
		t.Errorf("%d users stored, want 2", len(st.users))
	}
}

func TestAuthenticate(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestService()
	u := mustCreate(t, s, "pv@ubnd.gov.vn", RoleReporter, 1)

	got, err := s.Authenticate(ctx, " PV@ubnd.gov.vn", goodPassword, "203.0.113.5")
	if err != nil || got.ID != u.ID {
		t.Fatalf("Authenticate = %+v, %v", got, err)
	}

	_, errWrong := s.Authenticate(ctx, "pv@ubnd.gov.vn", "sai mật khẩu rồi", "203.0.113.5")
	wantCode(t, errWrong, apperr.Unauthorized, "Email hoặc mật khẩu không đúng.")
	if s.dummyHash != "" {
		t.Error("the dummy hash should not be needed for an existing account")
	}
	_, errUnknown := s.Authenticate(ctx, "khongco@ubnd.gov.vn", "sai mật khẩu rồi", "203.0.113.5")
	if apperr.CodeOf(errUnknown) != apperr.CodeOf(errWrong) || apperr.MessageOf(errUnknown) != apperr.MessageOf(errWrong) {
		t.Errorf("unknown email answered %v, existing one %v: must be the same", errUnknown, errWrong)
	}
	if s.dummyHash == "" {
		t.Error("an unknown email must cost a password hash like a real one")
	}
	_, err = s.Authenticate(ctx, "not an email", goodPassword, "203.0.113.5")
	wantCode(t, err, apperr.Unauthorized, "Email hoặc mật khẩu không đúng.")
	_, err = s.Authenticate(ctx, "pv@ubnd.gov.vn", strings.Repeat("x", MaxPassword+1), "203.0.113.5")
	wantCode(t, err, apperr.Unauthorized, "Email hoặc mật khẩu không đúng.")

	if err := s.SetDisabled(ctx, u.ID, 0, true, nil); err != nil {
		t.Fatal(err)
	}
	_, err = s.Authenticate(ctx, "pv@ubnd.gov.vn", goodPassword, "203.0.113.5")
	wantCode(t, err, apperr.Forbidden, "Tài khoản đã bị vô hiệu hoá")
	_, err = s.Authenticate(ctx, "pv@ubnd.gov.vn", "sai mật khẩu rồi", "203.0.113.5")
	wantCode(t, err, apperr.Unauthorized, "Email hoặc mật khẩu không đúng.")
}

// TestAccountTimingOfUnknownEmail checks, with the real parameters, that an
// unknown email takes about as long as a wrong password for a real account.
// TestUnknownEmailCostsWhatAWrongPasswordCosts: a sign-in with an email
// that has no account (or is no email at all, or with an over-long
// password) does the same work as a wrong password for a real account —
// one argon2id check against a hash made with the same parameters — so
// its answer takes as long and says nothing of which accounts exist. It
// counts the work instead of timing it.
func TestUnknownEmailCostsWhatAWrongPasswordCosts(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newTestService()
	u := mustCreate(t, s, "pv@ubnd.gov.vn", RoleReporter, 1)
	checks := 0
	s.OnPasswordCheck(func() { checks++ })
	for _, c := range []struct{ name, email, password string }{
		{"wrong password", "pv@ubnd.gov.vn", "sai mật khẩu rồi"},
		{"unknown email", "khongco@ubnd.gov.vn", "sai mật khẩu rồi"},
		{"not an email", "khong-phai-email", "sai mật khẩu rồi"},
		{"over-long password", "khongco@ubnd.gov.vn", strings.Repeat("a", MaxPassword+1)},
	} {
		checks = 0
		_, err := s.Authenticate(ctx, c.email, c.password, "")
		wantCode(t, err, apperr.Unauthorized, "Email hoặc mật khẩu không đúng.")
		if checks != 1 {
			t.Errorf("%s: %d password checks, want 1", c.name, checks)
		}
	}
	// The dummy hash is made with the parameters of real ones: same
	// memory, iterations and parallelism, so each check costs the same.
	dummy := testenv.Must(s.dummy()).Get(t)
	params := func(encoded string) string { // "$argon2id$v=19$m=…,t=…,p=…$salt$hash"
		f := strings.Split(encoded, "$")
		if len(f) != 6 {
			t.Fatalf("hash %q is not in the argon2id format", encoded)
		}
		return strings.Join(f[1:4], "$")
	}
	if got, want := params(dummy), params(st.users[u.ID].PasswordHash); got != want {
		t.Errorf("dummy hash parameters %q, an account's %q", got, want)
	}
}

func TestAccountLockout(t *testing.T) {
	ctx := context.Background()
	s, _, clock := newTestService()
	u := mustCreate(t, s, "bt@ubnd.gov.vn", RoleEditor, 1)

	fail := func() error {
		_, err := s.Authenticate(ctx, "bt@ubnd.gov.vn", "sai mật khẩu rồi", "")
		return err
	}
	for i := 1; i <= 4; i++ {
		wantCode(t, fail(), apperr.Unauthorized, "Email hoặc mật khẩu không đúng.")
	}
	wantCode(t, fail(), apperr.RateLimited, "Tài khoản tạm thời bị khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau 15 phút")

	// Locked: even the right password is refused.
	clock.Advance(10 * time.Minute)
	_, err := s.Authenticate(ctx, "bt@ubnd.gov.vn", goodPassword, "")
	wantCode(t, err, apperr.RateLimited, "Tài khoản tạm thời bị khoá do đăng nhập sai nhiều lần. Vui lòng thử lại sau 5 phút")
	if until := testenv.Must(s.LockedUntil(ctx, u.ID)).Get(t); !until.Equal(clock.Now().Add(5 * time.Minute)) {
		t.Errorf("LockedUntil = %v", until)
	}

	// The lock ends by itself after 15 minutes.
	clock.Advance(5 * time.Minute)
	if _, err := s.Authenticate(ctx, "bt@ubnd.gov.vn", goodPassword, ""); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
	if until := testenv.Must(s.LockedUntil(ctx, u.ID)).Get(t); !until.IsZero() {
		t.Errorf("LockedUntil after expiry = %v", until)
	}

	// An administrator lifts it at once.
	for range 5 {
		fail()
	}
	_, err = s.Authenticate(ctx, "bt@ubnd.gov.vn", goodPassword, "")
	wantCode(t, err, apperr.RateLimited, "")
	if err := s.Unlock(ctx, u.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, "bt@ubnd.gov.vn", goodPassword, ""); err != nil {
		t.Fatalf("after Unlock: %v", err)
	}
	wantCode(t, s.Unlock(ctx, 999, nil), apperr.NotFound, "")

	// Failures spread over more than the window do not lock.
	for range 4 {
		fail()
	}
	clock.Advance(16 * time.Minute)
	wantCode(t, fail(), apperr.Unauthorized, "")

	// A success forgets earlier failures.
	for range 3 {
		fail()
	}
	if _, err := s.Authenticate(ctx, "bt@ubnd.gov.vn", goodPassword, ""); err != nil {
		t.Fatal(err)
	}
	for range 4 {
		wantCode(t, fail(), apperr.Unauthorized, "")
	}
}

func TestUnknownEmailLocksLikeAnAccount(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestService()
	mustCreate(t, s, "bt@ubnd.gov.vn", RoleEditor, 1)
	answers := func(email string) []string {
		var out []string
		for range 6 {
			_, err := s.Authenticate(ctx, email, "sai mật khẩu rồi", "")
			out = append(out, fmt.Sprintf("%s: %s", apperr.CodeOf(err), apperr.MessageOf(err)))
		}
		return out
	}
	known, unknown := answers("bt@ubnd.gov.vn"), answers("khongco@ubnd.gov.vn")
	if strings.Join(known, "\n") != strings.Join(unknown, "\n") {
		t.Errorf("answers differ:\nexisting:\n%s\nunknown:\n%s", strings.Join(known, "\n"), strings.Join(unknown, "\n"))
	}
}

func TestAddressThrottling(t *testing.T) {
	ctx := context.Background()
	s, _, clock := newTestService()
	mustCreate(t, s, "bt@ubnd.gov.vn", RoleEditor, 1)
	const ip = "198.51.100.7"
	// 20 failures on 20 different (unknown) accounts: no account lock applies.
	for i := range 20 {
		_, err := s.Authenticate(ctx, fmt.Sprintf("thu%d@ubnd.gov.vn", i), "sai mật khẩu rồi", ip)
		wantCode(t, err, apperr.Unauthorized, "")
		clock.Advance(10 * time.Second)
	}
	// The 21st attempt from that address is refused, even with the right password.
	_, err := s.Authenticate(ctx, "bt@ubnd.gov.vn", goodPassword, ip)
	wantCode(t, err, apperr.RateLimited, "Bạn đã đăng nhập sai quá nhiều lần")
	// Another address is not affected.
	if _, err := s.Authenticate(ctx, "bt@ubnd.gov.vn", goodPassword, "198.51.100.8"); err != nil {
		t.Fatalf("other address: %v", err)
	}
	// A success from another address does not reset this one.
	_, err = s.Authenticate(ctx, "bt@ubnd.gov.vn", goodPassword, ip)
	wantCode(t, err, apperr.RateLimited, "")
	// Once the window has passed the first failures, the address may try again.
	clock.Advance(15 * time.Minute)
	if _, err := s.Authenticate(ctx, "bt@ubnd.gov.vn", goodPassword, ip); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestRehashOnSignIn(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newTestService()
	u := mustCreate(t, s, "bt@ubnd.gov.vn", RoleEditor, 1)
	before := st.users[u.ID].PasswordHash
	stronger := cheapArgon
	stronger.Time = 2
	s.argon = stronger
	if !stronger.NeedsRehash(before) {
		t.Fatal("setup: hash should be outdated")
	}
	if _, err := s.Authenticate(ctx, "bt@ubnd.gov.vn", goodPassword, ""); err != nil {
		t.Fatal(err)
	}
	after := st.users[u.ID].PasswordHash
	if after == before || stronger.NeedsRehash(after) {
		t.Errorf("hash not upgraded: %s", after)
	}
	if _, err := s.Authenticate(ctx, "bt@ubnd.gov.vn", goodPassword, ""); err != nil {
		t.Fatalf("sign-in with the upgraded hash: %v", err)
	}
}

func TestSessions(t *testing.T) {
	ctx := context.Background()
	s, st, clock := newTestService()
	u := mustCreate(t, s, "bt@ubnd.gov.vn", RoleEditor, 1)

	token, sess, err := s.StartSession(ctx, u, "203.0.113.5", "Mozilla/5.0 (Android) Chrome")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`).MatchString(token) {
		t.Errorf("token %q is not 32 bytes of base64url", token)
	}
	raw := testenv.Must(base64.RawURLEncoding.DecodeString(token)).Get(t)
	if len(raw) != 32 {
		t.Errorf("token has %d bytes", len(raw))
	}
	if len(st.sessions) != 1 {
		t.Fatalf("%d sessions stored", len(st.sessions))
	}
	for h, stored := range st.sessions {
		if h == token || stored.TokenHash == token || len(h) != 64 || strings.Contains(fmt.Sprintf("%+v", stored), token) {
			t.Errorf("the token itself must not be stored: %+v", stored)
		}
	}
	if sess.UserID != u.ID || sess.SecondFactorDone || !sess.ExpiresAt.Equal(clock.Now().Add(7*24*time.Hour)) {
		t.Errorf("session %+v", sess)
	}

	got, err := s.SessionByToken(ctx, token)
	if err != nil || got.TokenHash != sess.TokenHash {
		t.Fatalf("SessionByToken = %+v, %v", got, err)
	}

	// LastSeen moves at most once a minute.
	clock.Advance(30 * time.Second)
	got = testenv.Must(s.SessionByToken(ctx, token)).Get(t)
	if st.touches != 0 || !got.LastSeen.Equal(sess.CreatedAt) {
		t.Errorf("touched after 30 s: %d touches, LastSeen %v", st.touches, got.LastSeen)
	}
	clock.Advance(31 * time.Second)
	got = testenv.Must(s.SessionByToken(ctx, token)).Get(t)
	if st.touches != 1 || !got.LastSeen.Equal(clock.Now()) || !st.sessions[sess.TokenHash].LastSeen.Equal(clock.Now()) {
		t.Errorf("not touched after 61 s: %d touches, LastSeen %v", st.touches, got.LastSeen)
	}

	for _, bad := range []string{"", "x", token + "A", strings.Repeat("A", 43), "!!!!" + token[4:], token[:42]} {
		_, err := s.SessionByToken(ctx, bad)
		wantCode(t, err, apperr.Unauthorized, "Phiên đăng nhập đã hết hạn")
	}

	if err := s.EndSession(ctx, token); err != nil {
		t.Fatal(err)
	}
	_, err = s.SessionByToken(ctx, token)
	wantCode(t, err, apperr.Unauthorized, "Phiên đăng nhập đã hết hạn")
	if err := s.EndSession(ctx, "garbage"); err != nil {
		t.Errorf("EndSession(garbage) = %v", err)
	}
}

func TestSessionIdleExpiry(t *testing.T) {
	ctx := context.Background()
	s, st, clock := newTestService()
	u := mustCreate(t, s, "bt@ubnd.gov.vn", RoleEditor, 1)
	token, _ := startSession(t, s, u)

	clock.Advance(8*time.Hour - time.Second)
	if _, err := s.SessionByToken(ctx, token); err != nil {
		t.Fatalf("just under 8 h idle: %v", err)
	}
	clock.Advance(8*time.Hour - time.Second) // idle again, from the touch above
	if _, err := s.SessionByToken(ctx, token); err != nil {
		t.Fatalf("activity must extend the idle limit: %v", err)
	}
	clock.Advance(8 * time.Hour)
	_, err := s.SessionByToken(ctx, token)
	wantCode(t, err, apperr.Unauthorized, "Phiên đăng nhập đã hết hạn")
	if len(st.sessions) != 0 {
		t.Error("an idle session must be deleted")
	}
}

func TestSessionAbsoluteExpiry(t *testing.T) {
	ctx := context.Background()
	s, st, clock := newTestService()
	u := mustCreate(t, s, "bt@ubnd.gov.vn", RoleEditor, 1)
	token, sess := startSession(t, s, u)

	// Used every hour, it still ends 7 days after sign-in.
	for clock.Now().Add(time.Hour).Before(sess.ExpiresAt) {
		clock.Advance(time.Hour)
		if _, err := s.SessionByToken(ctx, token); err != nil {
			t.Fatalf("at %v: %v", clock.Now().Sub(sess.CreatedAt), err)
		}
	}
	clock.Advance(sess.ExpiresAt.Sub(clock.Now()))
	_, err := s.SessionByToken(ctx, token)
	wantCode(t, err, apperr.Unauthorized, "Phiên đăng nhập đã hết hạn")
	if len(st.sessions) != 0 {
		t.Error("an expired session must be deleted")
	}
}

func TestSessionsEndWithPasswordAndDisable(t *testing.T) {
	ctx := context.Background()
	s, st, _ := newTestService()
	u := mustCreate(t, s, "bt@ubnd.gov.vn", RoleEditor, 1)
	other := mustCreate(t, s, "pv@ubnd.gov.vn", RoleReporter, 1)
	startSession(t, s, u)
	startSession(t, s, u)
	otherToken, _ := startSession(t, s, other)

	err := s.ChangePassword(ctx, u.ID, "không phải mật khẩu", "Mật khẩu mới của tôi", nil)
	wantCode(t, err, apperr.Invalid, "Mật khẩu hiện tại không đúng")
	wantCode(t, s.ChangePassword(ctx, u.ID, goodPassword, "matkhau123", nil), apperr.Invalid, "Mật khẩu này quá phổ biến")
	if err := s.ChangePassword(ctx, u.ID, goodPassword, "Mật khẩu mới của tôi", nil); err != nil {
		t.Fatal(err)
	}
	if len(st.sessions) != 1 {
		t.Errorf("%d sessions left, want only the other user's", len(st.sessions))
	}
	if _, err := s.Authenticate(ctx, "bt@ubnd.gov.vn", "Mật khẩu mới của tôi", ""); err != nil {
		t.Errorf("new password: %v", err)
	}

	if err := s.SetDisabled(ctx, other.ID, 0, true, nil); err != nil {
		t.Fatal(err)
	}
	_, err = s.SessionByToken(ctx, otherToken)
	wantCode(t, err, apperr.Unauthorized, "")
	disabled := testenv.Must(s.FindUserByID(ctx, other.ID)).Get(t)
	_, _, err = s.StartSession(ctx, disabled, "", "")
	wantCode(t, err, apperr.Forbidden, "")
}

func TestPurgeExpired(t *testing.T) {
	ctx := context.Background()
	s, st, clock := newTestService()
	u := mustCreate(t, s, "bt@ubnd.gov.vn", RoleEditor, 1)
	startSession(t, s, u)
	s.Authenticate(ctx, "bt@ubnd.gov.vn", "sai mật khẩu rồi", "192.0.2.1")
	clock.Advance(9 * time.Hour)
	fresh, _ := startSession(t, s, u)
	if err := s.PurgeExpired(ctx); err != nil {
		t.Fatal(err)
	}
	if len(st.sessions) != 1 || len(st.failures) != 0 {
		t.Errorf("after purge: %d sessions, %d failure keys", len(st.sessions), len(st.failures))
	}
	if _, err := s.SessionByToken(ctx, fresh); err != nil {
		t.Errorf("live session purged: %v", err)
	}
}

func TestSecondFactor(t *testing.T) {
	ctx := context.Background()
	s, st, clock := newTestService()
	clock.t = time.Unix(1111111111, 0) // 1 s into a step
	u := mustCreate(t, s, "pd@ubnd.gov.vn", RoleApprover, 1)

	// Enrolment needs a valid code for the new secret.
	wantCode(t, s.EnableTOTP(ctx, u.ID, rfcSecret, "000000", nil), apperr.Invalid, "Mã xác thực không đúng")
	wantCode(t, s.EnableTOTP(ctx, u.ID, "not base32!", "050471", nil), apperr.Invalid, "")
	if err := s.EnableTOTP(ctx, u.ID, rfcSecret, "050471", nil); err != nil {
		t.Fatal(err)
	}
	u = testenv.Must(s.FindUserByID(ctx, u.ID)).Get(t)
	if !u.HasTOTP() || u.TOTPLastStep != 1111111111/30 {
		t.Fatalf("after enrolment: %+v", u)
	}

	token, sess := startSession(t, s, u)
	ms := testenv.Must(s.FindMemberships(ctx, u.ID)).Get(t)
	if got := NextStep(u, ms, sess, Policy{}); got != StepTOTPCode {
		t.Errorf("NextStep = %v, want StepTOTPCode", got)
	}

	// The enrolment code cannot be used again (replay).
	_, _, err := s.VerifySecondFactor(ctx, token, "050471", "")
	wantCode(t, err, apperr.Unauthorized, "Mã xác thực không đúng hoặc đã được sử dụng.")

	// Next step's code works, and replaces the session.
	clock.Advance(30 * time.Second)
	code := testenv.Must(TOTPCode(rfcSecret, clock.Now())).Get(t)
	newToken, done, err := s.VerifySecondFactor(ctx, token, code, "")
	if err != nil {
		t.Fatal(err)
	}
	if newToken == token || !done.SecondFactorDone || done.CreatedAt != sess.CreatedAt || done.ExpiresAt != sess.ExpiresAt {
		t.Errorf("after the second factor: %+v", done)
	}
	if _, err := s.SessionByToken(ctx, token); err == nil {
		t.Error("the pre-second-factor token must no longer work")
	}
	if got, err := s.SessionByToken(ctx, newToken); err != nil || !got.SecondFactorDone {
		t.Errorf("new session: %+v, %v", got, err)
	}
	if NextStep(u, ms, done, Policy{}) != StepDone {
		t.Error("NextStep after the code should be StepDone")
	}

	// Same code in another browser within its window: refused.
	token2, _ := startSession(t, s, u)
	_, _, err = s.VerifySecondFactor(ctx, token2, code, "")
	wantCode(t, err, apperr.Unauthorized, "Mã xác thực không đúng hoặc đã được sử dụng.")
	// The previous step's code is still inside ±1 but older than the last used: refused.
	prev := testenv.Must(TOTPCode(rfcSecret, clock.Now().Add(-30*time.Second))).Get(t)
	_, _, err = s.VerifySecondFactor(ctx, token2, prev, "")
	wantCode(t, err, apperr.Unauthorized, "")

	// Wrong codes count towards the lock like wrong passwords: two so far
	// (the success above cleared the earlier one), the fifth locks.
	for _, wrong := range []string{"123456", "123457"} {
		_, _, err = s.VerifySecondFactor(ctx, token2, wrong, "")
		wantCode(t, err, apperr.Unauthorized, "")
	}
	_, _, err = s.VerifySecondFactor(ctx, token2, "123458", "")
	wantCode(t, err, apperr.RateLimited, "Tài khoản tạm thời bị khoá")
	clock.Advance(30 * time.Second)
	code = testenv.Must(TOTPCode(rfcSecret, clock.Now())).Get(t)
	_, _, err = s.VerifySecondFactor(ctx, token2, code, "")
	wantCode(t, err, apperr.RateLimited, "")
	if err := s.Unlock(ctx, u.ID, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.VerifySecondFactor(ctx, token2, code, ""); err != nil {
		t.Fatalf("after Unlock: %v", err)
	}
	if st.users[u.ID].TOTPLastStep != clock.Now().Unix()/30 {
		t.Errorf("last step %d", st.users[u.ID].TOTPLastStep)
	}

	if err := s.DisableTOTP(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	tok3, _ := startSession(t, s, u)
	_, _, err = s.VerifySecondFactor(ctx, tok3, code, "")
	wantCode(t, err, apperr.Conflict, "Tài khoản chưa bật xác thực hai lớp")
}

func TestNextStep(t *testing.T) {
	withTOTP := User{ID: 1, TOTPSecret: rfcSecret}
	without := User{ID: 1}
	approver := []Membership{{UserID: 1, SiteID: 1, Role: RoleApprover}}
	reporter := []Membership{{UserID: 1, SiteID: 1, Role: RoleReporter}}
	required := Policy{RequireSecondFactor: true}
	tests := []struct {
		name string
		u    User
		ms   []Membership
		done bool
		p    Policy
		want SignInStep
	}{
		{"reporter, no TOTP, required", without, reporter, false, required, StepDone},
		{"approver, no TOTP, optional", without, approver, false, Policy{}, StepDone},
		{"approver, no TOTP, required", without, approver, false, required, StepTOTPSetup},
		{"reporter with TOTP", withTOTP, reporter, false, Policy{}, StepTOTPCode},
		{"approver with TOTP, required", withTOTP, approver, false, required, StepTOTPCode},
		{"code given", withTOTP, approver, true, required, StepDone},
	}
	for _, tt := range tests {
		if got := NextStep(tt.u, tt.ms, Session{SecondFactorDone: tt.done}, tt.p); got != tt.want {
			t.Errorf("%s: NextStep = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestEnsureFirstAdmin(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestService()
	email, pw, created, err := s.EnsureFirstAdmin(ctx)
	if err != nil || !created || email != "admin@localhost" {
		t.Fatalf("EnsureFirstAdmin = %q, %q, %v, %v", email, pw, created, err)
	}
	if !regexp.MustCompile(`^[a-z2-9]{5}(-[a-z2-9]{5}){3}$`).MatchString(pw) {
		t.Errorf("one-time password %q", pw)
	}
	u, err := s.Authenticate(ctx, email, pw, "")
	if err != nil {
		t.Fatal(err)
	}
	if !u.MustChangePassword || u.Name != "Quản trị hệ thống" {
		t.Errorf("first admin %+v", u)
	}
	ms := testenv.Must(s.FindMemberships(ctx, u.ID)).Get(t)
	if !Can(ms, 42, ActionUserManage, Policy{}) || len(ms) != 1 || ms[0].SiteID != 0 {
		t.Errorf("first admin memberships %+v", ms)
	}
	if err := s.SetPassword(ctx, u.ID, "Mật khẩu riêng của quản trị", nil); err != nil {
		t.Fatal(err)
	}
	if u := testenv.Must(s.FindUserByID(ctx, u.ID)).Get(t); u.MustChangePassword {
		t.Error("SetPassword must clear MustChangePassword")
	}

	email, pw, created, err = s.EnsureFirstAdmin(ctx)
	if err != nil || created || email != "" || pw != "" {
		t.Errorf("second EnsureFirstAdmin = %q, %q, %v, %v", email, pw, created, err)
	}
}

func TestMembershipsAndLastAdmin(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestService()
	admin := mustCreate(t, s, "qt@ubnd.gov.vn", RoleAdmin, 0)
	bt := mustCreate(t, s, "bt@ubnd.gov.vn", RoleEditor, 1)

	wantCode(t, s.SetMembership(ctx, Membership{UserID: bt.ID, SiteID: 0, Role: RoleEditor}, nil), apperr.Invalid, "")
	wantCode(t, s.SetMembership(ctx, Membership{UserID: bt.ID, SiteID: 2, Role: RoleAdmin}, nil), apperr.Invalid, "")
	wantCode(t, s.SetMembership(ctx, Membership{UserID: bt.ID, SiteID: 2, Role: "boss"}, nil), apperr.Invalid, "")
	wantCode(t, s.SetMembership(ctx, Membership{UserID: 999, SiteID: 2, Role: RoleEditor}, nil), apperr.NotFound, "")
	if err := s.SetMembership(ctx, Membership{UserID: bt.ID, SiteID: 2, Role: RoleApprover}, nil); err != nil {
		t.Fatal(err)
	}
	ms := testenv.Must(s.FindMemberships(ctx, bt.ID)).Get(t)
	if !Can(ms, 2, ActionArticlePublish, Policy{}) || Can(ms, 1, ActionArticlePublish, Policy{}) {
		t.Errorf("memberships %+v", ms)
	}

	adminRole := Membership{UserID: admin.ID, SiteID: 0, Role: RoleAdmin}
	wantCode(t, s.RemoveMembership(ctx, adminRole, nil), apperr.Conflict, "Không thể gỡ hoặc khoá quản trị hệ thống cuối cùng.")
	wantCode(t, s.SetDisabled(ctx, admin.ID, 0, true, nil), apperr.Conflict, "")
	// With a second admin, the first may go.
	if err := s.SetMembership(ctx, Membership{UserID: bt.ID, SiteID: 0, Role: RoleAdmin}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveMembership(ctx, adminRole, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.SetDisabled(ctx, admin.ID, 0, true, nil); err != nil {
		t.Fatal(err)
	}
}

func TestUpdateProfile(t *testing.T) {
	ctx := context.Background()
	s, _, _ := newTestService()
	a := mustCreate(t, s, "a@ubnd.gov.vn", RoleEditor, 1)
	mustCreate(t, s, "b@ubnd.gov.vn", RoleEditor, 1)
	_, err := s.UpdateProfile(ctx, a.ID, "B@ubnd.gov.vn", "Tên mới")
	wantCode(t, err, apperr.Conflict, "")
	_, err = s.UpdateProfile(ctx, a.ID, "sai", "")
	wantCode(t, err, apperr.Invalid, "")
	u, err := s.UpdateProfile(ctx, a.ID, "C@ubnd.gov.vn", " Lê  Thị Hoà ")
	if err != nil || u.Email != "c@ubnd.gov.vn" || u.Name != "Lê Thị Hoà" {
		t.Errorf("UpdateProfile = %+v, %v", u, err)
	}
	if _, err := s.Authenticate(ctx, "c@ubnd.gov.vn", goodPassword, ""); err != nil {
		t.Errorf("sign in with the new email: %v", err)
	}
}

func TestHashingRespectsContext(t *testing.T) {
	s, _, _ := newTestService()
	// Fill every slot, then ask for one more with a cancelled context.
	for range cap(s.slots) {
		s.slots <- struct{}{}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Authenticate(ctx, "x@ubnd.gov.vn", goodPassword, "")
	wantCode(t, err, apperr.Unavailable, "")
}
