// Package rating is the satisfaction rating of published information
// (đánh giá mức độ hài lòng, Decree 224/2026): a visitor gives an article
// or a document a score from 1 to 5, without an account. Only aggregated
// counts per (site, kind, item) are stored; nothing says who rated.
//
// "At most once per browser" is kept by the browser itself: a cookie lists
// the keys of the items it rated ("a42" for article 42), which names
// content, not a person. The check is made when the rating is posted, so
// cached pages stay the same for everyone. A client that drops the cookie
// is held back by a Gate: the web layer counts each item once per client
// address and window, keeping only a keyed hash of the address.
package rating

import (
	"context"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
)

// Kind is the type of a rated item.
type Kind string

const (
	Article  Kind = "article"
	Document Kind = "document"
)

// prefix is the one-letter form of a kind in cookie keys.
func (k Kind) prefix() string {
	switch k {
	case Article:
		return "a"
	case Document:
		return "d"
	}
	return ""
}

// Label is the Vietnamese name of the kind.
func (k Kind) Label() string {
	switch k {
	case Article:
		return "Bài viết"
	case Document:
		return "Văn bản"
	}
	return string(k)
}

// Kinds lists the kinds that may be rated.
var Kinds = []Kind{Article, Document}

// ParseKind reads a kind; unknown kinds are invalid.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", apperr.New(apperr.Invalid, "Loại nội dung được đánh giá không hợp lệ.")
}

// Scores and their Vietnamese labels, 1 (worst) to 5 (best).
const MaxScore = 5

var scoreLabels = [MaxScore + 1]string{"", "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"}

// ScoreLabel names a score.
func ScoreLabel(score int) string {
	if score < 1 || score > MaxScore {
		return ""
	}
	return scoreLabels[score]
}

// ParseScore reads a score from 1 to 5.
func ParseScore(s string) (int, error) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > MaxScore {
		return 0, apperr.New(apperr.Invalid, "Vui lòng chọn một mức đánh giá từ 1 đến 5.")
	}
	return n, nil
}

// Tally is the aggregated rating of one item.
type Tally struct {
	SiteID    int64
	Kind      Kind
	ItemID    int64
	Counts    [MaxScore]int64 // Counts[i] is how many gave score i+1
	UpdatedAt time.Time       // of the last rating; zero when none
}

// Total is the number of ratings.
func (t Tally) Total() int64 {
	var n int64
	for _, c := range t.Counts {
		n += c
	}
	return n
}

// Average is the mean score, 0 when there is none.
func (t Tally) Average() float64 {
	n := t.Total()
	if n == 0 {
		return 0
	}
	var sum int64
	for i, c := range t.Counts {
		sum += int64(i+1) * c
	}
	return float64(sum) / float64(n)
}

// AverageText is the mean with one decimal and a comma, "4,3"; "-" when none.
func (t Tally) AverageText() string {
	if t.Total() == 0 {
		return "-"
	}
	return strings.Replace(strconv.FormatFloat(t.Average(), 'f', 1, 64), ".", ",", 1)
}

// Store keeps the counts.
type Store interface {
	// AddRating adds one rating of score to the item, at.
	AddRating(ctx context.Context, siteID int64, kind Kind, itemID int64, score int, at time.Time) error
	// FindRating returns the item's tally; an item nobody rated has a
	// tally of zeros (a count of nothing is zero, not missing).
	FindRating(ctx context.Context, siteID int64, kind Kind, itemID int64) (Tally, error)
	// FindRatings lists the rated items of a kind ("": every kind), the
	// most recently rated first.
	FindRatings(ctx context.Context, siteID int64, kind Kind, limit, offset int) ([]Tally, error)
	CountRatings(ctx context.Context, siteID int64, kind Kind) (int, error)
}

// Key names an item in the browser's list of rated items, "a42".
func Key(kind Kind, itemID int64) string { return kind.prefix() + strconv.FormatInt(itemID, 10) }

