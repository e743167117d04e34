package web

import (
	"bytes"
	"context"
	"errors"
	"html/template"
	"slices"

	"trangtin/internal/content"
)

// columnReads are the right column of a site as rendered for the stamp
// of what it shows: every uncached page of the site shows the same
// column, so it is built and rendered once per change rather than once
// per page. Only the visit counter's block is rendered with each page.
type columnReads struct {
	stamp int64
	parts []ColumnPart // shared: read only
	links bool         // the column shows the banner links
}

// column returns the right column's parts for l: those rendered for the
// current stamp, or new ones. It moves the visit counter's figures and
// the banner links into the column when it shows them.
func (s *Server) column(ctx context.Context, site *content.Site, l *Layout) ([]ColumnPart, error) {
	bd := defaultDeps
	if s.furn != nil {
		f, err := s.layoutFurniture(ctx, *site)
		if err != nil {
			return nil, err
		}
		bd = f.deps
	}
	stamp := s.pageStamp(site, bd.side, 0)
	c, ok := s.columnCache.Load(site.ID)
	if !ok || c.(*columnReads).stamp != stamp {
		built, err := s.renderColumn(ctx, site, l, stamp)
		if err != nil {
			return nil, err
		}
		s.columnCache.Store(site.ID, built)
		c = built
	}
	cr := c.(*columnReads)
	if cr.links {
		l.LinksShown = true
	}
	out := cr.parts
	for i, p := range cr.parts {
		if p.Section == nil {
			continue
		}
		// The visit counter: shown here rather than in the footer.
		out = slices.Clone(cr.parts)
		if l.Visits == nil {
			out = slices.Delete(out, i, i+1)
			break
		}
		sec := *p.Section
		sec.Visits, l.Visits = l.Visits, nil
		out[i].Section = &sec
		break
	}
	return out, nil
}

// renderColumn builds the right column's sections and renders them,
// leaving the visit counter's block to each page.
func (s *Server) renderColumn(ctx context.Context, site *content.Site, l *Layout, stamp int64) (*columnReads, error) {
	var tmp Layout = *l
	tmp.Visits = &VisitFigures{} // a placeholder: the figures are the page's
	secs, err := s.sections(ctx, *site, &tmp, content.ColumnSide)
	if err != nil {
		return nil, err
	}
	t, ok := s.ui.Page("home")
	if !ok {
		return nil, errors.New("web: no home template to render the column with")
	}
	c := &columnReads{stamp: stamp}
	var buf bytes.Buffer
	flush := func() {
		if buf.Len() > 0 {
			c.parts = append(c.parts, ColumnPart{HTML: template.HTML(buf.String())})
			buf.Reset()
		}
	}
	visits := false
	for i := range secs {
		sec := &secs[i]
		if sec.Kind == "visits" {
			if !visits { // one counter: the page has one set of figures
				flush()
				c.parts = append(c.parts, ColumnPart{Section: sec})
				visits = true
			}
			continue
		}
		if sec.Kind == "links" {
			if len(l.Links) == 0 {
				continue
			}
			c.links = true
		}
		if err := t.ExecuteTemplate(&buf, "block", sec); err != nil {
			return nil, err
		}
	}
	flush()
	return c, nil
}
