// Package guard keeps public forms (citizens' questions, comments on draft
// documents), satisfaction ratings and search from being flooded, without
// a third-party CAPTCHA: a honeypot field that people never see, and
// per-address allowances.
//
// An allowance is kept in the database (Store), so that it holds across
// restarts and across several app nodes, or, for frequent actions where a
// write per hit would cost more than the action itself (search), in this
// process's memory, in a table of fixed size.
//
// Client addresses are personal data: neither the store nor the memory
// table ever sees one, only a keyed hash (HMAC-SHA-256 with a secret kept
// in the database) of the address, and a key's hits are forgotten as soon
// as they leave the window. IPv6 addresses count per /64, the block one
// subscriber usually gets.
package guard

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"trangtin/internal/apperr"
)

// HoneypotField is the name of the form field that must stay empty. The
// public templates hide it from people (and from assistive technology);
// form-filling robots tend to fill every field.
const HoneypotField = "website"

// Trapped reports whether the honeypot was filled in.
func Trapped(value string) bool { return strings.TrimSpace(value) != "" }

// MsgTrapped is shown when the honeypot was filled.
const MsgTrapped = "Không gửi được biểu mẫu: ô “Để trống ô này” phải để trống. Nếu trình duyệt tự điền ô này, hãy xóa nội dung của nó rồi gửi lại."

// Store keeps the limiter's hits.
type Store interface {
	// TakeRateSlot records a hit for key at at unless the key already has
	// limit hits at or after since, and forgets the key's hits before
	// since. It reports whether the hit was recorded. Concurrent calls for
	// one key, from any node, must not exceed limit together.
	TakeRateSlot(ctx context.Context, key string, at, since time.Time, limit int) (bool, error)
	// DeleteExpiredRateSlots forgets every hit whose window ended before
	// now: a hit taken at at with since counts until at + (at - since).
	DeleteExpiredRateSlots(ctx context.Context, now time.Time) (int64, error)
	// GuardSecret returns the stored secret, storing candidate first when
	// there is none yet, so every node hashes addresses alike.
	GuardSecret(ctx context.Context, candidate []byte) ([]byte, error)
}

// Default limit: 5 accepted submissions per address per 10 minutes and
// form, enough for a family sharing one address, too few for a flood.
const (
	DefaultLimit  = 5
	DefaultWindow = 10 * time.Minute
)

// Rule is the allowance of one form or action per client address.
type Rule struct {
	Limit  int           // hits per Window
	Window time.Duration // how long a hit counts
	// Memory counts in this process's memory instead of the database: no
	// write per hit, and a refusal costs next to nothing, but each node
	// counts on its own and a restart forgets. Hits are then spread
	// evenly: Limit at once, then one more every Window/Limit.
	Memory bool
	// Read marks an action that only reads (search): when the database
	// is full and cannot record the hit, the action goes on unrecorded,
	// for a full disk must not stop reading.
	Read bool
	// Message is what the visitor reads when refused; a %s in it is
	// replaced by the wait ("2 giây", "10 phút"). Empty: the public forms'
	// message.
	Message string
}

// The actions other than the forms, with their allowances (NewLimiter
// sets them; SetRule changes them).
const (
	// FormSearch is a search, by the page or the API: 30 a minute per
	// address (bursts of 30, then one every 2 seconds), in memory.
	FormSearch = "tim-kiem"
	// FormRating is the rating of one item (TakeFor's item): once per
	// address per 24 hours, in the database.
	FormRating = "danh-gia"
	// FormTrack is a lookup of a citizen's question by its short code and
	// the sender's phone or e-mail: 10 per address per 10 minutes, in the
	// database, so that short codes cannot be tried in bulk.
	FormTrack = "tra-cuu"
)

