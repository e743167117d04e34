package admin

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/media"
	"trangtin/internal/user"
)

// A site administrator's two pages about what the site is: its modules
// (/quan-tri/chuc-nang: Hỏi đáp, Góp ý dự thảo, Văn bản, Lịch công tác,
// Đánh giá switched on and off) and its identity (/quan-tri/nhan-dien:
// logo, banner image, favicon from the media library or uploaded there,
// and the two colours, refused below WCAG AA contrast with the ratio
// named and what was typed kept). Both are forms of the furniture
// template; the public site picks a change up at once (the site's version
// moves).

const (
	pathModules  = "/quan-tri/chuc-nang"
	pathIdentity = "/quan-tri/nhan-dien"
)

// identityImages are the identity's images: form field, label, the
// description a newly uploaded one gets in the library, and where each
// goes in the Identity.
var identityImages = []struct {
	field, label, upload, hint, alt string
	of                              func(*content.Identity) *content.IdentityImage
}{
	{"logo", "Biểu trưng (logo)", "Hoặc tải lên biểu trưng mới", "Thay quốc huy ở đầu trang, hiện cạnh tên trang; nên là ảnh PNG vuông, nền trong suốt.", "Biểu trưng của trang",
		func(id *content.Identity) *content.IdentityImage { return &id.Logo }},
	{"banner", "Ảnh đầu trang (banner)", "Hoặc tải lên ảnh đầu trang mới", "Thay cả phần đầu trang (biểu trưng, tên trang và dòng chào mừng vẫn được đọc cho người dùng trình đọc màn hình); nên rộng ít nhất 1600 điểm ảnh.", "Ảnh đầu trang",
		func(id *content.Identity) *content.IdentityImage { return &id.Banner }},
	{"favicon", "Biểu tượng trên thẻ trình duyệt (favicon)", "Hoặc tải lên biểu tượng mới", "Ảnh vuông nhỏ, ví dụ 64 × 64 điểm ảnh.", "Biểu tượng của trang",
		func(id *content.Identity) *content.IdentityImage { return &id.Favicon }},
}

func (s *Server) registerIdentity(mux *http.ServeMux) {
	if s.furn == nil || s.content == nil {
		return
	}
	p := &furniturePages{s: s}
	for _, r := range []struct {
		k    *furnitureKind
		post func(http.ResponseWriter, *http.Request, *account, *furnitureKind) error
	}{{p.modulesKind(), p.post}, {p.identityKind(), p.identityPost}} {
		k := r.k
		page := func(pattern string, h func(http.ResponseWriter, *http.Request, *account, *furnitureKind) error) {
			s.adminPage(mux, pattern, k.action, func(w http.ResponseWriter, r *http.Request, acc *account) error { return h(w, r, acc, k) })
		}
		page("GET "+k.path, p.show)
		page("POST "+k.path, r.post)
	}
}

func (p *furniturePages) modulesKind() *furnitureKind {
	f := p.s.furn
	return &furnitureKind{
		path: pathModules, action: user.ActionSiteSettings, label: "Chức năng", object: "modules", single: true,
		intro: "Bật hoặc tắt các chức năng của trang. Chức năng bị tắt không còn trên trang công khai (địa chỉ của nó báo không tìm thấy), trong menu và sơ đồ trang; dữ liệu vẫn được giữ nguyên và hiện lại khi bật.",
		values: func(ctx context.Context, siteID, _ int64) (url.Values, error) {
			sw, err := f.ModuleSwitches(ctx, siteID)
			if err != nil {
				return nil, err
			}
			v := url.Values{}
			for _, m := range content.Modules {
				if sw.On(m.Module) {
					v.Set(string(m.Module), "1")
				}
			}
			return v, nil
		},
		fields: func(_ context.Context, _ int64, v url.Values) ([]Field, error) {
			var fields []Field
			for _, m := range content.Modules {
				fields = append(fields, Field{Type: "checkbox", Name: string(m.Module), Label: m.Label, Hint: m.Description, Checked: v.Get(string(m.Module)) == "1"})
			}
			return fields, nil
		},
		save: func(ctx context.Context, siteID, _ int64, v url.Values, e *audit.Entry) error {
			var on []content.Module
			for _, m := range content.Modules {
				if v.Get(string(m.Module)) == "1" {
					on = append(on, m.Module)
				}
			}
			return f.SaveModules(ctx, siteID, on, e)
		},
	}
}

