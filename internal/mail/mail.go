// Package mail sends the optional e-mail copy of the newsroom's inbox
// notices. Notices are queued in a durable outbox in the same transaction
// as the notice itself; a Dispatcher sends what is due with retries and
// backoff, so a slow or unreachable SMTP server never delays or fails a
// workflow step, and a restart loses nothing. It uses net/smtp only.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"strconv"
	"strings"
	"time"
	"trangtin/internal/audit"
	"unicode/utf8"
)

// Pending is one queued message with what is needed to write it.
type Pending struct {
	ID        int64 // outbox id
	Attempts  int   // failed attempts so far
	SiteID    int64
	SiteName  string
	SiteHost  string
	ArticleID int64
	Title     string // the article's title, "" if it is gone
	Message   string // the inbox notice
	CreatedAt time.Time
	To        string // the recipient's address
	Name      string // the recipient's name
	Disabled  bool   // the recipient's account is locked: nothing is sent
	// Subject and Body are a message's own text, written when it was
	// queued: a Letter's (Subject empty: its notice is the subject) or a
	// Direct message's. Both empty for the e-mail copy of a notice about an
	// article, written by Compose.
	Subject, Body string
}

// Letter is a message to one user that is not about an article: an inbox
// notice (Message, also the subject) and the e-mail's text (Body).
type Letter struct {
	SiteID  int64
	UserID  int64
	Message string
	Body    string
}

// Queue queues letters.
type Queue interface {
	// QueueLetter writes the notice and its message, due at once, in one
	// transaction; the recipient's choice of no e-mail does not hold
	// back a letter, which is about their account.
	QueueLetter(ctx context.Context, l Letter) error
}

// Direct is a message to someone without an account (a citizen who gave
// an e-mail address with a question): queued in the same transaction as
// the change it tells of, its subject and body written then.
type Direct struct {
	SiteID        int64
	To, Name      string
	Subject, Body string
}

// Store is the outbox.
type Store interface {
	// ClaimMail returns up to limit messages due at now (not sent, not
	// given up, next attempt <= now), oldest first, and moves their next
	// attempt to now+lease so that another node does not send them too.
	ClaimMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Pending, error)
	MarkMailSent(ctx context.Context, id int64, at time.Time) error
	// MarkMailFailed records a failed attempt: the new attempt count, the
	// error, and either the next attempt or (gaveUp) that there is none.
	MarkMailFailed(ctx context.Context, id int64, attempts int, next time.Time, lastErr string, gaveUp bool) error
	// PruneMail deletes messages sent or given up before before and
	// reports how many; pending ones are kept.
	PruneMail(ctx context.Context, before time.Time) (int, error)
}

// Prefs is each user's choice: a user may turn the e-mail copy off for
// themselves; nothing is queued for them from then on.
type Prefs interface {
	MailOptedOut(ctx context.Context, userID int64) (bool, error)
	// SetMailOptOut records the choice and appends a (may be nil) to the
	// audit log in the same transaction.
	SetMailOptOut(ctx context.Context, userID int64, out bool, a *audit.Entry) error
}

// Config is how to reach the SMTP server.
type Config struct {
	Addr     string // host:port
	From     string // envelope and header sender
	User     string // empty: no authentication
	Password string
	StartTLS bool   // require STARTTLS before authenticating and sending
	SiteURL  string // base of links, e.g. https://giavien.gov.vn; empty: the site's host
	Timeout  time.Duration
}

// Message is one e-mail ready to send.
type Message struct {
	From, To string
	Data     []byte // headers and body, CRLF line ends
}

// Compose writes the message for p: plain-text UTF-8, Subject encoded
// with mime.QEncoding, Date, Message-ID, From and To; the body links to
// the article in the editors' area.
func Compose(cfg Config, p Pending, now time.Time) (Message, error) {
	from, err := mail.ParseAddress(cfg.From)
	if err != nil {
		return Message{}, fmt.Errorf("sender %q: %w", cfg.From, err)
	}
	to, err := mail.ParseAddress(p.To)
	if err != nil {
		return Message{}, fmt.Errorf("recipient %q: %w", p.To, err)
	}
	if p.SiteName != "" {
		from.Name = p.SiteName
	}
	to.Name = p.Name
	domain := "trangtin"
	if i := strings.LastIndexByte(from.Address, '@'); i >= 0 {
		domain = from.Address[i+1:]
	}
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", from.String()) // net/mail encodes a non-ASCII name
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", subject(p)))
	header("Date", now.Format(time.RFC1123Z))
	header("Message-ID", "<"+strconv.FormatInt(p.ID, 10)+"."+token()+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	header("Auto-Submitted", "auto-generated")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(body(cfg, p))); err != nil {
		return Message{}, err
	}
	if err := qp.Close(); err != nil {
		return Message{}, err
	}
	return Message{From: from.Address, To: to.Address, Data: b.Bytes()}, nil
}