// DefaultRules are the allowances NewLimiter sets for FormSearch,
// FormTrack and FormRating.
var DefaultRules = map[string]Rule{
	FormSearch: {Limit: 30, Window: time.Minute, Memory: true, Read: true,
		Message: "Bạn đã tìm kiếm quá nhiều lần trong thời gian ngắn. Vui lòng chờ khoảng %s rồi tìm lại."},
	FormTrack: {Limit: 10, Window: 10 * time.Minute,
		Message: "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng chờ khoảng %s rồi tra cứu lại; nội dung bạn đã nhập vẫn được giữ nguyên."},
	FormRating: {Limit: 1, Window: 24 * time.Hour,
		Message: "Đã có người đánh giá nội dung này gần đây từ cùng địa chỉ mạng với bạn, nên lần này không được tính thêm. Cảm ơn bạn!"},
}

// msgForms is the public forms' message.
const msgForms = "Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng chờ khoảng %s rồi gửi lại; nội dung bạn đã nhập vẫn được giữ nguyên bên dưới."

// Limiter counts hits per client address and form or action.
type Limiter struct {
	store Store
	def   Rule
	now   func() time.Time

	rulesMu sync.RWMutex
	rules   map[string]Rule

	mu     sync.Mutex // serialises loading the secret
	secret atomic.Pointer[[]byte]
	macs   sync.Pool // hash.Hash keyed with the secret

	mem *memTable
}

// NewLimiter returns a limiter of limit hits per window (0: the defaults)
// for the forms without a rule of their own, with DefaultRules for search
// and ratings; now is the clock (nil: time.Now).
func NewLimiter(store Store, limit int, window time.Duration, now func() time.Time) *Limiter {
	if limit <= 0 {
		limit = DefaultLimit
	}
	if window <= 0 {
		window = DefaultWindow
	}
	if now == nil {
		now = time.Now
	}
	l := &Limiter{store: store, def: Rule{Limit: limit, Window: window}, now: now, rules: map[string]Rule{},
		mem: newMemTable(MemoryEntries)}
	for form, r := range DefaultRules {
		l.SetRule(form, r)
	}
	return l
}

// SetRule gives form its own allowance. A Limit or Window of 0 takes the
// limiter's default.
func (l *Limiter) SetRule(form string, r Rule) {
	if r.Limit <= 0 {
		r.Limit = l.def.Limit
	}
	if r.Window <= 0 {
		r.Window = l.def.Window
	}
	l.rulesMu.Lock()
	l.rules[form] = r
	l.rulesMu.Unlock()
}

// Rule returns form's allowance.
func (l *Limiter) Rule(form string) Rule {
	l.rulesMu.RLock()
	r, ok := l.rules[form]
	l.rulesMu.RUnlock()
	if !ok {
		return l.def
	}
	return r
}

// Window is how long a hit of a form without a rule counts.
func (l *Limiter) Window() time.Duration { return l.def.Window }

// MsgWait is the visitor's message when a form without a rule has reached
// its limit.
func (l *Limiter) MsgWait() string { return fmt.Sprintf(msgForms, waitText(l.def.Window)) }

// waitText is d for people: "45 giây", "2 phút", "24 giờ".
func waitText(d time.Duration) string {
	switch {
	case d <= 0:
		return "vài giây"
	case d < time.Minute:
		return fmt.Sprintf("%d giây", int((d+time.Second-1)/time.Second))
	case d < 2*time.Hour:
		return fmt.Sprintf("%d phút", int((d+time.Minute-1)/time.Minute))
	}
	return fmt.Sprintf("%d giờ", int((d+time.Hour-1)/time.Hour))
}

// refuse is the error of a spent allowance: apperr.RateLimited with the
// rule's message and, for Retry-After, the wait.
func refuse(r Rule, wait time.Duration) error {
	msg := r.Message
	if msg == "" {
		msg = msgForms
	}
	wait = max(wait, time.Second)
	if strings.Contains(msg, "%s") {
		msg = fmt.Sprintf(msg, waitText(wait))
	}
	return &apperr.Error{Code: apperr.RateLimited, Message: msg, RetryAfter: wait}
}

