package admin

import (
	"net/http"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/user"
	"trangtin/internal/vi"
)

// The category tree, /quan-tri/chuyen-muc.
//
//	GET  /quan-tri/chuyen-muc              the tree, with move up/down and delete
//	GET  /quan-tri/chuyen-muc/moi          new category form
//	POST /quan-tri/chuyen-muc/moi          create
//	GET  /quan-tri/chuyen-muc/{id}         edit: rename, move under another parent, hide
//	POST /quan-tri/chuyen-muc/{id}         save
//	POST /quan-tri/chuyen-muc/{id}/{op}    len, xuong (reorder among siblings), xoa (delete)
//
// A category's address (slug) is chosen when it is created and never
// changes afterwards: renaming keeps it, so links to the category and
// bookmarks keep working. A category with published articles cannot be
// deleted; it is hidden from the navigation instead.

func (s *Server) registerCategories(mux *http.ServeMux) {
	a := user.ActionCategoryManage
	s.adminPage(mux, "GET "+pathCategory, a, s.categoryList)
	s.adminPage(mux, "GET "+pathCategory+"/{$}", a, s.categoryList)
	s.adminPage(mux, "GET "+pathCategory+"/moi", a, s.categoryNewForm)
	s.adminPage(mux, "POST "+pathCategory+"/moi", a, s.categorySave)
	s.adminPage(mux, "GET "+pathCategory+"/{id}", a, s.categoryEditForm)
	s.adminPage(mux, "POST "+pathCategory+"/{id}", a, s.categorySave)
	s.adminPage(mux, "POST "+pathCategory+"/{id}/{op}", a, s.categoryOp)
}

func categoryAdminURL(id int64) string { return pathCategory + "/" + strconv.FormatInt(id, 10) }

var categoryFields = []string{"name", "slug", "parent"}

func (s *Server) categoryList(w http.ResponseWriter, r *http.Request, acc *account) error {
	cats, err := s.content.Store().FindCategories(r.Context(), acc.Site.ID)
	if err != nil {
		return err
	}
	tree := content.NewTree(cats)
	p := CategoryListPage{Layout: s.layout(acc, "Chuyên mục", pathCategory)}
	switch r.URL.Query().Get("xong") {
	case "luu":
		p.Notice = "Đã lưu chuyên mục."
	case "xoa":
		p.Notice = "Đã xóa chuyên mục."
	case "sap-xep":
		p.Notice = "Đã đổi thứ tự."
	}
	var walk func(list []content.Category, depth int)
	walk = func(list []content.Category, depth int) {
		for i, c := range list {
			if depth > 20 {
				return
			}
			p.Rows = append(p.Rows, CategoryRow{ID: c.ID, Name: c.Name, Slug: c.Slug, Hidden: c.Hidden, Depth: depth,
				Indent: strings.Repeat("— ", depth), URL: categoryAdminURL(c.ID), PublicURL: content.CategoryPath(c.Slug),
				First: i == 0, Last: i == len(list)-1})
			walk(tree.Children(c.ID), depth+1)
		}
	}
	walk(tree.Roots(), 0)
	return s.render(w, http.StatusOK, "categories", p)
}

// categoryForm builds the form page for c, listing the possible parents:
// every category but c and its descendants.
func (s *Server) categoryForm(r *http.Request, acc *account, c content.Category) (CategoryPage, error) {
	cats, err := s.content.Store().FindCategories(r.Context(), acc.Site.ID)
	if err != nil {
		return CategoryPage{}, err
	}
	title := "Thêm chuyên mục"
	action := pathCategory + "/moi"
	if c.ID != 0 {
		title, action = "Sửa chuyên mục", categoryAdminURL(c.ID)
	}
	p := CategoryPage{Layout: s.layout(acc, title, pathCategory), Heading: title, Action: action, New: c.ID == 0,
		Name: c.Name, Slug: c.Slug, Hidden: c.Hidden}
	p.Form.Order = categoryFields
	exclude := map[int64]bool{}
	if c.ID != 0 {
		for _, id := range content.NewTree(cats).Subtree(c.ID) {
			exclude[id] = true
		}
	}
	p.Parents = []Option{{Value: "0", Label: "(Chuyên mục gốc)", Selected: c.ParentID == 0}}
	for _, o := range categoryOptions(cats, c.ParentID) {
		if id, _ := strconv.ParseInt(o.Value, 10, 64); !exclude[id] {
			p.Parents = append(p.Parents, o)
		}
	}
	if c.ID != 0 {
		p.PublicURL = content.CategoryPath(c.Slug)
	}
	return p, nil
}

func (s *Server) categoryNewForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	p, err := s.categoryForm(r, acc, content.Category{SiteID: acc.Site.ID})
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "category", p)
}

func (s *Server) findCategory(r *http.Request, acc *account) (content.Category, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return content.Category{}, apperr.New(apperr.NotFound, "Không tìm thấy chuyên mục.")
	}
	return s.content.Store().FindCategoryByID(r.Context(), acc.Site.ID, id)
}

func (s *Server) categoryEditForm(w http.ResponseWriter, r *http.Request, acc *account) error {
	c, err := s.findCategory(r, acc)
	if err != nil {
		return err
	}
	p, err := s.categoryForm(r, acc, c)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "category", p)
}

