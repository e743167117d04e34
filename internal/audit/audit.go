// Package audit is the append-only, tamper-evident log of who did what:
// sign-ins, workflow actions, permission and settings changes. Each entry
// carries the hash of the one before it, so editing or removing a row in
// the database breaks the chain, and Verify finds the first bad entry.
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"sort"
	"time"
)

// Entry is one recorded action.
type Entry struct {
	ID       int64
	At       time.Time
	SiteID   int64  // 0 for platform-wide actions
	ActorID  int64  // 0 for the system (scheduler, command line)
	Actor    string // a readable name of the actor, kept even if the user is renamed
	IP       string
	Action   string // e.g. "login.ok", "article.publish", "user.role"
	Object   string // e.g. "article:42"
	Detail   map[string]string
	PrevHash string // hex SHA-256 of the previous entry; "" for the first
	Hash     string // hex SHA-256 of this entry, PrevHash included
}

// Hash computes an entry's hash from its fields and PrevHash. Every field
// is length-prefixed, so no two different entries encode alike.
func Hash(e Entry) string {
	h := sha256.New()
	field := func(s string) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	num := func(v int64) { field(fmt.Sprint(v)) }
	field("trangtin-audit-v1")
	field(e.PrevHash)
	num(e.ID)
	field(e.At.UTC().Format(time.RFC3339Nano))
	num(e.SiteID)
	num(e.ActorID)
	field(e.Actor)
	field(e.IP)
	field(e.Action)
	field(e.Object)
	keys := make([]string, 0, len(e.Detail))
	for k := range e.Detail {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	num(int64(len(keys)))
	for _, k := range keys {
		field(k)
		field(e.Detail[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Store keeps the log. Append must, in one transaction, read the last
// entry's hash, give e the next ID, set PrevHash and Hash (with Hash), and
// insert it; concurrent appends must serialise.
type Store interface {
	AppendAudit(ctx context.Context, e *Entry) error
	// AuditEntries returns entries with ID > after, in ID order, at most limit.
	AuditEntries(ctx context.Context, after int64, limit int) ([]Entry, error)
	// AuditHead returns the number of entries ever appended and the last hash,
	// as recorded beside the log.
	AuditHead(ctx context.Context) (count int64, last string, err error)
}

// Problem describes the first place where the log does not hold together.
type Problem struct {
	ID     int64 // the entry found bad, or the ID expected where one is missing
	Reason string
}

func (p *Problem) Error() string { return fmt.Sprintf("mục nhật ký %d: %s", p.ID, p.Reason) }

// Verify walks the whole log and returns the first problem, or nil when
// every entry is intact, none is missing, and the head matches.
func Verify(ctx context.Context, s Store) (checked int64, problem *Problem, err error) {
	var prev string
	var last int64
	for {
		batch, err := s.AuditEntries(ctx, last, 1000)
		if err != nil {
			return checked, nil, err
		}
		for _, e := range batch {
			if e.ID != last+1 {
				return checked, &Problem{ID: last + 1, Reason: "đã bị xóa (thiếu trong chuỗi)"}, nil
			}
			if e.PrevHash != prev {
				return checked, &Problem{ID: e.ID, Reason: "không khớp với mục trước (chuỗi bị cắt hoặc chèn)"}, nil
			}
			if Hash(e) != e.Hash {
				return checked, &Problem{ID: e.ID, Reason: "nội dung đã bị sửa"}, nil
			}
			prev, last = e.Hash, e.ID
			checked++
		}
		if len(batch) < 1000 {
			break
		}
	}
	count, head, err := s.AuditHead(ctx)
	if err != nil {
		return checked, nil, err
	}
	if count != last || head != prev {
		return checked, &Problem{ID: last + 1, Reason: fmt.Sprintf("nhật ký có %d mục nhưng đã ghi %d: các mục cuối đã bị xóa", last, count)}, nil
	}
	return checked, nil, nil
}
