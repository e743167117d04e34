package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"trangtin/internal/httpx"
)

// Prefs are a visitor's display choices (text size, contrast), kept in a
// cookie and applied by a class on <html>, so they work without JavaScript.
type Prefs struct {
	Size         string // "nho", "" (normal) or "lon"
	HighContrast bool
}

const prefsCookie = "hien-thi"

func prefsFrom(r *http.Request) Prefs {
	c, err := r.Cookie(prefsCookie)
	if err != nil {
		return Prefs{}
	}
	var p Prefs
	for part := range strings.SplitSeq(c.Value, ".") {
		switch part {
		case "nho", "lon":
			p.Size = part
		case "cao":
			p.HighContrast = true
		}
	}
	return p
}

// value is the cookie value, and also the cache variant: "" for defaults.
func (p Prefs) value() string {
	v := p.Size
	if p.HighContrast {
		if v != "" {
			v += "."
		}
		v += "cao"
	}
	return v
}

// Class is the class attribute of <html>.
func (p Prefs) Class() string {
	var cls []string
	if p.Size != "" {
		cls = append(cls, "co-chu-"+p.Size)
	}
	if p.HighContrast {
		cls = append(cls, "tuong-phan-cao")
	}
	return strings.Join(cls, " ")
}

// SizeLink is one of the A- / A / A+ links.
type SizeLink struct {
	Text, Label, URL, Class string
	Current                 bool
}

// SizeLinks returns the text-size links for the page at path.
func (p Prefs) SizeLinks(path string) []SizeLink {
	back := url.QueryEscape(path)
	return []SizeLink{
		{Text: "A-", Label: "Chữ nhỏ", URL: "/hien-thi?co-chu=nho&ve=" + back, Class: "size-small", Current: p.Size == "nho"},
		{Text: "A", Label: "Chữ vừa", URL: "/hien-thi?co-chu=vua&ve=" + back, Current: p.Size == ""},
		{Text: "A+", Label: "Chữ lớn", URL: "/hien-thi?co-chu=lon&ve=" + back, Class: "size-large", Current: p.Size == "lon"},
	}
}

// ContrastURL toggles high contrast and comes back to path.
func (p Prefs) ContrastURL(path string) string {
	to := "cao"
	if p.HighContrast {
		to = "thuong"
	}
	return "/hien-thi?tuong-phan=" + to + "&ve=" + url.QueryEscape(path)
}

// localPath returns s when it is a path on this site, else "/": the
// redirect after a preference change must not lead off the site.
func localPath(s string) string {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "/\\") || strings.ContainsAny(s, "\r\n") {
		return "/"
	}
	return s
}

// handlePrefs stores a display choice and sends the visitor back.
func (s *Server) handlePrefs(w http.ResponseWriter, r *http.Request) {
	p := prefsFrom(r)
	q := r.URL.Query()
	switch q.Get("co-chu") {
	case "nho":
		p.Size = "nho"
	case "lon":
		p.Size = "lon"
	case "vua":
		p.Size = ""
	}
	switch q.Get("tuong-phan") {
	case "cao":
		p.HighContrast = true
	case "thuong":
		p.HighContrast = false
	}
	c := &http.Cookie{Name: prefsCookie, Value: p.value(), Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: httpx.IsHTTPS(r)}
	if c.Value == "" {
		c.MaxAge = -1
	} else {
		c.Expires = time.Now().AddDate(1, 0, 0)
	}
	http.SetCookie(w, c)
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, localPath(q.Get("ve")), http.StatusSeeOther)
}
