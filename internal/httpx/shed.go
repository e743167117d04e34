package httpx

import (
	"bytes"
	"io"
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
	// BodyLimit > 0: a request body of up to BodyLimit bytes is read
	// before the request takes a slot, by at most Readers requests at
	// once (any beyond are shed). A client that sends its form a byte at
	// a time then holds a reader, not one of the Max slots the pages are
	// served in. A body declared longer is read in the slot, as before
	// (the editors' uploads, after their sign-in). The buffers grow as
	// bytes arrive: at most Readers × BodyLimit bytes, reached only by
	// clients that send fast and are soon done.
	BodyLimit int64
	Readers   int

	slots   chan struct{}
	readers chan struct{}
	waiting atomic.Int64
	shed    atomic.Int64
}

// Shed returns the middleware; s must not be copied after.
func (s *Shedding) Shed(next http.Handler) http.Handler {
	if s.Max <= 0 {
		return next
	}
	s.slots = make(chan struct{}, s.Max)
	if s.BodyLimit > 0 {
		s.readers = make(chan struct{}, max(1, s.Readers))
	}
	retry := strconv.FormatInt(max(1, int64((s.RetryAfter+time.Second-1)/time.Second)), 10)
	refuse := func(w http.ResponseWriter) {
		s.shed.Add(1)
		w.Header().Set("Retry-After", retry)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Connection", "close") // a client that floods gets a new handshake to pay for
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(OverloadMessage + "\n"))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.Exempt != nil && s.Exempt(r) {
			next.ServeHTTP(w, r)
			return
		}
		if s.readers != nil && r.ContentLength != 0 && r.ContentLength <= s.BodyLimit && r.Body != nil && r.Body != http.NoBody {
			select {
			case s.readers <- struct{}{}:
			default:
				refuse(w)
				return
			}
			err := s.readAhead(r)
			<-s.readers
			if err != nil {
				// The client stopped sending, or took longer than the
				// server's read timeout: nobody is there to read an answer.
				w.Header().Set("Connection", "close")
				http.Error(w, "Dữ liệu gửi lên không đến đủ.", http.StatusRequestTimeout)
				return
			}
		}
		select {
		case s.slots <- struct{}{}:
		default:
			if !s.waitForSlot(r) {
				refuse(w)
				return
			}
		}
		defer func() { <-s.slots }()
		next.ServeHTTP(w, r)
	})
}

// readAhead reads up to BodyLimit bytes of r's body into memory and makes
// r.Body give them, then whatever follows. The buffer grows as bytes
// arrive, so a slow client holds only what it has sent.
func (s *Shedding) readAhead(r *http.Request) error {
	var buf bytes.Buffer
	_, err := buf.ReadFrom(io.LimitReader(r.Body, s.BodyLimit))
	if err != nil {
		return err
	}
	r.Body = readAheadBody{io.MultiReader(&buf, r.Body), r.Body}
	return nil
}

// readAheadBody reads the bytes read ahead, then the rest of the body,
// and closes the original.
type readAheadBody struct {
	io.Reader
	io.Closer
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

// Reading is the number of requests whose body is being read before they
// take a slot.
func (s *Shedding) Reading() int { return len(s.readers) }

// Waiting is the number of requests waiting for a slot.
func (s *Shedding) Waiting() int64 { return s.waiting.Load() }

// ShedCount is the number of requests shed so far.
func (s *Shedding) ShedCount() int64 { return s.shed.Load() }