// Take counts one submission of form from addr. It returns an
// apperr.RateLimited error, with the Vietnamese message and the wait in
// RetryAfter, once addr has used up its allowance for form.
func (l *Limiter) Take(ctx context.Context, form, addr string) error {
	return l.TakeFor(ctx, form, "", addr)
}

// TakeFor is Take for one item of the form ("1:a42", the article 42 of
// site 1): each item has its own allowance. item names content, never a
// person; it is hashed with the address.
func (l *Limiter) TakeFor(ctx context.Context, form, item, addr string) error {
	r := l.Rule(form)
	if r.Memory {
		id, err := l.sum(ctx, form, item, addr)
		if err != nil {
			return err
		}
		if ok, wait := l.mem.take(id, r.Limit, r.Window, l.now()); !ok {
			return refuse(r, wait)
		}
		return nil
	}
	key, err := l.key(ctx, form, item, addr)
	if err != nil {
		return err
	}
	now := l.now()
	ok, err := l.store.TakeRateSlot(ctx, key, now, now.Add(-r.Window), r.Limit)
	if err != nil && r.Read && apperr.Is(err, apperr.Unavailable) && apperr.MessageOf(err) == apperr.MsgStorageFull {
		return nil
	}
	if err != nil {
		return err
	}
	if !ok {
		// The store does not say when its oldest hit leaves the window:
		// the whole window is an upper bound.
		return refuse(r, r.Window)
	}
	return nil
}

// Prune forgets hits that no longer count, each after its own window, in
// the database and in memory; run it now and then.
func (l *Limiter) Prune(ctx context.Context) (int64, error) {
	now := l.now()
	l.mem.sweep(now)
	return l.store.DeleteExpiredRateSlots(ctx, now)
}

// key is form + ":" + the keyed hash of addr (and item), as stored.
func (l *Limiter) key(ctx context.Context, form, item, addr string) (string, error) {
	sum, err := l.mac(ctx, form, item, addr)
	if err != nil {
		return "", err
	}
	return form + ":" + hex.EncodeToString(sum[:20]), nil
}

// sum is the memory table's key: the first 16 bytes of the keyed hash.
func (l *Limiter) sum(ctx context.Context, form, item, addr string) ([16]byte, error) {
	var id [16]byte
	sum, err := l.mac(ctx, form, item, addr)
	if err == nil {
		copy(id[:], sum)
	}
	return id, err
}

// mac is HMAC-SHA-256(secret, form NUL addr [NUL item]), the address
// reduced to its /64 when it is IPv6.
func (l *Limiter) mac(ctx context.Context, form, item, addr string) ([]byte, error) {
	secret, err := l.loadSecret(ctx)
	if err != nil {
		return nil, err
	}
	m, _ := l.macs.Get().(hash.Hash)
	if m == nil {
		m = hmac.New(sha256.New, secret)
	}
	m.Reset()
	m.Write([]byte(form + "\x00" + clientKey(addr)))
	if item != "" {
		m.Write([]byte("\x00" + item))
	}
	sum := m.Sum(nil)
	l.macs.Put(m)
	return sum, nil
}

// clientKey is how an address is counted: IPv6 per /64 (one subscriber's
// block, from which a visitor may use any address), anything else as is.
func clientKey(addr string) string {
	ip, err := netip.ParseAddr(addr)
	if err != nil || !ip.Is6() || ip.Is4In6() {
		return addr
	}
	p, err := ip.WithZone("").Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}

// Warm loads the key the limiter hashes addresses with (making it on the
// first start of an installation), so that later hits need no write
// where their rule counts in memory.
func (l *Limiter) Warm(ctx context.Context) error {
	_, err := l.loadSecret(ctx)
	return err
}

func (l *Limiter) loadSecret(ctx context.Context) ([]byte, error) {
	if s := l.secret.Load(); s != nil {
		return *s, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if s := l.secret.Load(); s != nil {
		return *s, nil
	}
	candidate := make([]byte, 32)
	rand.Read(candidate)
	s, err := l.store.GuardSecret(ctx, candidate)
	if err != nil {
		return nil, err
	}
	l.secret.Store(&s)
	return s, nil
}
