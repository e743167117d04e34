package admin

import (
	"net/http"
	"strings"

	"trangtin/internal/content"
	"trangtin/internal/sitemerge"
)

// Merging from the platform area, /quan-tri/nen-tang/sap-nhap: the form
// (sources, target, category), then sitemerge's Check plan with what each
// site holds, then, confirmed, the merge itself, one transaction a source,
// as `trangtin site merge` does.

// PlatformMergePage is the merge form, its plan or its outcome.
type PlatformMergePage struct {
	Layout
	Form
	From, Into, Category string
	Targets              []Option
	Plan                 []MergePlanRow // the sites and their counts, before confirming
	Already              []string       // sources merged into the target before
	Done                 []MergeDoneRow // after the merge
}

// MergePlanRow is one site of a plan: a source (with the target's
// category it goes under) or the target.
type MergePlanRow struct {
	Key, Name string
	Category  string // "" for the target
	Counts    sitemerge.Counts
}

// MergeDoneRow is one source merged.
type MergeDoneRow struct {
	From, Into, Category string
	Moved                sitemerge.Counts
	Redirects, Renamed   int
	Already              bool
}

var platformMergeFields = []string{"from", "into", "category"}

func (s *Server) platformMergePage(acc *account, sites *platformSites, p PlatformMergePage) PlatformMergePage {
	p.Layout = s.layout(acc, "Sáp nhập trang thông tin", pathPlatform)
	p.Form.Order = platformMergeFields
	p.Targets = sites.siteOptions("Chọn trang tiếp nhận", p.Into, 0, func(st *content.Site) bool { return st.State == content.StateActive })
	return p
}

func (s *Server) platformMergeForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	sites, err := s.loadPlatformSites(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "platform-merge", s.platformMergePage(acc, sites, PlatformMergePage{}))
}

func (s *Server) platformMerge(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	sites, err := s.loadPlatformSites(ctx)
	if err != nil {
		return err
	}
	p := s.platformMergePage(acc, sites, PlatformMergePage{From: formText(r, "from", 2000), Into: formText(r, "into", 100), Category: formText(r, "category", 200)})
	var from []string
	for _, k := range strings.FieldsFunc(p.From, func(c rune) bool { return c == ',' || c == ';' || c == ' ' }) {
		from = append(from, strings.ToLower(k))
	}
	switch {
	case len(from) == 0:
		p.Form.add("from", "Vui lòng nhập mã các trang giải thể (cách nhau bởi dấu phẩy).")
	case len(from) > 200:
		p.Form.add("from", "Mỗi lần sáp nhập nhiều nhất 200 trang.")
	}
	if p.Into == "" {
		p.Form.add("into", "Vui lòng chọn trang tiếp nhận.")
	}
	if !p.Form.OK() {
		return s.render(w, http.StatusUnprocessableEntity, "platform-merge", p)
	}
	req := sitemerge.Request{From: from, Into: p.Into, Category: p.Category, Actor: s.platformActor(r, acc)}
	if r.PostFormValue("xac-nhan") != "1" {
		plans, already, err := s.platform.Merge.Check(ctx, req)
		if err != nil {
			if err := siteFormErr(&p.Form, err); err != nil {
				return err
			}
			return s.render(w, http.StatusUnprocessableEntity, "platform-merge", p)
		}
		p.Already = already
		for _, pl := range plans {
			n, err := s.platform.Merge.Counts(ctx, pl.From.ID)
			if err != nil {
				return err
			}
			p.Plan = append(p.Plan, MergePlanRow{Key: pl.From.Key, Name: pl.From.Name, Category: pl.CategoryName, Counts: n})
		}
		if len(plans) > 0 {
			n, err := s.platform.Merge.Counts(ctx, plans[0].Into.ID)
			if err != nil {
				return err
			}
			p.Plan = append(p.Plan, MergePlanRow{Key: plans[0].Into.Key, Name: plans[0].Into.Name, Counts: n})
		}
		return s.render(w, http.StatusOK, "platform-merge", p)
	}
	out, err := s.platform.Merge.Merge(ctx, req, nil)
	for _, res := range out.Results {
		p.Done = append(p.Done, MergeDoneRow{From: res.From, Into: res.Into, Category: res.Category.Name, Moved: res.Before.From,
			Redirects: res.Redirects, Renamed: len(res.Renamed)})
	}
	for _, k := range out.Already {
		p.Done = append(p.Done, MergeDoneRow{From: k, Into: p.Into, Already: true})
	}
	if rerr := s.sites.Refresh(ctx); rerr != nil {
		s.log.ErrorContext(ctx, "refresh sites", "err", rerr)
	}
	if err != nil {
		if err := siteFormErr(&p.Form, err); err != nil {
			return err
		}
		return s.render(w, http.StatusUnprocessableEntity, "platform-merge", p)
	}
	return s.render(w, http.StatusOK, "platform-merge", p)
}
