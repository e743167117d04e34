package admin

import (
	"net/http"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/rating"
	"trangtin/internal/visits"
)

const (
	pathRatings    = "/quan-tri/danh-gia"
	ratingsPerPage = 30
)

// RatingsPage is /quan-tri/danh-gia: the rated items with their average
// and count, most recently rated first.
type RatingsPage struct {
	Layout
	Kinds   []Option
	Rows    []RatingRow
	Total   int
	Page    int
	Pages   int
	PrevURL string
	NextURL string
	Visits  *visits.Figures // the site's visit counter; nil when off
}

// RatingRow is one rated item.
type RatingRow struct {
	Kind    string
	Title   string
	URL     string // public address; "" when the item is no longer public
	Count   int64
	Average string   // "4,3"
	Counts  [5]int64 // scores 1..5
	Last    When
}

func (s *Server) ratingList(w http.ResponseWriter, r *http.Request, acc *account) error {
	q := r.URL.Query()
	var kind rating.Kind
	if k := q.Get("loai"); k != "" {
		var err error
		if kind, err = rating.ParseKind(k); err != nil {
			return err
		}
	}
	page := 1
	if raw := q.Get("trang"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 || n > 100000 {
			return apperr.New(apperr.NotFound, "Số trang không hợp lệ.")
		}
		page = n
	}
	st := s.ratings.Store()
	total, err := st.CountRatings(r.Context(), acc.Site.ID, kind)
	if err != nil {
		return err
	}
	tallies, err := st.FindRatings(r.Context(), acc.Site.ID, kind, ratingsPerPage, (page-1)*ratingsPerPage)
	if err != nil {
		return err
	}
	p := RatingsPage{Layout: s.layout(acc, "Đánh giá mức độ hài lòng", pathRatings), Total: total, Page: page, Pages: max(1, (total+ratingsPerPage-1)/ratingsPerPage)}
	p.Kinds = append(p.Kinds, Option{Value: "", Label: "Tất cả", Selected: kind == ""})
	for _, k := range rating.Kinds {
		p.Kinds = append(p.Kinds, Option{Value: string(k), Label: k.Label(), Selected: kind == k})
	}
	link := func(n int) string {
		u := pathRatings + "?trang=" + strconv.Itoa(n)
		if kind != "" {
			u += "&loai=" + string(kind)
		}
		return u
	}
	if page > 1 {
		p.PrevURL = link(page - 1)
	}
	if page < p.Pages {
		p.NextURL = link(page + 1)
	}
	for _, t := range tallies {
		row := RatingRow{Kind: t.Kind.Label(), Count: t.Total(), Average: t.AverageText(), Counts: t.Counts, Last: when(t.UpdatedAt)}
		if item, err := s.ratings.Resolve(r.Context(), acc.Site.ID, t.Kind, t.ItemID); err == nil {
			row.Title, row.URL = item.Title, item.URL
		} else {
			row.Title = t.Kind.Label() + " số " + strconv.FormatInt(t.ItemID, 10) + " (không còn công khai)"
		}
		p.Rows = append(p.Rows, row)
	}
	if s.visits != nil {
		if f, err := s.visits.Figures(r.Context(), acc.Site.ID); err == nil {
			p.Visits = &f
		}
	}
	return s.render(w, http.StatusOK, "ratings", p)
}