func token() string {
	var r [8]byte
	rand.Read(r[:])
	return hex.EncodeToString(r[:])
}

// oneLine folds line breaks and runs of space into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func subject(p Pending) string {
	s := oneLine(p.Message)
	if p.Subject != "" {
		s = oneLine(p.Subject)
	}
	if utf8.RuneCountInString(s) > 150 {
		s = string([]rune(s)[:149]) + "…"
	}
	if p.SiteName != "" {
		s = "[" + oneLine(p.SiteName) + "] " + s
	}
	return s
}

// Link is the article's address in the editors' area, or the inbox's for
// a notice about no article (a message sent with the contact form).
func Link(cfg Config, p Pending) string {
	path := "/quan-tri/bai-viet/" + strconv.FormatInt(p.ArticleID, 10)
	if p.ArticleID == 0 {
		path = "/quan-tri/hop-thu"
	}
	switch {
	case cfg.SiteURL != "":
		return strings.TrimRight(cfg.SiteURL, "/") + path
	case p.SiteHost != "":
		return "https://" + p.SiteHost + path
	}
	return path
}

func body(cfg Config, p Pending) string {
	var b strings.Builder
	crlf := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n") }
	if p.Body != "" {
		b.WriteString(crlf(p.Body) + "\r\n\r\n")
		b.WriteString("Thư này được gửi tự động")
		if p.SiteName != "" {
			b.WriteString(" từ " + p.SiteName)
		}
		b.WriteString("; vui lòng không trả lời thư này.\r\n")
		return b.String()
	}
	name := p.Name
	if name == "" {
		name = "anh/chị"
	}
	fmt.Fprintf(&b, "Kính gửi %s,\r\n\r\n", name)
	b.WriteString(crlf(p.Message) + "\r\n\r\n")
	if p.ArticleID == 0 {
		fmt.Fprintf(&b, "Mở hộp thư trong trang quản trị: %s\r\n\r\n", Link(cfg, p))
	} else {
		if p.Title != "" {
			fmt.Fprintf(&b, "Bài viết: %s\r\n", p.Title)
		}
		fmt.Fprintf(&b, "Mở bài viết trong trang quản trị: %s\r\n\r\n", Link(cfg, p))
	}
	b.WriteString("Thư này được gửi tự động từ hộp thông báo của trang quản trị")
	if p.SiteName != "" {
		b.WriteString(" " + p.SiteName)
	}
	b.WriteString("; vui lòng không trả lời thư này.\r\n")
	return b.String()
}

