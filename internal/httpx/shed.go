package httpx

import (
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// OverloadMessage is the answer to a request shed under overload.
const OverloadMessage = "Hệ thống đang quá tải, vui lòng thử lại sau ít giây."

// Shedding bounds the work the server takes on: at most Max requests are
// handled at once, at most Queue more wait (each for up to Wait) for one
// of them to end, and any request beyond is answered at once with 503 and
// Retry-After instead of queueing without bound: under a flood, latency
// and memory stay bounded, and the requests let in are served at the
// machine's pace.
type Shedding struct {
	Max   int           // requests handled at once; <= 0: no limit
	Queue int           // requests waiting for a slot
	Wait  time.Duration // longest wait for a slot
	// RetryAfter is the Retry-After of a shed request (whole seconds, at
	// least 1).
	RetryAfter time.Duration
	// Exempt requests (the health check) are never held or shed.
	Exempt func(*http.Request) bool

	slots   chan struct{}
	waiting atomic.Int64
	shed    atomic.Int64
}

// Shed returns the middleware; s must not be copied after.
func (s *Shedding) Shed(next http.Handler) http.Handler {
	if s.Max <= 0 {
		return next
	}
	s.slots = make(chan struct{}, s.Max)
	retry := strconv.FormatInt(max(1, int64((s.RetryAfter+time.Second-1)/time.Second)), 10)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Exempt != nil && s.Exempt(r) {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case s.slots <- struct{}{}:
		default:
			if !s.waitForSlot(r) {
				s.shed.Add(1)
				w.Header().Set("Retry-After", retry)
				w.Header().Set("Content-Type", "text/plain; charset=utf-8")
				w.Header().Set("Cache-Control", "no-store")
				w.Header().Set("Connection", "close") // a client that floods gets a new handshake to pay for
				w.WriteHeader(http.StatusServiceUnavailable)
				w.Write([]byte(OverloadMessage + "\n"))
				return
			}
		}
		defer func() { <-s.slots }()
		next.ServeHTTP(w, r)
	})
}

// waitForSlot waits, if the queue has room, for a slot; false: shed.
func (s *Shedding) waitForSlot(r *http.Request) bool {
	if s.waiting.Add(1) > int64(s.Queue) {
		s.waiting.Add(-1)
		return false
	}
	defer s.waiting.Add(-1)
	t := time.NewTimer(s.Wait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-r.Context().Done():
		return false
	}
}

// InFlight is the number of requests being handled (not waiting).
func (s *Shedding) InFlight() int {
	if s.slots == nil {
		return 0
	}
	return len(s.slots)
}

// Waiting is the number of requests waiting for a slot.
func (s *Shedding) Waiting() int64 { return s.waiting.Load() }

// ShedCount is the number of requests shed so far.
func (s *Shedding) ShedCount() int64 { return s.shed.Load() }