func (s *Server) categorySave(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	isNew := r.PathValue("id") == ""
	old := content.Category{SiteID: acc.Site.ID}
	if !isNew {
		var err error
		if old, err = s.findCategory(r, acc); err != nil {
			return err
		}
	}
	c := categoryFromForm(r, old, isNew)
	if c.ParentID < 0 {
		f := Form{Order: categoryFields}
		f.add("parent", "Vui lòng chọn chuyên mục cha trong danh sách.")
		return s.categoryRetry(w, r, acc, old, c, isNew, f)
	}
	// A new category goes last among its siblings, and so does one moved
	// under another parent.
	save := s.content.EditCategory
	if isNew {
		save = s.content.AddCategory
	}
	if c.Slug == "" {
		c.Slug = vi.Slug(c.Name) // as SaveCategory would, so the audit entry names it
	}
	action, detail := categoryChange(old, c, isNew)
	if err := save(r.Context(), &c, s.auditEntry(r, acc, action, "", detail)); err != nil {
		f := Form{Order: categoryFields}
		if apperr.Is(err, apperr.Conflict) {
			f.add("slug", "Đã có chuyên mục dùng đường dẫn này. Vui lòng chọn đường dẫn khác.")
			return s.categoryRetry(w, r, acc, old, c, isNew, f)
		}
		if err := formErr(&f, err); err != nil {
			return err
		}
		return s.categoryRetry(w, r, acc, old, c, isNew, f)
	}
	http.Redirect(w, r, pathCategory+"?xong=luu", http.StatusSeeOther)
	return nil
}

// categoryFromForm is old with the posted fields: the slug only for a new
// category, the parent -1 when it is not a number.
func categoryFromForm(r *http.Request, old content.Category, isNew bool) content.Category {
	c := old
	c.Name = clip(r.PostFormValue("name"), content.MaxName+10)
	if isNew {
		c.Slug = strings.TrimSpace(clip(r.PostFormValue("slug"), 200))
	}
	c.Hidden = r.PostFormValue("hidden") == "1"
	parent, err := strconv.ParseInt(r.PostFormValue("parent"), 10, 64)
	if err != nil || parent < 0 {
		parent = -1
	}
	c.ParentID = parent
	return c
}

// categoryRetry shows the form of old again with what was typed (c) and
// the problems f names.
func (s *Server) categoryRetry(w http.ResponseWriter, r *http.Request, acc *account, old, c content.Category, isNew bool, f Form) error {
	p, err := s.categoryForm(r, acc, old)
	if err != nil {
		return err
	}
	p.Name, p.Hidden, p.Form = c.Name, c.Hidden, f
	p.Form.Order = categoryFields
	if isNew {
		p.Slug = c.Slug
	}
	for i := range p.Parents {
		p.Parents[i].Selected = p.Parents[i].Value == strconv.FormatInt(c.ParentID, 10)
	}
	return s.render(w, http.StatusUnprocessableEntity, "category", p)
}

// categoryChange is the audit action and detail of saving c over old.
func categoryChange(old, c content.Category, isNew bool) (string, map[string]string) {
	detail := map[string]string{"name": c.Name, "slug": c.Slug}
	action := "category.create"
	if !isNew {
		action = "category.update"
		if old.Name != c.Name {
			detail["old_name"] = old.Name
		}
		if old.ParentID != c.ParentID {
			detail["parent"] = strconv.FormatInt(c.ParentID, 10)
			detail["old_parent"] = strconv.FormatInt(old.ParentID, 10)
		}
	}
	if old.Hidden != c.Hidden || isNew {
		detail["hidden"] = strconv.FormatBool(c.Hidden)
	}
	return action, detail
}

// categoryOp moves a category up or down among its siblings, or deletes it.
func (s *Server) categoryOp(w http.ResponseWriter, r *http.Request, acc *account) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx := r.Context()
	c, err := s.findCategory(r, acc)
	if err != nil {
		return err
	}
	object := "category:" + strconv.FormatInt(c.ID, 10)
	switch op := r.PathValue("op"); op {
	case "xoa":
		if err := s.content.DeleteCategory(ctx, acc.Site.ID, c.ID,
			s.auditEntry(r, acc, "category.delete", object, map[string]string{"name": c.Name, "slug": c.Slug})); err != nil {
			return err
		}
		http.Redirect(w, r, pathCategory+"?xong=xoa", http.StatusSeeOther)
		return nil
	case "len", "xuong":
		by := -1
		if op == "xuong" {
			by = 1
		}
		_, moved, err := s.content.MoveCategory(ctx, acc.Site.ID, c.ID, by,
			s.auditEntry(r, acc, "category.reorder", object, map[string]string{"name": c.Name}))
		if err != nil {
			return err
		}
		if !moved {
			http.Redirect(w, r, pathCategory, http.StatusSeeOther)
			return nil
		}
		http.Redirect(w, r, pathCategory+"?xong=sap-xep", http.StatusSeeOther)
		return nil
	}
	return apperr.New(apperr.NotFound, "Không tìm thấy thao tác này.")
}

// CategoryRow is a category in the tree.
type CategoryRow struct {
	ID                 int64
	Name, Slug, Indent string
	Depth              int
	Hidden             bool
	URL, PublicURL     string
	First, Last        bool // among its siblings: no "up" or "down" button
}

// CategoryListPage is /quan-tri/chuyen-muc.
type CategoryListPage struct {
	Layout
	Notice string
	Rows   []CategoryRow
}

// CategoryPage is the form of a new or an existing category.
type CategoryPage struct {
	Layout
	Form
	Heading, Action string
	New             bool
	Name, Slug      string
	PublicURL       string
	Hidden          bool
	Parents         []Option
}