// Send delivers msg over SMTP: EHLO, STARTTLS when required (refusing a
// server that does not offer it), AUTH PLAIN when a user is set, MAIL,
// RCPT, DATA, QUIT. The whole exchange is bounded by cfg.Timeout.
func Send(ctx context.Context, cfg Config, msg Message) error {
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return err
	}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", cfg.Addr)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(timeout))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello(helloName(cfg.From)); err != nil {
		return err
	}
	if cfg.StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("the SMTP server does not offer STARTTLS (set --smtp-starttls=false only for a trusted local relay)")
		}
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return err
		}
	}
	if cfg.User != "" {
		if err := c.Auth(smtp.PlainAuth("", cfg.User, cfg.Password, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(msg.From); err != nil {
		return err
	}
	if err := c.Rcpt(msg.To); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg.Data); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// helloName is the domain of the sender, for EHLO.
func helloName(from string) string {
	if a, err := mail.ParseAddress(from); err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 {
			return a.Address[i+1:]
		}
	}
	return "localhost"
}

// Dispatcher sends what the outbox holds.
type Dispatcher struct {
	store Store
	cfg   Config
	log   *slog.Logger
	send  func(ctx context.Context, cfg Config, msg Message) error
	now   func() time.Time
	// MaxAttempts is how many times a message is tried before it is
	// given up (logged); Retry is the first wait, doubled each time up to
	// MaxWait.
	MaxAttempts int
	Retry       time.Duration
	MaxWait     time.Duration
}

// NewDispatcher returns a dispatcher with 8 attempts, first retry after
// 30 seconds, waits up to 2 hours.
func NewDispatcher(store Store, cfg Config, log *slog.Logger) *Dispatcher {
	return &Dispatcher{store: store, cfg: cfg, log: log, send: Send, now: time.Now,
		MaxAttempts: 8, Retry: 30 * time.Second, MaxWait: 2 * time.Hour}
}

// backoff is the wait after the n-th failed attempt.
func (d *Dispatcher) backoff(n int) time.Duration {
	w := d.Retry
	for i := 1; i < n && w < d.MaxWait; i++ {
		w *= 2
	}
	return min(w, d.MaxWait)
}

// RunOnce sends the messages that are due and reports how many were sent.
// A failed message is retried later; it is an error only when the outbox
// cannot be read or written.
func (d *Dispatcher) RunOnce(ctx context.Context) (int, error) {
	sent := 0
	for {
		lease := 2*d.cfgTimeout() + time.Minute
		batch, err := d.store.ClaimMail(ctx, d.now(), lease, 20)
		if err != nil || len(batch) == 0 {
			return sent, err
		}
		for i, p := range batch {
			if err := ctx.Err(); err != nil {
				d.release(ctx, batch[i:])
				return sent, err
			}
			ok, err := d.deliver(ctx, p)
			if err != nil {
				// Shutting down while sending, or the outbox failed to
				// record the outcome: hand back what was not done.
				d.release(ctx, batch[i:])
				return sent, err
			}
			if ok {
				sent++
			}
		}
		if len(batch) < 20 {
			return sent, nil
		}
	}
}

func (d *Dispatcher) cfgTimeout() time.Duration {
	if d.cfg.Timeout > 0 {
		return d.cfg.Timeout
	}
	return 30 * time.Second
}

func (d *Dispatcher) deliver(ctx context.Context, p Pending) (bool, error) {
	if p.Disabled || p.To == "" {
		return false, d.store.MarkMailFailed(ctx, p.ID, p.Attempts, time.Time{}, "the recipient's account is locked or has no address", true)
	}
	msg, err := Compose(d.cfg, p, d.now())
	if err == nil {
		err = d.send(ctx, d.cfg, msg)
	}
	if err == nil {
		// Sent: record it even when the server is stopping meanwhile
		// (ctx cancelled), or the message would go out again.
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		return true, d.store.MarkMailSent(rctx, p.ID, d.now())
	}
	if ctx.Err() != nil {
		return false, ctx.Err() // not the server's fault: RunOnce releases it
	}
	n := p.Attempts + 1
	giveUp := n >= d.MaxAttempts
	if giveUp {
		d.log.Error("gave up sending a notice by e-mail", "outbox", p.ID, "to", p.To, "attempts", n, "err", err)
	} else {
		d.log.Warn("sending a notice by e-mail failed; will retry", "outbox", p.ID, "to", p.To, "attempt", n, "err", err)
	}
	msgErr := strings.ToValidUTF8(err.Error(), "")
	if r := []rune(msgErr); len(r) > 500 {
		msgErr = string(r[:500])
	}
	return false, d.store.MarkMailFailed(ctx, p.ID, n, d.now().Add(d.backoff(n)), msgErr, giveUp)
}

// release hands claimed messages back at once when the dispatcher stops
// (a node shutting down), so the next run, on this node after a restart or
// on another, need not wait for the claim to lapse. The attempt does not
// count. It must outlive ctx, which is already cancelled.
func (d *Dispatcher) release(ctx context.Context, ps []Pending) {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	for _, p := range ps {
		if err := d.store.MarkMailFailed(rctx, p.ID, p.Attempts, d.now(), "interrupted: the server was stopping", false); err != nil {
			d.log.Warn("could not hand back a claimed e-mail; it waits for its claim to lapse", "outbox", p.ID, "err", err)
		}
	}
}
