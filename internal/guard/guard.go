// Package guard keeps public forms (citizens' questions, comments on draft
// documents) from being flooded, without a third-party CAPTCHA: a honeypot
// field that people never see, and a per-address limit kept in the
// database, so it holds across restarts and across several app nodes.
//
// Client addresses are personal data: the store only ever sees a keyed
// hash (HMAC-SHA-256 with a secret kept in the database) of the address,
// and a key's hits are forgotten as soon as they leave the window.
package guard

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
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
const MsgTrapped = "Không gửi được biểu mẫu: ô “Để trống ô này” phải để trống. Nếu trình duyệt tự điền ô này, hãy xoá nội dung của nó rồi gửi lại."

// Store keeps the limiter's hits.
type Store interface {
	// TakeRateSlot records a hit for key at at unless the key already has
	// limit hits at or after since, and forgets the key's hits before
	// since. It reports whether the hit was recorded. Concurrent calls for
	// one key, from any node, must not exceed limit together.
	TakeRateSlot(ctx context.Context, key string, at, since time.Time, limit int) (bool, error)
	// DeleteRateSlotsBefore forgets every hit older than before.
	DeleteRateSlotsBefore(ctx context.Context, before time.Time) (int64, error)
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

// Limiter counts accepted submissions per client address and form.
type Limiter struct {
	store  Store
	limit  int
	window time.Duration
	now    func() time.Time

	mu     sync.Mutex
	secret []byte
}

// NewLimiter returns a limiter of limit hits per window (0: the defaults);
// now is the clock (nil: time.Now).
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
	return &Limiter{store: store, limit: limit, window: window, now: now}
}

// Window is how long a hit counts.
func (l *Limiter) Window() time.Duration { return l.window }

// MsgWait is the visitor's message when the limit is reached.
func (l *Limiter) MsgWait() string {
	return "Bạn đã gửi quá nhiều lần trong thời gian ngắn. Vui lòng chờ khoảng " +
		itoa(int(l.window/time.Minute)) + " phút rồi gửi lại; nội dung bạn đã nhập vẫn được giữ nguyên bên dưới."
}

func itoa(n int) string {
	if n <= 0 {
		return "vài"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

// Take counts one submission of form from addr. It returns an
// apperr.RateLimited error, with the Vietnamese message, once addr has
// used up its limit for form.
func (l *Limiter) Take(ctx context.Context, form, addr string) error {
	key, err := l.key(ctx, form, addr)
	if err != nil {
		return err
	}
	now := l.now()
	ok, err := l.store.TakeRateSlot(ctx, key, now, now.Add(-l.window), l.limit)
	if err != nil {
		return err
	}
	if !ok {
		return apperr.New(apperr.RateLimited, l.MsgWait())
	}
	return nil
}

// Prune forgets hits that no longer count; run it now and then.
func (l *Limiter) Prune(ctx context.Context) (int64, error) {
	return l.store.DeleteRateSlotsBefore(ctx, l.now().Add(-l.window))
}

// key is form + ":" + the keyed hash of addr.
func (l *Limiter) key(ctx context.Context, form, addr string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.secret == nil {
		candidate := make([]byte, 32)
		rand.Read(candidate)
		s, err := l.store.GuardSecret(ctx, candidate)
		if err != nil {
			return "", err
		}
		l.secret = s
	}
	m := hmac.New(sha256.New, l.secret)
	m.Write([]byte(form + "\x00" + addr))
	return form + ":" + hex.EncodeToString(m.Sum(nil)[:20]), nil
}
