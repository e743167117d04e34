package admin

import (
	"net/http"

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

var sections = []section{
	{pathArticles, "Bài viết", "Viết bài mới, biên tập và theo dõi bài viết theo trạng thái.", user.ActionArticleCreate},
	// The inbox holds the workflow's hand-overs: whoever writes, edits or
	// approves articles has one.
	{pathInbox, "Hộp thư", "Bài viết đang chờ bạn xử lý và các thông báo của quy trình duyệt bài.", user.ActionArticleSubmit},
	{pathQuestions, "Hỏi đáp", "Tiếp nhận, phân công, trả lời và công khai câu hỏi của người dân.", user.ActionQuestionModerate},
	{pathConsultations, "Lấy ý kiến dự thảo", "Đăng dự thảo, duyệt ý kiến góp ý và công khai bản tổng hợp.", user.ActionConsultationManage},
	{pathCategory, "Chuyên mục", "Sắp xếp cây chuyên mục của trang.", user.ActionCategoryManage},
	{pathUsers, "Người dùng", "Tài khoản, vai trò và mở khoá đăng nhập.", user.ActionUserManage},
	{pathAuditLog, "Nhật ký", "Nhật ký đăng nhập và thao tác, không thể sửa xoá.", user.ActionAuditView},
}

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