func (p *furniturePages) identityKind() *furnitureKind {
	f := p.s.furn
	return &furnitureKind{
		path: pathIdentity, action: user.ActionSiteSettings, label: "Nhận diện", object: "identity", single: true, public: "/",
		intro: "Biểu trưng, ảnh đầu trang, biểu tượng và màu sắc riêng của trang. Các trang vẫn dùng chung một mẫu giao diện; để trống một mục để dùng mặc định (quốc huy, nền đỏ). Ảnh được lưu trong thư viện ảnh của trang.",
		values: func(ctx context.Context, siteID, _ int64) (url.Values, error) {
			id, err := f.Identity(ctx, siteID)
			if err != nil {
				return nil, err
			}
			v := url.Values{"primary": {id.Primary}, "accent": {id.Accent}}
			for _, im := range identityImages {
				if img := im.of(&id); img.Set() {
					v.Set(im.field, itoa(img.MediaID))
				}
			}
			return v, nil
		},
		fields: func(ctx context.Context, siteID int64, v url.Values) ([]Field, error) {
			var fields []Field
			for _, im := range identityImages {
				opts, err := p.imageOptions(ctx, siteID, v.Get(im.field))
				if err != nil {
					return nil, err
				}
				opts[0].Label = "(Không dùng: mặc định)"
				fields = append(fields,
					Field{Type: "select", Name: im.field, Label: im.label, Hint: im.hint, Options: opts},
					Field{Type: "file", Name: im.field + "_file", Label: im.upload,
						Hint: "Ảnh JPEG hoặc PNG, tối đa " + sizeText(p.s.limits().MaxImageBytes) + "; ảnh được thêm vào thư viện ảnh."})
			}
			return append(fields,
				Field{Type: "text", Name: "primary", Label: "Màu chủ đạo", Value: v.Get("primary"),
					Hint: "Nền đầu trang và menu, chữ trắng trên nền. Mã màu dạng #RRGGBB, ví dụ #a50e0e (mặc định); cần tương phản với chữ trắng ít nhất 4,5:1."},
				Field{Type: "text", Name: "accent", Label: "Màu nhấn", Value: v.Get("accent"),
					Hint: "Đường kẻ dưới menu và nền của mục menu đang xem, chữ đen trên nền. Mã màu dạng #RRGGBB, ví dụ #d4a017 (mặc định); cần tương phản với chữ đen ít nhất 4,5:1."},
			), nil
		},
		save: func(ctx context.Context, siteID, _ int64, v url.Values, e *audit.Entry) error {
			id := content.Identity{Primary: v.Get("primary"), Accent: v.Get("accent")}
			fe := map[string]string{}
			for _, im := range identityImages {
				img, err := p.identityImage(ctx, siteID, v.Get(im.field))
				if apperr.Is(err, apperr.Invalid) {
					fe[im.field] = apperr.MessageOf(err)
					continue
				}
				if err != nil {
					return err
				}
				*im.of(&id) = img
			}
			if len(fe) == 0 {
				return f.SaveIdentity(ctx, siteID, &id, e)
			}
			// Every problem at once: the images' and the colours'.
			var ae *apperr.Error
			if err := content.CheckIdentity(&id); errors.As(err, &ae) {
				for k, m := range ae.Fields {
					fe[k] = m
				}
			}
			return invalid(fe)
		},
	}
}

