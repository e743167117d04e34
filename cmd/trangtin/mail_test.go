package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/config"
	"trangtin/internal/content"
	"trangtin/internal/newsroom"
	"trangtin/internal/user"
)

// smtpServer is a tiny SMTP server for tests: it speaks enough of the
// real protocol (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for
// net/smtp and keeps what it receives.
type smtpServer struct {
	t    *testing.T
	addr string
	mu   sync.Mutex
	ln   net.Listener
	got  []smtpMail
	wg   sync.WaitGroup
	in   chan smtpMail
	// hold, when set, runs after a message is received and before the
	// server says it accepted it.
	hold func()
}

type smtpMail struct {
	From string
	To   []string
	Data string
}

func newSMTPServer(t *testing.T) *smtpServer {
	s := &smtpServer{t: t, in: make(chan smtpMail, 100)}
	s.start("127.0.0.1:0")
	t.Cleanup(s.stop)
	return s
}

func (s *smtpServer) start(addr string) {
	s.t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ { // the port may take a moment to be free again
		if ln, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	s.mu.Lock()
	s.ln, s.addr = ln, ln.Addr().String()
	s.mu.Unlock()
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() { defer s.wg.Done(); s.session(c) }()
		}
	}()
}

// stop closes the listener: the server is down until start is called again.
func (s *smtpServer) stop() {
	s.mu.Lock()
	ln := s.ln
	s.ln = nil
	s.mu.Unlock()
	if ln != nil {
		ln.Close()
	}
	s.wg.Wait()
}

func (s *smtpServer) session(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	reply := func(line string) { fmt.Fprintf(c, "%s\r\n", line) }
	reply("220 kiemthu.local ESMTP")
	var m smtpMail
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.TrimRight(line, "\r\n")
		verb := strings.ToUpper(strings.SplitN(cmd, " ", 2)[0])
		switch {
		case verb == "EHLO" || verb == "HELO":
			reply("250-kiemthu.local")
			reply("250 8BITMIME")
		case strings.HasPrefix(strings.ToUpper(cmd), "MAIL FROM:"):
			m = smtpMail{From: strings.Trim(cmd[len("MAIL FROM:"):], "<> ")}
			reply("250 OK")
		case strings.HasPrefix(strings.ToUpper(cmd), "RCPT TO:"):
			m.To = append(m.To, strings.Trim(cmd[len("RCPT TO:"):], "<> "))
			reply("250 OK")
		case verb == "DATA":
			reply("354 End data with <CR><LF>.<CR><LF>")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, ".")) // dot-unstuffing
			}
			m.Data = b.String()
			s.mu.Lock()
			s.got = append(s.got, m)
			hold := s.hold
			s.mu.Unlock()
			s.in <- m
			if hold != nil {
				hold()
			}
			reply("250 OK queued")
		case verb == "RSET" || verb == "NOOP":
			reply("250 OK")
		case verb == "QUIT":
			reply("221 Bye")
			return
		default:
			reply("502 Command not implemented")
		}
	}
}

// next waits for the next message.
func (s *smtpServer) next(t *testing.T, within time.Duration) smtpMail {
	t.Helper()
	select {
	case m := <-s.in:
		return m
	case <-time.After(within):
		t.Fatalf("no e-mail within %s", within)
		return smtpMail{}
	}
}

// none checks that no message arrives for d.
func (s *smtpServer) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case m := <-s.in:
		t.Fatalf("unexpected e-mail to %v", m.To)
	case <-time.After(d):
	}
}

// decoded is a received message read as a mail client would.
type decoded struct {
	To, Subject, Body string
	Header            mail.Header
}

