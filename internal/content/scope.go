package content

import (
	"fmt"

	"trangtin/internal/apperr"
)

// Family is site and every site below it (its children, theirs, …),
// site first, each level in the order the sites were created; a site
// merged into another is left out (its content has moved). The Sites
// must not be modified.
func (d *Directory) Family(site *Site) []*Site {
	t := d.current.Load()
	out := []*Site{site}
	seen := map[int64]bool{site.ID: true}
	for i := 0; i < len(out); i++ {
		for _, c := range t.below[out[i].ID] {
			if !seen[c.ID] && c.State != StateMerged {
				seen[c.ID] = true
				out = append(out, c)
			}
		}
	}
	return out
}

// SearchScope is the sites a search asked on site covers: site alone, or
// with wide (the province view, pham-vi=toan-tinh) its whole Family; unit
// (a site key, "" for all) narrows the wide scope to one of them.
func (d *Directory) SearchScope(site *Site, wide bool, unit string) ([]*Site, error) {
	if !wide {
		if unit != "" && unit != site.Key {
			return nil, apperr.New(apperr.Invalid, "Chỉ chọn được đơn vị khi tìm trên toàn tỉnh.")
		}
		return []*Site{site}, nil
	}
	fam := d.Family(site)
	if unit == "" {
		return fam, nil
	}
	for _, s := range fam {
		if s.Key == unit {
			return []*Site{s}, nil
		}
	}
	return nil, apperr.New(apperr.Invalid, fmt.Sprintf("Không có đơn vị %q trong phạm vi tìm kiếm này.", unit))
}