// identityImage snapshots the library photo value ("" or "0": none).
func (p *furniturePages) identityImage(ctx context.Context, siteID int64, value string) (content.IdentityImage, error) {
	id, _, err := p.imageURL(ctx, siteID, value, "image")
	if err != nil || id == 0 {
		return content.IdentityImage{}, err
	}
	it, err := p.s.media.Find(ctx, siteID, id)
	if err != nil {
		return content.IdentityImage{}, err
	}
	img := content.IdentityImage{MediaID: it.ID, Src: it.URL(), Srcset: it.Srcset(), Width: it.Width, Height: it.Height}
	if len(it.Variants) > 0 {
		img.Small = media.ImageURL(it.Variants[0].Key)
	}
	return img, nil
}

// identityPost saves the identity form: the photos sent are added to the
// library first and picked, so a refused colour never loses them, and the
// form comes back with everything as typed and every problem named.
func (p *furniturePages) identityPost(w http.ResponseWriter, r *http.Request, acc *account, k *furnitureKind) error {
	ctx := r.Context()
	fe := map[string]string{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := p.readIdentityPhotos(w, r, acc, fe); err != nil {
			return err
		}
	} else if err := parseForm(w, r); err != nil {
		return err
	}
	err := invalid(fe)
	if len(fe) == 0 {
		err = k.save(ctx, acc.Site.ID, 0, r.PostForm, p.s.auditEntry(r, acc, "identity.update", "", nil))
	}
	var ae *apperr.Error
	if apperr.Is(err, apperr.Invalid) && errors.As(err, &ae) {
		form := Form{Errors: map[string]string{}}
		for f, msg := range ae.Fields {
			form.Errors[f] = msg
		}
		if len(form.Errors) == 0 {
			form.Alert = ae.Message
		}
		pg, perr := p.page(ctx, acc, k, 0, r.PostForm, form)
		if perr != nil {
			return perr
		}
		return p.s.render(w, http.StatusUnprocessableEntity, "furniture", pg)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, k.path+"?da-luu", http.StatusSeeOther)
	return nil
}

// readIdentityPhotos reads the multipart identity form (at most one
// photo upload's size in all) and adds each photo sent to the library,
// picking it in the form; a refused photo is a problem of its field.
func (p *furniturePages) readIdentityPhotos(w http.ResponseWriter, r *http.Request, acc *account, fe map[string]string) error {
	s := p.s
	if err := s.parsePhotoForm(w, r); err != nil {
		return err
	}
	for _, im := range identityImages {
		field := im.field + "_file"
		file, hdr, err := r.FormFile(field)
		if errors.Is(err, http.ErrMissingFile) || err == nil && hdr.Size == 0 {
			continue
		}
		if err != nil {
			return apperr.Wrap(apperr.Invalid, msgBadUpload, err)
		}
		if s.media == nil {
			file.Close()
			fe[field] = msgMediaOff
			continue
		}
		it, err := s.media.UploadImage(r.Context(), acc.Site.ID, acc.User.ID, file, im.alt, s.uploadAudit(r, acc, hdr.Filename))
		file.Close()
		if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.TooLarge) {
			fe[field] = apperr.MessageOf(err)
			continue
		}
		if err != nil {
			return err
		}
		r.PostForm.Set(im.field, itoa(it.ID))
	}
	return nil
}

// previewLook is web.SiteLook for the article preview, which renders the
// public templates: the site's identity as the public pages show it.
type previewLook struct {
	ThemeURL, Logo, Favicon string
	Banner                  content.IdentityImage
}

func (s *Server) previewLook(siteID int64) *previewLook {
	id := s.sites.Identity(siteID)
	_, hash := s.sites.Stylesheet(siteID)
	if hash == "" && !id.Logo.Set() && !id.Favicon.Set() {
		return nil
	}
	l := &previewLook{Banner: id.Banner}
	if hash != "" {
		l.ThemeURL = "/giao-dien/" + hash + ".css"
	}
	if id.Logo.Set() {
		l.Logo = cmpOr(id.Logo.Small, id.Logo.Src)
	}
	if id.Favicon.Set() {
		l.Favicon = cmpOr(id.Favicon.Small, id.Favicon.Src)
	}
	return l
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