func decode(t *testing.T, m smtpMail) decoded {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		t.Fatalf("message does not parse: %v\n%s", err, m.Data)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	if msg.Header.Get("Content-Transfer-Encoding") != "quoted-printable" || !strings.Contains(msg.Header.Get("Content-Type"), "charset=utf-8") {
		t.Fatalf("headers %v", msg.Header)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.To) != 1 {
		t.Fatalf("recipients %v, want one", m.To)
	}
	for _, h := range []string{"Date", "Message-ID", "From", "To"} {
		if msg.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	if _, err := msg.Header.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if to, err := msg.Header.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != m.To[0] {
		t.Errorf("To header %v %v, envelope %v", to, err, m.To)
	}
	return decoded{To: m.To[0], Subject: subject, Body: string(body), Header: msg.Header}
}

// TestNoticesAreMailedToTheNextPerson drives the workflow with an SMTP
// server listening: each step mails the next person (the editors after
// Submit, the author after Return and Publish, the approvers after Pass)
// in Vietnamese that decodes correctly, linking to the article in the
// editors' area. With the SMTP server down the step still succeeds at
// once, and the mail goes out when the server is back, also across a
// restart of trangtin.
func TestNoticesAreMailedToTheNextPerson(t *testing.T) { eachStore(t, testNoticeMail) }

func testNoticeMail(t *testing.T, cfg config.Config) {
	srv := newSMTPServer(t)
	cfg.SMTPAddr, cfg.SMTPFrom, cfg.SiteURL = srv.addr, "thongbao@giavien.gov.vn", "https://giavien.gov.vn"
	cfg.MailPoll, cfg.MailRetry = 50*time.Millisecond, 200*time.Millisecond
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := app.db.FindCategoryBySlug(ctx, site.ID, "tin-tuc-su-kien")
	if err != nil {
		t.Fatal(err)
	}
	people := map[user.Role]user.User{}
	for role, who := range map[user.Role][2]string{
		user.RoleReporter: {"phongvien@giavien.gov.vn", "Nguyễn Thị Kim Thoả"},
		user.RoleEditor:   {"bientap@giavien.gov.vn", "Trần Văn Biên"},
		user.RoleApprover: {"duyet@giavien.gov.vn", "Lê Thị Duyệt"},
	} {
		u, err := app.users.CreateUser(ctx, who[0], who[1], "Mat-khau-du-dai-2025", role, site.ID)
		if err != nil {
			t.Fatal(err)
		}
		people[role] = u
	}
	actor := func(role user.Role) newsroom.Actor {
		u := people[role]
		return newsroom.Actor{UserID: u.ID, Name: u.Name, Memberships: []user.Membership{{UserID: u.ID, SiteID: site.ID, Role: role}}}
	}
	// holders is everyone who should be told: the role's users on the site.
	holders := func(role user.Role) map[string]string {
		us, err := app.users.FindUsers(ctx, user.UserFilter{SiteID: site.ID, Role: role, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, u := range us {
			out[u.Email] = u.Name
		}
		return out
	}
	const title = "Hội nghị tổng kết công tác năm 2026"
	art, err := app.newsroom.Create(ctx, actor(user.RoleReporter), site.ID, newsroom.Draft{CategoryID: cat.ID, Title: title,
		Body: "<p>Sáng nay, UBND huyện tổ chức hội nghị tổng kết.</p>", Author: "Kim Thoả", Unit: "Văn phòng"})
	if err != nil {
		t.Fatal(err)
	}
	link := fmt.Sprintf("https://giavien.gov.vn/quan-tri/bai-viet/%d", art.ID)
	// expect receives one message for each of want and checks it.
	expect := func(step string, want map[string]string, notice string) {
		t.Helper()
		if len(want) == 0 {
			t.Fatalf("%s: nobody to expect", step)
		}
		for range want {
			d := decode(t, srv.next(t, 10*time.Second))
			name, ok := want[d.To]
			if !ok {
				t.Fatalf("%s: mail to %s, want one of %v", step, d.To, want)
			}
			delete(want, d.To)
			if wantSub := "[" + site.Name + "] " + notice; d.Subject != wantSub {
				t.Errorf("%s: subject %q, want %q", step, d.Subject, wantSub)
			}
			for _, s := range []string{"Kính gửi " + name + ",", notice, "Bài viết: " + title, link} {
				if !strings.Contains(d.Body, s) {
					t.Errorf("%s: body lacks %q:\n%s", step, s, d.Body)
				}
			}
		}
	}
	step := func(name string, fn func() (content.Article, error)) {
		t.Helper()
		start := time.Now()
		if _, err := fn(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("%s took %s", name, d)
		}
	}

	step("submit", func() (content.Article, error) {
		return app.newsroom.Submit(ctx, actor(user.RoleReporter), site.ID, art.ID)
	})
	expect("submit", holders(user.RoleEditor), "Bài «"+title+"» chờ biên tập.")

	step("return", func() (content.Article, error) {
		return app.newsroom.Return(ctx, actor(user.RoleEditor), site.ID, art.ID, "Bổ sung số liệu quý IV.")
	})
	expect("return", map[string]string{people[user.RoleReporter].Email: people[user.RoleReporter].Name}, "Bài «"+title+"» bị trả lại: Bổ sung số liệu quý IV.")

	step("submit again", func() (content.Article, error) {
		return app.newsroom.Submit(ctx, actor(user.RoleReporter), site.ID, art.ID)
	})
	expect("submit again", holders(user.RoleEditor), "Bài «"+title+"» chờ biên tập.")

	step("pass", func() (content.Article, error) {
		return app.newsroom.PassToApproval(ctx, actor(user.RoleEditor), site.ID, art.ID)
	})
	expect("pass", holders(user.RoleApprover), "Bài «"+title+"» chờ duyệt.")

	// The SMTP server goes down: publishing still succeeds at once, and
	// the author's mail waits in the outbox through failed attempts.
	addr := srv.addr
	srv.stop()
	step("publish, SMTP down", func() (content.Article, error) {
		return app.newsroom.Publish(ctx, actor(user.RoleApprover), site.ID, art.ID)
	})
	waitRetrying(t, app) // an attempt failed: the mail waits in the outbox
	srv.start(addr)
	author := map[string]string{people[user.RoleReporter].Email: people[user.RoleReporter].Name}
	expect("publish", author, "Bài «"+title+"» đã được đăng.")

	// Down again, and trangtin restarts before it comes back: nothing is lost.
	srv.stop()
	step("withdraw, SMTP down", func() (content.Article, error) {
		return app.newsroom.Withdraw(ctx, actor(user.RoleApprover), site.ID, art.ID, "Thông tin cần đính chính.", "")
	})
	waitRetrying(t, app)
	app.Stop()
	srv.start(addr)
	startApp(t, cfg)
	expect("withdraw after restart", map[string]string{people[user.RoleReporter].Email: people[user.RoleReporter].Name},
		"Bài «"+title+"» đã bị gỡ bỏ: Thông tin cần đính chính.")
	srv.none(t, 500*time.Millisecond) // each notice is mailed once
}

// TestUserTurnsNoticeMailOff: an editor turns the e-mail copy off from the
// inbox (the change is audited); the next notice still reaches the inbox
// but no mail is sent; turned on again, mail flows again. Without an SMTP
// server the switch is not shown.
func TestUserTurnsNoticeMailOff(t *testing.T) { eachStore(t, testMailOff) }

func testMailOff(t *testing.T, cfg config.Config) {
	plain := startApp(t, config.Config{DataDir: t.TempDir()})
	srv := newSMTPServer(t)
	cfg.SMTPAddr, cfg.SMTPFrom = srv.addr, "thongbao@giavien.gov.vn"
	cfg.MailPoll, cfg.MailRetry = 50*time.Millisecond, 200*time.Millisecond
	app := startApp(t, cfg)
	ctx := context.Background()
	site, err := app.db.FindSiteByKey(ctx, "giavien")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := app.db.FindCategoryBySlug(ctx, site.ID, "tin-tuc-su-kien")
	if err != nil {
		t.Fatal(err)
	}
	const pw = "Mat-khau-du-dai-2025"
	ed, err := app.users.CreateUser(ctx, "bientap.tat@giavien.gov.vn", "Biên Tập Tắt Thư", pw, user.RoleEditor, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := app.users.CreateUser(ctx, "phongvien2@giavien.gov.vn", "Phóng Viên", pw, user.RoleReporter, site.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.users.CreateUser(ctx, ed.Email, ed.Name, pw, user.RoleEditor, site.ID); err != nil {
		t.Fatal(err)
	}
	if _, page := getWith(t, staffClient(t, plain.URL, ed.Email, pw), plain.URL+"/quan-tri/hop-thu/"); strings.Contains(page, "thư điện tử") {
		t.Fatal("the e-mail switch is shown without an SMTP server")
	}

	c := staffClient(t, app.URL, ed.Email, pw)
	if st, page := getWith(t, c, app.URL+"/quan-tri/hop-thu/"); st != 200 || !strings.Contains(page, "Tắt gửi qua thư điện tử") || !strings.Contains(page, ed.Email) {
		t.Fatalf("inbox %d: no switch", st)
	}
	if st, _ := postForm(t, c, app.URL+"/quan-tri/hop-thu/thu-dien-tu", url.Values{"on": {"có"}}); st != http.StatusUnprocessableEntity && st != http.StatusBadRequest {
		t.Fatalf("bad value: %d", st)
	}
	if st, _ := postForm(t, c, app.URL+"/quan-tri/hop-thu/thu-dien-tu", url.Values{"on": {"0"}}); st != http.StatusSeeOther {
		t.Fatalf("turn off: %d", st)
	}
	if st, page := getWith(t, c, app.URL+"/quan-tri/hop-thu/?xong=thu-tat"); st != 200 || !strings.Contains(page, "Bật gửi qua thư điện tử") || !strings.Contains(page, "Đã tắt gửi thông báo") {
		t.Fatalf("inbox after turning off: %d", st)
	}
	entries, _, err := app.db.FindAudit(ctx, audit.Filter{SiteID: site.ID, Action: "user.mail_notices", Limit: 10})
	if err != nil || len(entries) != 1 || entries[0].ActorID != ed.ID || entries[0].Detail["on"] != "false" {
		t.Fatalf("audit %+v %v", entries, err)
	}

	reporter := newsroom.Actor{UserID: rep.ID, Name: rep.Name, Memberships: []user.Membership{{UserID: rep.ID, SiteID: site.ID, Role: user.RoleReporter}}}
	submit := func(title string) {
		t.Helper()
		a, err := app.newsroom.Create(ctx, reporter, site.ID, newsroom.Draft{CategoryID: cat.ID, Title: title, Body: "<p>Nội dung.</p>", Author: "A", Unit: "B"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.newsroom.Submit(ctx, reporter, site.ID, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	// mailsTo collects the recipients of what arrives within d.
	mailsTo := func(d time.Duration) map[string]int {
		got := map[string]int{}
		deadline := time.After(d)
		for {
			select {
			case m := <-srv.in:
				for _, to := range m.To {
					got[to]++
				}
			case <-deadline:
				return got
			}
		}
	}
	submit("Bài khi đã tắt thư")
	if got := mailsTo(time.Second); got[ed.Email] != 0 {
		t.Fatalf("mail sent to a user who turned it off: %v", got)
	}
	if in, err := app.db.FindInbox(ctx, ed.ID, 5); err != nil || len(in) == 0 || !strings.Contains(in[0].Message, "Bài khi đã tắt thư") {
		t.Fatalf("the notice itself is missing: %+v %v", in, err)
	}
	if st, _ := postForm(t, c, app.URL+"/quan-tri/hop-thu/thu-dien-tu", url.Values{"on": {"1"}}); st != http.StatusSeeOther {
		t.Fatalf("turn on: %d", st)
	}
	submit("Bài khi đã bật thư")
	if got := mailsTo(2 * time.Second); got[ed.Email] != 1 {
		t.Fatalf("mail after turning on again: %v", got)
	}
}

// waitRetrying waits (up to 10 s) until a message of the outbox has
// failed an attempt and waits for the next.
func waitRetrying(t *testing.T, app *testApp) {
	t.Helper()
	q, ok := app.db.(pooled)
	if !ok {
		t.Fatalf("%T cannot count its outbox", app.db)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, retrying, _, err := q.MailQueue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if retrying > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("no failed attempt within 10 s")
		}
		time.Sleep(10 * time.Millisecond) // polling the outbox for the event
	}
}
