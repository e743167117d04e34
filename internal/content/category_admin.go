package content

import (
	"context"
	"slices"
	"strconv"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// wouldCycle reports whether making parentID the parent of c would put c
// under itself (parentID is c or one of its descendants).
func (s *Service) wouldCycle(ctx context.Context, c *Category) (bool, error) {
	if c.ID == 0 || c.ParentID == 0 {
		return false, nil
	}
	cats, err := s.store.FindCategories(ctx, c.SiteID)
	if err != nil {
		return false, err
	}
	parent := map[int64]int64{}
	for _, x := range cats {
		parent[x.ID] = x.ParentID
	}
	id := c.ParentID
	for range len(cats) + 1 { // bounded even if the stored tree already has a cycle
		if id == c.ID {
			return true, nil
		}
		if id == 0 {
			return false, nil
		}
		id = parent[id]
	}
	return true, nil
}

// DeleteCategory removes a category that holds no article and no
// sub-category, with its audit entry a in the same transaction. A category
// with published articles cannot be deleted: hiding it keeps their
// addresses working.
func (s *Service) DeleteCategory(ctx context.Context, siteID, id int64, a *audit.Entry) error {
	c, err := s.store.FindCategoryByID(ctx, siteID, id)
	if err != nil {
		return err
	}
	n, err := s.store.CountArticles(ctx, ArticleFilter{SiteID: siteID, CategoryIDs: []int64{id}, Status: StatusPublished})
	if err != nil {
		return err
	}
	if n > 0 {
		return apperr.Errorf(apperr.Conflict,
			"Chuyên mục “%s” đang có %d bài đã đăng nên không thể xóa: hãy ẩn chuyên mục khỏi thanh điều hướng, các bài vẫn giữ nguyên địa chỉ.", c.Name, n)
	}
	total, err := s.store.CountArticles(ctx, ArticleFilter{SiteID: siteID, CategoryIDs: []int64{id}})
	if err != nil {
		return err
	}
	if total > 0 {
		return apperr.Errorf(apperr.Conflict,
			"Chuyên mục “%s” còn %d bài viết (chưa đăng hoặc đã gỡ) nên không thể xóa: hãy chuyển các bài sang chuyên mục khác, hoặc ẩn chuyên mục.", c.Name, total)
	}
	if err := s.store.DeleteCategory(ctx, siteID, id, a); err != nil {
		if apperr.Is(err, apperr.Conflict) {
			return apperr.Errorf(apperr.Conflict, "Chuyên mục “%s” còn chuyên mục con hoặc bài viết nên không thể xóa.", c.Name)
		}
		return err
	}
	s.changed(siteID)
	return nil
}

// nextPosition is the position after the last child of parent: 0 when
// there is none.
func nextPosition(cats []Category, parent int64) int {
	pos := 0
	for _, x := range cats {
		if x.ParentID == parent {
			pos = max(pos, x.Position+1)
		}
	}
	return pos
}

// AddCategory creates c last among its siblings, with its audit entry a
// (nil: none) in the same transaction.
func (s *Service) AddCategory(ctx context.Context, c *Category, a *audit.Entry) error {
	if c.ID != 0 {
		return apperr.New(apperr.Invalid, "Chuyên mục này đã có.")
	}
	cats, err := s.store.FindCategories(ctx, c.SiteID)
	if err != nil {
		return err
	}
	c.Position = nextPosition(cats, c.ParentID)
	return s.SaveCategory(ctx, c, a)
}

// EditCategory saves the changes to an existing category: moved under
// another parent, it goes last among its new siblings; otherwise it keeps
// its place. The audit entry a (nil: none) is written in the same
// transaction.
func (s *Service) EditCategory(ctx context.Context, c *Category, a *audit.Entry) error {
	old, err := s.store.FindCategoryByID(ctx, c.SiteID, c.ID)
	if err != nil {
		return err
	}
	c.Position = old.Position
	if c.ParentID != old.ParentID {
		cats, err := s.store.FindCategories(ctx, c.SiteID)
		if err != nil {
			return err
		}
		c.Position = nextPosition(cats, c.ParentID)
	}
	return s.SaveCategory(ctx, c, a)
}

// MoveCategory moves category id one place up (by -1) or down (by +1)
// among its siblings, numbering them 1…n and writing only those that
// move. It returns the category's new position, 1-based, and whether it
// moved: the first cannot go up, nor the last down. The audit entry a
// (nil: none) gets the new position in its detail and goes with the first
// write.
func (s *Service) MoveCategory(ctx context.Context, siteID, id int64, by int, a *audit.Entry) (int, bool, error) {
	if by != -1 && by != 1 {
		return 0, false, apperr.New(apperr.Invalid, "Chỉ có thể chuyển chuyên mục lên hoặc xuống một bậc.")
	}
	c, err := s.store.FindCategoryByID(ctx, siteID, id)
	if err != nil {
		return 0, false, err
	}
	cats, err := s.store.FindCategories(ctx, siteID)
	if err != nil {
		return 0, false, err
	}
	tree := NewTree(cats)
	siblings := tree.Roots()
	if _, ok := tree.Find(c.ParentID); ok {
		siblings = tree.Children(c.ParentID)
	}
	i := slices.IndexFunc(siblings, func(x Category) bool { return x.ID == c.ID })
	j := i + by
	if i < 0 || j < 0 || j >= len(siblings) {
		return 0, false, nil
	}
	siblings = slices.Clone(siblings)
	siblings[i], siblings[j] = siblings[j], siblings[i]
	if a != nil {
		if a.Detail == nil {
			a.Detail = map[string]string{}
		}
		a.Detail["position"] = strconv.Itoa(j + 1)
	}
	for k := range siblings {
		if siblings[k].Position != k+1 {
			siblings[k].Position = k + 1
			if err := s.SaveCategory(ctx, &siblings[k], a); err != nil {
				return 0, false, err
			}
			a = nil
		}
	}
	return j + 1, true, nil
}
