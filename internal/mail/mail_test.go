package mail

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"testing"
	"time"

	"trangtin/internal/testenv"
)

func TestComposeDecodesAndResistsHeaderInjection(t *testing.T) {
	p := Pending{ID: 7, SiteName: "Cổng TTĐT huyện Gia Viễn", ArticleID: 42, Title: "Hội nghị",
		Message: "Bài «Hội nghị» bị trả lại:\r\nBcc: ke-xau@example.com\nSửa lại đoạn đầu.", To: "bientap@giavien.gov.vn", Name: "Trần Văn Biên"}
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	m, err := Compose(Config{From: "thongbao@giavien.gov.vn"}, p, at)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(m.Data)))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Bcc") != "" {
		t.Fatal("a line break in the notice became a header")
	}
	sub, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || sub != "[Cổng TTĐT huyện Gia Viễn] Bài «Hội nghị» bị trả lại: Bcc: ke-xau@example.com Sửa lại đoạn đầu." {
		t.Fatalf("subject %q %v", sub, err)
	}
	from, err := msg.Header.AddressList("From")
	if err != nil || from[0].Name != "Cổng TTĐT huyện Gia Viễn" || from[0].Address != "thongbao@giavien.gov.vn" {
		t.Fatalf("from %v %v", from, err)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(at) {
		t.Fatalf("date %v %v", d, err)
	}
	if id := msg.Header.Get("Message-ID"); !strings.HasPrefix(id, "<7.") || !strings.HasSuffix(id, "@giavien.gov.vn>") {
		t.Fatalf("message id %q", id)
	}
	b := testenv.Must(io.ReadAll(quotedprintable.NewReader(msg.Body))).Get(t)
	for _, want := range []string{"Kính gửi Trần Văn Biên,", "Sửa lại đoạn đầu.", "/quan-tri/bai-viet/42"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("body lacks %q:\n%s", want, b)
		}
	}
	if m.To != "bientap@giavien.gov.vn" || m.From != "thongbao@giavien.gov.vn" {
		t.Fatalf("envelope %q → %q", m.From, m.To)
	}
	if _, err := Compose(Config{From: "thongbao@giavien.gov.vn"}, Pending{To: "a@b\r\nRCPT TO:<x@y>"}, at); err == nil {
		t.Fatal("a recipient with a line break was accepted")
	}
}

func TestLink(t *testing.T) {
	p := Pending{ArticleID: 5, SiteHost: "giavien.gov.vn"}
	for _, tc := range []struct{ base, want string }{
		{"https://cong.giavien.gov.vn/", "https://cong.giavien.gov.vn/quan-tri/bai-viet/5"},
		{"", "https://giavien.gov.vn/quan-tri/bai-viet/5"},
	} {
		if got := Link(Config{SiteURL: tc.base}, p); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.base, got, tc.want)
		}
	}
}

// TestSendRefusesWithoutSTARTTLS: with STARTTLS required, a server that
// does not offer it gets no message (and no password).
func TestSendRefusesWithoutSTARTTLS(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	gotMail := make(chan bool, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		io.WriteString(c, "220 x ESMTP\r\n")
		buf := make([]byte, 4096)
		for {
			n, err := c.Read(buf)
			if err != nil {
				gotMail <- false
				return
			}
			line := string(buf[:n])
			switch {
			case strings.HasPrefix(line, "EHLO"):
				io.WriteString(c, "250-x\r\n250 AUTH PLAIN\r\n")
			case strings.HasPrefix(line, "MAIL"), strings.HasPrefix(line, "AUTH"):
				gotMail <- true
				return
			default:
				io.WriteString(c, "221 bye\r\n")
			}
		}
	}()
	err = Send(context.Background(), Config{Addr: ln.Addr().String(), StartTLS: true, User: "u", Password: "p", Timeout: 5 * time.Second},
		Message{From: "a@b.vn", To: "c@d.vn", Data: []byte("Subject: x\r\n\r\nx\r\n")})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("err %v, want a STARTTLS refusal", err)
	}
	if <-gotMail {
		t.Fatal("the client went on to MAIL or AUTH without TLS")
	}
}

type fakeStore struct {
	items  []Pending
	sent   []int64
	failed []struct {
		attempts int
		next     time.Time
		gaveUp   bool
	}
}

func (f *fakeStore) ClaimMail(_ context.Context, _ time.Time, _ time.Duration, limit int) ([]Pending, error) {
	out := f.items
	f.items = nil
	return out, nil
}
func (f *fakeStore) PruneMail(context.Context, time.Time) (int, error) { return 0, nil }
func (f *fakeStore) MarkMailSent(ctx context.Context, id int64, _ time.Time) error {
	if err := ctx.Err(); err != nil {
		return err // as a database refuses a cancelled context
	}
	f.sent = append(f.sent, id)
	return nil
}
func (f *fakeStore) MarkMailFailed(_ context.Context, _ int64, attempts int, next time.Time, _ string, gaveUp bool) error {
	f.failed = append(f.failed, struct {
		attempts int
		next     time.Time
		gaveUp   bool
	}{attempts, next, gaveUp})
	return nil
}

