package content

import (
	"context"

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
			"Chuyên mục “%s” đang có %d bài đã đăng nên không thể xoá: hãy ẩn chuyên mục khỏi thanh điều hướng, các bài vẫn giữ nguyên địa chỉ.", c.Name, n)
	}
	total, err := s.store.CountArticles(ctx, ArticleFilter{SiteID: siteID, CategoryIDs: []int64{id}})
	if err != nil {
		return err
	}
	if total > 0 {
		return apperr.Errorf(apperr.Conflict,
			"Chuyên mục “%s” còn %d bài viết (chưa đăng hoặc đã gỡ) nên không thể xoá: hãy chuyển các bài sang chuyên mục khác, hoặc ẩn chuyên mục.", c.Name, total)
	}
	if err := s.store.DeleteCategory(ctx, siteID, id, a); err != nil {
		if apperr.Is(err, apperr.Conflict) {
			return apperr.Errorf(apperr.Conflict, "Chuyên mục “%s” còn chuyên mục con hoặc bài viết nên không thể xoá.", c.Name)
		}
		return err
	}
	s.changed(siteID)
	return nil
}
