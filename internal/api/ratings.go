package api

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/rating"
)

// Rating is the aggregated satisfaction rating of one item.
type Rating struct {
	Kind    string   `json:"kind"` // article | document
	ID      int64    `json:"id"`
	Count   int64    `json:"count"`
	Average float64  `json:"average"` // 1–5, one decimal; 0 when count is 0
	Counts  [5]int64 `json:"counts"`  // how many gave 1, 2, 3, 4, 5
	// UpdatedAt is when the item was last rated; null when never.
	UpdatedAt *time.Time `json:"updated_at"`
}

// RatingList is the body of GET /api/v1/ratings without an id.
type RatingList struct {
	Items   []Rating `json:"items"`
	Page    int      `json:"page"`
	PerPage int      `json:"per_page"`
	Total   int      `json:"total"`
}

func ratingOf(t rating.Tally) Rating {
	out := Rating{Kind: string(t.Kind), ID: t.ItemID, Count: t.Total(), Average: math.Round(t.Average()*10) / 10, Counts: t.Counts}
	if !t.UpdatedAt.IsZero() {
		at := t.UpdatedAt
		out.UpdatedAt = &at
	}
	return out
}

// ratingTotals: GET /api/v1/ratings?kind=article&id=42 for one item, or
// ?kind=article&page=&per_page= for the rated items, most recently rated
// first.
func (s *Server) ratingTotals(w http.ResponseWriter, r *http.Request) error {
	site, err := s.sites.ForHost(r.Host)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	var kind rating.Kind
	if k := q.Get("kind"); k != "" {
		if kind, err = rating.ParseKind(k); err != nil {
			return err
		}
	}
	if raw := q.Get("id"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			return apperr.New(apperr.Invalid, "Tham số id phải là số nguyên dương.")
		}
		if kind == "" {
			return apperr.New(apperr.Invalid, "Cần tham số kind (article hoặc document) đi cùng id.")
		}
		t, err := s.eng.ratings.Store().FindRating(r.Context(), site.ID, kind, id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, ratingOf(t))
		return nil
	}
	page, err := intParam(q.Get("page"), 1, 1, 100000, "page")
	if err != nil {
		return err
	}
	perPage, err := intParam(q.Get("per_page"), 20, 1, 100, "per_page")
	if err != nil {
		return err
	}
	total, err := s.eng.ratings.Store().CountRatings(r.Context(), site.ID, kind)
	if err != nil {
		return err
	}
	ts, err := s.eng.ratings.Store().FindRatings(r.Context(), site.ID, kind, perPage, (page-1)*perPage)
	if err != nil {
		return err
	}
	out := RatingList{Items: []Rating{}, Page: page, PerPage: perPage, Total: total}
	for _, t := range ts {
		out.Items = append(out.Items, ratingOf(t))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