// TestDispatcherBacksOffAndGivesUp: a failure schedules the next attempt
// with a doubling wait; the last allowed failure gives up; a locked
// recipient is given up without sending.
func TestDispatcherBacksOffAndGivesUp(t *testing.T) {
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	st := &fakeStore{items: []Pending{
		{ID: 1, Attempts: 0, To: "a@b.vn", Message: "m"},
		{ID: 2, Attempts: 2, To: "a@b.vn", Message: "m"},
		{ID: 3, Attempts: 7, To: "a@b.vn", Message: "m"},
		{ID: 4, To: "khoa@b.vn", Disabled: true, Message: "m"},
	}}
	d := NewDispatcher(st, Config{From: "x@b.vn"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	d.now = func() time.Time { return at }
	sends := 0
	d.send = func(context.Context, Config, Message) error { sends++; return errors.New("421 busy") }
	n, err := d.RunOnce(context.Background())
	if err != nil || n != 0 {
		t.Fatalf("RunOnce %d %v", n, err)
	}
	if sends != 3 || len(st.failed) != 4 {
		t.Fatalf("%d sends, %d failures recorded", sends, len(st.failed))
	}
	if f := st.failed[0]; f.attempts != 1 || !f.next.Equal(at.Add(30*time.Second)) || f.gaveUp {
		t.Errorf("first failure %+v", f)
	}
	if f := st.failed[1]; f.attempts != 3 || !f.next.Equal(at.Add(2*time.Minute)) || f.gaveUp {
		t.Errorf("third failure %+v", f)
	}
	if f := st.failed[2]; f.attempts != 8 || !f.gaveUp {
		t.Errorf("eighth failure %+v, want given up", f)
	}
	if f := st.failed[3]; !f.gaveUp {
		t.Errorf("locked recipient %+v, want given up", f)
	}
	st.items = []Pending{{ID: 5, To: "a@b.vn", Message: "m"}}
	d.send = func(context.Context, Config, Message) error { return nil }
	if n, err := d.RunOnce(context.Background()); err != nil || n != 1 || len(st.sent) != 1 || st.sent[0] != 5 {
		t.Fatalf("send %d %v %v", n, err, st.sent)
	}
	if w := d.backoff(20); w != d.MaxWait {
		t.Errorf("backoff(20) %s, want the cap %s", w, d.MaxWait)
	}
}

// TestDispatcherHandsBackOnShutdown: when the server stops while a
// message is being sent, that message and the rest of the claimed batch
// are handed back at once, without counting an attempt, so the next start
// sends them without waiting for the claim to lapse.
func TestDispatcherHandsBackOnShutdown(t *testing.T) {
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	st := &fakeStore{items: []Pending{
		{ID: 1, Attempts: 2, To: "a@b.vn", Message: "m"},
		{ID: 2, Attempts: 0, To: "a@b.vn", Message: "m"},
	}}
	d := NewDispatcher(st, Config{From: "x@b.vn"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	d.now = func() time.Time { return at }
	ctx, cancel := context.WithCancel(context.Background())
	d.send = func(ctx context.Context, _ Config, _ Message) error {
		cancel() // the server stops while the first message is on its way
		<-ctx.Done()
		return ctx.Err()
	}
	if _, err := d.RunOnce(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("RunOnce: %v, want context.Canceled", err)
	}
	if len(st.failed) != 2 {
		t.Fatalf("%d messages handed back, want 2", len(st.failed))
	}
	for i, f := range st.failed {
		if want := []int{2, 0}[i]; f.attempts != want || !f.next.Equal(at) || f.gaveUp {
			t.Errorf("message %d handed back as %+v, want attempts %d, due now", i+1, f, want)
		}
	}
}

// TestDispatcherRecordsASendThatEndedDuringShutdown: a message whose
// sending completed while the server was stopping is recorded as sent,
// not handed back to be sent again after the restart.
func TestDispatcherRecordsASendThatEndedDuringShutdown(t *testing.T) {
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	st := &fakeStore{items: []Pending{
		{ID: 1, To: "a@b.vn", Message: "m"},
		{ID: 2, To: "a@b.vn", Message: "m"},
	}}
	d := NewDispatcher(st, Config{From: "x@b.vn"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	d.now = func() time.Time { return at }
	ctx, cancel := context.WithCancel(context.Background())
	d.send = func(context.Context, Config, Message) error {
		cancel() // the server stops while the SMTP server accepts the message
		return nil
	}
	if _, err := d.RunOnce(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("RunOnce: %v, want context.Canceled", err)
	}
	if len(st.sent) != 1 || st.sent[0] != 1 {
		t.Errorf("recorded as sent %v, want [1]", st.sent)
	}
	if len(st.failed) != 1 {
		t.Errorf("%d messages handed back, want 1 (the one not yet sent)", len(st.failed))
	}
}

// TestComposeLetter: a letter is sent with its own text (line ends made
// CRLF) and the automatic-mail line, not the article notice's body with
// its link; its notice is the subject.
func TestComposeLetter(t *testing.T) {
	p := Pending{ID: 9, SiteName: "Xã Gia Hưng", Message: "Tài khoản quản trị trang Xã Gia Hưng", To: "qt@giahung.gov.vn",
		Body: "Mật khẩu dùng một lần: mot-hai-ba\nĐăng nhập tại https://giahung.gov.vn/quan-tri/dang-nhap"}
	m, err := Compose(Config{From: "thongbao@tinh.gov.vn"}, p, time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(strings.NewReader(string(m.Data)))
	if err != nil {
		t.Fatal(err)
	}
	b := string(testenv.Must(io.ReadAll(quotedprintable.NewReader(msg.Body))).Get(t))
	if b != "Mật khẩu dùng một lần: mot-hai-ba\r\nĐăng nhập tại https://giahung.gov.vn/quan-tri/dang-nhap\r\n\r\n"+
		"Thư này được gửi tự động từ Xã Gia Hưng; vui lòng không trả lời thư này.\r\n" {
		t.Errorf("body %q", b)
	}
	if sub := testenv.Must(new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))).Get(t); !strings.Contains(sub, "Tài khoản quản trị trang Xã Gia Hưng") {
		t.Errorf("subject %q, want the notice", sub)
	}
}