// Cookie limits: the list keeps the most recent keys within maxCookie bytes.
const (
	CookieName = "da-danh-gia"
	maxCookie  = 3000
)

// Rated reports whether the cookie value lists key.
func Rated(cookie, key string) bool {
	for k := range strings.SplitSeq(cookie, ".") {
		if k == key {
			return true
		}
	}
	return false
}

// Add returns the cookie value with key added last, dropping the oldest
// keys (and anything malformed) past the size limit.
func Add(cookie, key string) string {
	var keys []string
	for k := range strings.SplitSeq(cookie, ".") {
		if validKey(k) && k != key {
			keys = append(keys, k)
		}
	}
	keys = append(keys, key)
	size := 0
	start := len(keys)
	for start > 0 && size+len(keys[start-1])+1 <= maxCookie {
		start--
		size += len(keys[start]) + 1
	}
	return strings.Join(keys[start:], ".")
}

func validKey(k string) bool {
	if len(k) < 2 || len(k) > 20 {
		return false
	}
	switch k[0] {
	case 'a', 'd':
	default:
		return false
	}
	_, err := strconv.ParseInt(k[1:], 10, 64)
	return err == nil
}

// Item is a rated thing as people know it: its title and public address.
type Item struct {
	Title string
	URL   string
}

// Resolver finds a published item of a kind; it returns apperr.NotFound
// for an item that is not public, so nobody rates drafts or junk IDs.
type Resolver func(ctx context.Context, siteID, itemID int64) (Item, error)

// Service records ratings.
type Service struct {
	store     Store
	resolvers map[Kind]Resolver
	now       func() time.Time
}

// NewService returns a Service over store; resolvers says which kinds can
// be rated and how to find their items.
func NewService(store Store, resolvers map[Kind]Resolver) *Service {
	return &Service{store: store, resolvers: resolvers, now: time.Now}
}

// Store is the underlying store.
func (s *Service) Store() Store { return s.store }

// Accepts reports whether kind can be rated here.
func (s *Service) Accepts(kind Kind) bool { return s.resolvers[kind] != nil }

// Resolve finds the item.
func (s *Service) Resolve(ctx context.Context, siteID int64, kind Kind, itemID int64) (Item, error) {
	r := s.resolvers[kind]
	if r == nil || itemID <= 0 {
		return Item{}, apperr.New(apperr.NotFound, "Không tìm thấy nội dung được đánh giá.")
	}
	return r(ctx, siteID, itemID)
}

// Gate is asked, before a rating is counted, whether this visitor may rate
// the item (key, as in Key) of the site now. It returns an
// apperr.RateLimited error when the visitor's rating of the item was
// counted recently, as far as it can tell without the cookie (by a keyed
// hash of the client address, see package guard).
type Gate func(ctx context.Context, siteID int64, key string) error

// Rate records score for the item, after checking it is public. cookie is
// the browser's list of rated items; when it already lists the item
// nothing is counted and counted is false. Otherwise gate, when set, is
// asked; its refusal (apperr.RateLimited) is returned with the item and
// nothing is counted. The returned cookie value is what the browser
// should keep.
func (s *Service) Rate(ctx context.Context, siteID int64, kind Kind, itemID int64, score int, cookie string, gate Gate) (item Item, counted bool, newCookie string, err error) {
	if score < 1 || score > MaxScore {
		return Item{}, false, cookie, apperr.New(apperr.Invalid, "Vui lòng chọn một mức đánh giá từ 1 đến 5.")
	}
	if item, err = s.Resolve(ctx, siteID, kind, itemID); err != nil {
		return Item{}, false, cookie, err
	}
	key := Key(kind, itemID)
	if Rated(cookie, key) {
		return item, false, cookie, nil
	}
	if gate != nil {
		if err := gate(ctx, siteID, key); err != nil {
			return item, false, cookie, err
		}
	}
	if err := s.store.AddRating(ctx, siteID, kind, itemID, score, s.now()); err != nil {
		return Item{}, false, cookie, err
	}
	return item, true, Add(cookie, key), nil
}
