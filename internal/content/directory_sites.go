package content

import (
	"cmp"
	"slices"
)

// Sites returns every site the directory holds, in id order. The Sites
// must not be modified.
func (d *Directory) Sites() []*Site {
	t := d.current.Load()
	out := make([]*Site, 0, len(t.byID))
	for _, s := range t.byID {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b *Site) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
