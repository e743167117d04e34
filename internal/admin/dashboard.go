package admin

import (
	"net/http"

	"trangtin/internal/content"
	"trangtin/internal/user"
)

// section is a part of the area, listed in the navigation for the users
// who may use it. Later slices replace the placeholder page of each.
type section struct {
	path        string
	label       string
	description string
	action      user.Action // what the user must be allowed to do on the site
}

// navGroup is a group of the area's menu: its label and its sections,
// each with the action a user needs to see it.
type navGroup struct {
	label string
	items []section
}

// navGroups is the area's menu, as data: adding a page is one line in its
// group. A user sees a group only when they may use one of its sections
// on the current site (least privilege: the menu shows what the role may
// do, nothing more).
var navGroups = []navGroup{
	{"Nội dung", []section{
		{pathArticles, "Bài viết", "Viết bài mới, biên tập và theo dõi bài viết theo trạng thái.", user.ActionArticleCreate},
		// The inbox holds the workflow's hand-overs: whoever writes, edits or
		// approves articles has one.
		{pathInbox, "Hộp thư", "Bài viết đang chờ bạn xử lý và các thông báo của quy trình duyệt bài.", user.ActionArticleSubmit},
		{pathWordImport, "Nhập từ tệp Word", "Biến một tệp Word (.docx) thành bài viết nháp, kèm ảnh, bảng và danh sách.", user.ActionArticleCreate},
		{pathLibrary, "Thư viện ảnh và tệp", "Mọi ảnh và tệp của trang: tìm, tải lên nhiều tệp, sửa mô tả và chú thích, xem tệp được dùng ở đâu.", user.ActionMediaUpload},
		{pathCategory, "Chuyên mục", "Sắp xếp cây chuyên mục của trang.", user.ActionCategoryManage},
		{pathSchedule, "Lịch công tác", "Lịch công tác tuần của lãnh đạo: thêm, sửa, công bố và gỡ.", user.ActionScheduleManage},
		{pathSyndication, "Liên thông tin bài", "Đề xuất bài lên đơn vị cấp trên, chuyển bài xuống đơn vị cấp dưới; nhận hoặc từ chối bài được gửi tới.", user.ActionArticlePublish},
		{pathReport, "Báo cáo tháng", "Số bài đăng, lượt xem theo chuyên mục và tác giả, câu hỏi trả lời đúng hạn; tải về CSV.", user.ActionRatingView},
	}},
	{"Văn bản", []section{
		{pathDocuments, "Văn bản", "Nhập, sửa, công bố và gỡ văn bản; đính kèm tệp; ghi văn bản thay thế.", user.ActionDocumentEdit},
	}},
	{"Công dân", []section{
		{pathQuestions, "Hỏi đáp", "Tiếp nhận, phân công, trả lời và công khai câu hỏi của người dân.", user.ActionQuestionModerate},
		{pathUnits, "Đơn vị trả lời", "Phòng ban trả lời câu hỏi của người dân và tài khoản của từng đơn vị.", user.ActionUserManage},
		{pathConsultations, "Lấy ý kiến dự thảo", "Đăng dự thảo, duyệt ý kiến góp ý và công khai bản tổng hợp.", user.ActionConsultationManage},
		{pathContact, "Thư liên hệ", "Thư người dân gửi qua trang Liên hệ: đọc và liên hệ lại với người gửi.", user.ActionPersonalDataView},
		{pathRatings, "Đánh giá", "Kết quả đánh giá mức độ hài lòng của người đọc với bài viết và văn bản.", user.ActionRatingView},
	}},
	{"Trang và giao diện", []section{
		{pathMenu, "Menu", "Menu chính của trang: thêm, sửa, sắp xếp, lồng mục con.", user.ActionMenuManage},
		{pathBanners, "Liên kết", "Các liên kết (banner) như Dịch vụ công quốc gia, Cổng thông tin điện tử Chính phủ.", user.ActionMenuManage},
		{pathBlocks, "Bố cục trang chủ", "Trang chủ hiện những khối nào, theo thứ tự nào.", user.ActionMenuManage},
		{pathAbout, "Giới thiệu", "Lời giới thiệu và các trang chức năng nhiệm vụ, cơ cấu tổ chức, lịch sử.", user.ActionSiteSettings},
		{pathLeaders, "Lãnh đạo", "Hồ sơ lãnh đạo: họ tên, chức vụ, ảnh, tiểu sử, liên hệ.", user.ActionSiteSettings},
		{pathAccessInfo, "Tiếp cận thông tin", "Đầu mối và cách yêu cầu cung cấp thông tin theo Luật Tiếp cận thông tin.", user.ActionSiteSettings},
		{pathIdentity, "Nhận diện", "Biểu trưng, ảnh đầu trang, biểu tượng và màu sắc của trang.", user.ActionSiteSettings},
		{pathModules, "Chức năng", "Bật, tắt Hỏi đáp, Góp ý dự thảo, Văn bản, Lịch công tác, Đánh giá.", user.ActionSiteSettings},
		{pathSyndicationReceive, "Nhận tin cấp trên", "Bật, tắt việc tự động nhận tin do đơn vị cấp trên chuyển xuống.", user.ActionSiteSettings},
	}},
	{"Quản trị", []section{
		{pathSiteSettings, "Thông tin trang", "Tên, địa chỉ, người chịu trách nhiệm, giấy phép và chính sách tài khoản.", user.ActionSiteSettings},
		{pathUsers, "Người dùng", "Tài khoản, vai trò và mở khóa đăng nhập.", user.ActionUserManage},
		{pathAuditLog, "Nhật ký", "Nhật ký đăng nhập và thao tác, không thể sửa xóa.", user.ActionAuditView},
	}},
}

// sections are the menu's sections, group after group.
var sections = func() []section {
	var out []section
	for _, g := range navGroups {
		out = append(out, g.items...)
	}
	return out
}()

// dashboard is the area's home: who is signed in, with which roles, and
// the parts of the area they may use.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	acc := accountFrom(r.Context())
	p := DashboardPage{Layout: s.layout(acc, "Tổng quan", pathHome), HasTOTP: acc.User.HasTOTP()}
	for _, item := range p.Nav {
		if item.URL != pathHome {
			p.Sections = append(p.Sections, item)
		}
	}
	if s.can(acc, user.ActionSiteSettings) {
		p.MissingFooter = content.MissingFooter(&acc.Site)
	}
	figs, err := s.figures(r.Context(), acc)
	if err != nil {
		return err
	}
	p.Figures = figs
	if r.URL.Query().Has("da-doi-mat-khau") {
		p.Notice = "Đã đổi mật khẩu."
	}
	return s.render(w, http.StatusOK, "dashboard", p)
}

// section serves the placeholder page of sec.
func (s *Server) section(sec section) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		acc := accountFrom(r.Context())
		return s.render(w, http.StatusOK, "section", SectionPage{
			Layout:      s.layout(acc, sec.label, sec.path),
			Heading:     sec.label,
			Description: sec.description,
		})
	}
}
