package content

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/search"
)

// The portal's optional modules, switched on and off per site by its
// administrator. A site created from a kit (site_kit.go) starts with the
// modules its kind uses; a site that never saved its switches (every site
// made before them, the demo) has every module on. A switched-off module
// answers 404 on that site and leaves its menus and sitemaps; its records
// stay, and switching it on again shows them as they were.

// Module names an optional module by its public address's first segment.
type Module string

const (
	ModuleDocuments     Module = "van-ban"
	ModuleQuestions     Module = "hoi-dap"
	ModuleConsultations Module = "gop-y-du-thao"
	ModuleSchedule      Module = "lich-cong-tac"
	ModuleRatings       Module = "danh-gia"
	// ModuleViews shows each article's view count on its public page; it
	// has no address of its own (the views are counted either way, for
	// the admin's list and the monthly report).
	ModuleViews Module = "luot-xem"
)

// ModuleInfo describes a module: its name, what it does, and the
// addresses it answers on (public and API), which a switched-off module
// gives up.
type ModuleInfo struct {
	Module
	Label       string
	Description string
	Paths       []string // path prefixes of its public addresses
	APIPaths    []string // path prefixes of its API addresses
}

// Modules are the optional modules, in the order the admin page lists them.
var Modules = []ModuleInfo{
	{ModuleQuestions, "Hỏi đáp", "Người dân gửi câu hỏi, cơ quan trả lời trong 15 ngày làm việc và công khai câu trả lời.",
		[]string{"/hoi-dap"}, []string{"/api/v1/questions"}},
	{ModuleConsultations, "Góp ý dự thảo", "Đăng dự thảo văn bản để lấy ý kiến nhân dân và công khai bản tổng hợp.",
		[]string{"/gop-y-du-thao"}, []string{"/api/v1/consultations"}},
	{ModuleDocuments, "Văn bản", "Cơ sở dữ liệu văn bản: quy phạm pháp luật, chỉ đạo, điều hành, có tệp đính kèm.",
		[]string{"/van-ban"}, []string{"/api/v1/documents"}},
	{ModuleSchedule, "Lịch công tác", "Lịch làm việc hằng tuần của lãnh đạo.",
		[]string{"/lich-cong-tac"}, []string{"/api/v1/schedule"}},
	{ModuleRatings, "Đánh giá", "Người đọc đánh giá mức độ hài lòng với bài viết và văn bản.",
		[]string{"/danh-gia"}, []string{"/api/v1/ratings"}},
	{ModuleViews, "Lượt xem bài viết", "Hiện số lượt xem dưới tiêu đề mỗi bài viết. Khi tắt, lượt xem vẫn được đếm (không lưu thông tin cá nhân) cho danh sách bài trong trang quản trị và báo cáo tháng.",
		nil, nil},
}

// KeyModules is the setting holding a site's module switches.
const KeyModules = "modules"

// ModuleSwitches are a site's switches: the modules switched off. The
// zero value has every module on.
type ModuleSwitches struct {
	Off []Module `json:"off"`
}

// On reports whether m is switched on.
func (s ModuleSwitches) On(m Module) bool { return !slices.Contains(s.Off, m) }

// ModuleOf returns the module whose public or API address path is, if any.
func ModuleOf(path string) (Module, bool) {
	for _, mi := range Modules {
		for _, p := range append(mi.Paths[:len(mi.Paths):len(mi.Paths)], mi.APIPaths...) {
			if path == p || strings.HasPrefix(path, p) && path[len(p)] == '/' {
				return mi.Module, true
			}
		}
	}
	return "", false
}

// PathOn reports whether the address path (public or API, a query
// allowed) is served under s: true unless it is a switched-off module's.
func (s ModuleSwitches) PathOn(path string) bool {
	if len(s.Off) == 0 {
		return true
	}
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	m, ok := ModuleOf(path)
	return !ok || s.On(m)
}

// switchesOn are the switches of a site whose modules on are on.
func switchesOn(on []Module) ModuleSwitches {
	var s ModuleSwitches
	for _, mi := range Modules {
		if !slices.Contains(on, mi.Module) {
			s.Off = append(s.Off, mi.Module)
		}
	}
	return s
}

// ModuleSwitches returns the site's switches.
func (f *Furniture) ModuleSwitches(ctx context.Context, siteID int64) (ModuleSwitches, error) {
	var s ModuleSwitches
	_, err := f.load(ctx, siteID, KeyModules, &s)
	return s, err
}

// SaveModules switches on exactly the modules on, the others off; the
// audit entry e (may be nil) names the change.
func (f *Furniture) SaveModules(ctx context.Context, siteID int64, on []Module, e *audit.Entry) error {
	for _, m := range on {
		if !slices.ContainsFunc(Modules, func(mi ModuleInfo) bool { return mi.Module == m }) {
			return apperr.New(apperr.Invalid, fmt.Sprintf("Không có chức năng %q.", m))
		}
	}
	s := switchesOn(on)
	if e != nil {
		named(e, "modules", 0)
		e.Detail = map[string]string{"on": joinModules(on), "off": joinModules(s.Off)}
	}
	return update(ctx, f, siteID, KeyModules, e, func(v *ModuleSwitches) error { *v = s; return nil })
}

func joinModules(ms []Module) string {
	var parts []string
	for _, mi := range Modules {
		if slices.Contains(ms, mi.Module) {
			parts = append(parts, string(mi.Module))
		}
	}
	return strings.Join(parts, ",")
}

// searchModules are the search kinds that belong to a module a site can
// switch off.
var searchModules = []struct {
	kind   string
	module Module
}{{search.KindDocument, ModuleDocuments}, {search.KindQuestion, ModuleQuestions}}

// HiddenKinds lists, per search kind, the sites of scope whose module of
// that kind is switched off (search.Filter.Hidden): a search never leads to
// a switched-off module, on the site searched or on any other site of the
// province view. Nil when every module of scope is on.
func (d *Directory) HiddenKinds(scope []*Site) map[string][]int64 {
	var hidden map[string][]int64
	for _, site := range scope {
		sw := d.Modules(site.ID)
		for _, k := range searchModules {
			if !sw.On(k.module) {
				if hidden == nil {
					hidden = map[string][]int64{}
				}
				hidden[k.kind] = append(hidden[k.kind], site.ID)
			}
		}
	}
	return hidden
}
