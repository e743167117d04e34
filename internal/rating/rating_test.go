package rating

import (
	"context"
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/testenv"
)

type memStore struct{ counts map[string]*Tally }

func (m *memStore) AddRating(ctx context.Context, siteID int64, kind Kind, itemID int64, score int, at time.Time) error {
	k := Key(kind, itemID)
	if m.counts[k] == nil {
		m.counts[k] = &Tally{SiteID: siteID, Kind: kind, ItemID: itemID}
	}
	m.counts[k].Counts[score-1]++
	return nil
}
func (m *memStore) FindRating(ctx context.Context, siteID int64, kind Kind, itemID int64) (Tally, error) {
	if t := m.counts[Key(kind, itemID)]; t != nil {
		return *t, nil
	}
	return Tally{}, nil
}
func (m *memStore) FindRatings(context.Context, int64, Kind, int, int) ([]Tally, error) {
	return nil, nil
}
func (m *memStore) CountRatings(context.Context, int64, Kind) (int, error) { return 0, nil }

func TestRateAtMostOncePerBrowser(t *testing.T) {
	st := &memStore{counts: map[string]*Tally{}}
	svc := NewService(st, map[Kind]Resolver{Article: func(ctx context.Context, siteID, id int64) (Item, error) {
		if id != 42 && id != 43 {
			return Item{}, apperr.New(apperr.NotFound, "")
		}
		return Item{Title: "Bài", URL: "/tin-tuc/bai"}, nil
	}})
	ctx := context.Background()
	_, counted, cookie, err := svc.Rate(ctx, 1, Article, 42, 5, "", nil)
	if err != nil || !counted || cookie != "a42" {
		t.Fatalf("first rating: %v %v %q", counted, err, cookie)
	}
	_, counted, cookie2, err := svc.Rate(ctx, 1, Article, 42, 1, cookie, nil)
	if err != nil || counted || cookie2 != cookie {
		t.Fatalf("second rating from the same browser counted: %v %v %q", counted, err, cookie2)
	}
	_, counted, cookie3, err := svc.Rate(ctx, 1, Article, 43, 4, cookie, nil)
	if err != nil || !counted || cookie3 != "a42.a43" {
		t.Errorf("another item: %v %v %q", counted, err, cookie3)
	}
	_, counted, _, err = svc.Rate(ctx, 1, Article, 42, 2, "", nil) // another browser
	if err != nil || !counted {
		t.Errorf("another browser's rating not counted: %v", err)
	}
	if tl := testenv.Must(st.FindRating(ctx, 1, Article, 42)).Get(t); tl.Counts != [5]int64{0, 1, 0, 0, 1} {
		t.Errorf("counts %v", tl.Counts)
	}
	if _, _, _, err := svc.Rate(ctx, 1, Article, 99, 3, "", nil); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("unknown article: %v", err)
	}
	if _, _, _, err := svc.Rate(ctx, 1, Document, 1, 3, "", nil); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("kind without resolver: %v", err)
	}
	if _, _, _, err := svc.Rate(ctx, 1, Article, 42, 6, "", nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("score 6: %v", err)
	}
}

func TestCookieBounded(t *testing.T) {
	c := ""
	for i := int64(1); i <= 2000; i++ {
		c = Add(c, Key(Article, i))
	}
	if len(c) > maxCookie {
		t.Fatalf("cookie grew to %d bytes", len(c))
	}
	if !Rated(c, "a2000") || Rated(c, "a1") {
		t.Error("the newest keys must be kept, the oldest dropped")
	}
	if got := Add("junk.a5.<script>.d7", "a9"); got != "a5.d7.a9" {
		t.Errorf("malformed keys kept: %q", got)
	}
	if Rated("a421", "a42") || !Rated("x.a42", "a42") || strings.Contains(Add("a1", "a1"), "a1.a1") {
		t.Error("key matching is not exact")
	}
}

func TestTally(t *testing.T) {
	tl := Tally{Counts: [5]int64{0, 0, 1, 0, 2}}
	if tl.Total() != 3 || tl.AverageText() != "4,3" {
		t.Errorf("total %d average %s", tl.Total(), tl.AverageText())
	}
	if (Tally{}).AverageText() != "-" {
		t.Error("no ratings should show -")
	}
	if _, err := ParseScore("0"); err == nil {
		t.Error("score 0 accepted")
	}
	if _, err := ParseKind("user"); err == nil {
		t.Error("kind user accepted")
	}
}
