package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/guard"
	"trangtin/internal/httpx"
	"trangtin/internal/rating"
)

// RatingWidget is the satisfaction rating form of a detail page (an
// article, a document). Any page shows it with
//
//	{{with .Rating}}{{template "rating" .}}{{end}}
//
// and a *RatingWidget field set by Server.ratingWidget. It is the same for
// every visitor, so the page stays cacheable: whether this browser already
// rated the item is checked when the form is posted, and site.js hides the
// form when the browser's list of rated items names it.
type RatingWidget struct {
	Kind    rating.Kind
	ItemID  int64
	Key     string // the item's key in the browser's list, "a42"
	Choices []RatingChoice
	Closed  string // why no form is shown (an archived site)
}

// RatingChoice is one button, best first.
type RatingChoice struct {
	Score int
	Label string
	Stars string // ★★★☆☆, decorative
}

// ratingWidget returns the form for the item, or nil when ratings are off
// or the kind cannot be rated here; on an archived site, a notice instead.
func (s *Server) ratingWidget(site *content.Site, kind rating.Kind, itemID int64) *RatingWidget {
	if s.eng.ratings == nil || !s.eng.ratings.Accepts(kind) {
		return nil
	}
	w := &RatingWidget{Kind: kind, ItemID: itemID, Key: rating.Key(kind, itemID)}
	if site.Archived() {
		w.Closed = msgArchivedForms
		return w
	}
	for score := rating.MaxScore; score >= 1; score-- {
		stars := ""
		for i := 1; i <= rating.MaxScore; i++ {
			if i <= score {
				stars += "★"
			} else {
				stars += "☆"
			}
		}
		w.Choices = append(w.Choices, RatingChoice{Score: score, Label: rating.ScoreLabel(score), Stars: stars})
	}
	return w
}

// RatingThanksPage follows a rating posted without JavaScript.
type RatingThanksPage struct {
	Layout
	Counted bool // false: this browser had already rated the item
	// SameNetwork: not counted because the item was rated from the same
	// client address within the window.
	SameNetwork bool
	Title       string
	BackURL     string
	ItemKind    string
}

// rate records a rating (POST /danh-gia: loai, ma, diem). A script asking
// for JSON gets {"counted":…,"message":…}; a form gets 303 to the thanks.
func (s *Server) rate(w http.ResponseWriter, r *http.Request) error {
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	if site.Archived() {
		return apperr.New(apperr.Conflict, msgArchivedForms)
	}
	if err := readForm(r); err != nil {
		return err
	}
	kind, err := rating.ParseKind(r.PostForm.Get("loai"))
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PostForm.Get("ma"), 10, 64)
	if err != nil || id <= 0 {
		return apperr.New(apperr.Invalid, "Nội dung được đánh giá không hợp lệ.")
	}
	score, err := rating.ParseScore(r.PostForm.Get("diem"))
	if err != nil {
		return err
	}
	old := ""
	if c, err := r.Cookie(rating.CookieName); err == nil {
		old = c.Value
	}
	_, counted, cookie, err := s.eng.ratings.Rate(r.Context(), site.ID, kind, id, score, old, s.ratingGate(r))
	sameNetwork := apperr.Is(err, apperr.RateLimited)
	if err != nil && !sameNetwork {
		return err
	}
	if cookie != old {
		// The list of rated items, not an identifier: readable by site.js,
		// which hides the form of items already rated.
		http.SetCookie(w, &http.Cookie{Name: rating.CookieName, Value: cookie, Path: "/", Expires: time.Now().AddDate(1, 0, 0),
			SameSite: http.SameSiteLaxMode, Secure: httpx.IsHTTPS(r)})
	}
	w.Header().Set("Cache-Control", "no-store")
	if r.Header.Get("Accept") == "application/json" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		msg := "Cảm ơn bạn đã đánh giá!"
		switch {
		case sameNetwork:
			msg = apperr.MessageOf(err)
		case !counted:
			msg = "Bạn đã đánh giá nội dung này trước đây. Cảm ơn bạn!"
		}
		body, err := json.Marshal(struct {
			Counted bool   `json:"counted"`
			Message string `json:"message"`
		}{counted, msg})
		if err != nil {
			return err
		}
		w.Write(body)
		return nil
	}
	q := url.Values{"loai": {string(kind)}, "ma": {strconv.FormatInt(id, 10)}}
	switch {
	case sameNetwork:
		q.Set("da", "mang")
	case !counted:
		q.Set("da", "1")
	}
	http.Redirect(w, r, "/danh-gia/cam-on?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// ratingGate counts a rating once per client address, item and window
// (guard.FormRating), for clients that do not keep the rated-items cookie;
// only a keyed hash of the address is stored, and forgotten after the
// window. nil without a limiter.
func (s *Server) ratingGate(r *http.Request) rating.Gate {
	if s.qa.guard == nil {
		return nil
	}
	addr := clientAddr(r)
	return func(ctx context.Context, siteID int64, key string) error {
		return s.qa.guard.TakeFor(ctx, guard.FormRating, strconv.FormatInt(siteID, 10)+":"+key, addr)
	}
}

// rateThanks thanks the visitor and leads back to the item.
func (s *Server) rateThanks(w http.ResponseWriter, r *http.Request) error {
	site, err := s.siteFor(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	kind, err := rating.ParseKind(q.Get("loai"))
	if err != nil {
		return apperr.New(apperr.NotFound, "Không tìm thấy nội dung được đánh giá.")
	}
	id, _ := strconv.ParseInt(q.Get("ma"), 10, 64)
	item, err := s.eng.ratings.Resolve(r.Context(), site.ID, kind, id)
	if err != nil {
		return err
	}
	l, err := s.layout(r.Context(), *site, Layout{Site: *site, Path: "/danh-gia/cam-on", Prefs: prefsFrom(r), Title: "Cảm ơn bạn đã đánh giá"}, "")
	if err != nil {
		return err
	}
	body, err := s.execute(view{"rating-thanks", RatingThanksPage{Layout: l, Counted: q.Get("da") == "", SameNetwork: q.Get("da") == "mang",
		Title: item.Title, BackURL: localPath(item.URL), ItemKind: strings.ToLower(kind.Label())}})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(body)
	return nil
}
