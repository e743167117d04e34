package admin

import (
	"strings"

	"trangtin/internal/content"
)

// auditLabels names every audit action code the program writes, in
// Vietnamese, for the audit log: TestEveryAuditActionHasALabel walks the
// source for the codes and fails on one missing here. The user actions
// (user.Actions) are listed too: the workflow writes them as the codes of
// its steps.
var auditLabels = map[string]string{
	// Signing in and out.
	"login.ok":                 "Đăng nhập thành công",
	"login.fail":               "Đăng nhập thất bại",
	"login.second_factor_ok":   "Xác thực hai bước thành công",
	"login.second_factor_fail": "Xác thực hai bước thất bại",
	"login.switch":             "Chuyển sang trang thông tin khác",
	"login.switch_fail":        "Chuyển trang thông tin không thành công",
	"logout":                   "Đăng xuất",
	"password.change":          "Đổi mật khẩu",
	"password.change_fail":     "Đổi mật khẩu không thành công",

	// Accounts and roles.
	"user.create":         "Tạo tài khoản",
	"user.role":           "Thay đổi vai trò",
	"user.disable":        "Vô hiệu hóa tài khoản",
	"user.enable":         "Kích hoạt lại tài khoản",
	"user.unlock":         "Mở khóa đăng nhập",
	"user.password_reset": "Cấp mật khẩu mới",
	"user.totp_enable":    "Bật xác thực hai bước",
	"user.mail_notices":   "Đổi cách nhận thông báo qua thư điện tử",
	"user.manage":         "Quản lý người dùng",

	// The site and the platform.
	"site.settings":    "Sửa thông tin trang",
	"site.policy":      "Đổi chính sách tài khoản",
	"site.create":      "Tạo trang thông tin",
	"site.update":      "Sửa trang thông tin",
	"site.archive":     "Chuyển trang sang lưu trữ",
	"site.reopen":      "Mở lại trang lưu trữ",
	"site.merge":       "Sáp nhập trang thông tin",
	"site.default":     "Đặt trang trả lời tên miền lạ",
	"site.host.add":    "Thêm tên miền",
	"site.host.remove": "Gỡ tên miền",
	"site.switch":      "Chuyển trang thông tin",
	"audit.view":       "Xem nhật ký hệ thống",

	// Categories.
	"category.create":  "Tạo chuyên mục",
	"category.update":  "Sửa chuyên mục",
	"category.reorder": "Đổi thứ tự chuyên mục",
	"category.delete":  "Xóa chuyên mục",
	"category.manage":  "Quản lý chuyên mục",

	// Articles.
	"article.create":            "Tạo bài viết",
	"article.save":              "Lưu bài viết",
	"article.submit":            "Gửi bài chờ biên tập",
	"article.return":            "Trả lại bài cho tác giả",
	"article.pass_to_approval":  "Chuyển bài chờ duyệt",
	"article.publish":           "Duyệt và đăng bài",
	"article.publish_own":       "Tự duyệt và đăng bài của mình",
	"article.schedule":          "Duyệt và hẹn giờ đăng bài",
	"article.schedule_own":      "Tự duyệt và hẹn giờ đăng bài của mình",
	"article.publish_scheduled": "Tự động đăng bài theo giờ hẹn",
	"article.force_publish":     "Đăng bài bắt buộc",
	"article.withdraw":          "Gỡ bỏ bài",
	"article.quick_fix":         "Sửa nhanh bài đang đăng",
	"article.edit_own":          "Sửa bài của mình",
	"article.edit_any":          "Sửa bài của người khác",
	"article.approve_own":       "Tự duyệt bài của mình",

	// Articles shared between sites.
	"syndication.propose":  "Đề xuất bài lên đơn vị cấp trên",
	"syndication.push":     "Chuyển bài xuống đơn vị cấp dưới",
	"syndication.accept":   "Nhận bài liên thông",
	"syndication.refuse":   "Từ chối bài liên thông",
	"syndication.correct":  "Cập nhật bản sao theo bài gốc",
	"syndication.withdraw": "Gỡ bản sao theo bài gốc",
	"syndication.receive":  "Đổi chế độ nhận tin cấp trên",

	// Photos and files.
	"media.upload": "Tải lên ảnh hoặc tệp",
	"media.edit":   "Sửa mô tả, chú thích ảnh hoặc tệp",
	"media.delete": "Xóa ảnh hoặc tệp khỏi thư viện",
	"media.manage": "Quản lý thư viện ảnh và tệp",

	// Units that answer citizens' questions.
	"unit.create":        "Tạo đơn vị trả lời",
	"unit.edit":          "Đổi tên đơn vị trả lời",
	"unit.archive":       "Lưu trữ đơn vị trả lời",
	"unit.reopen":        "Mở lại đơn vị trả lời",
	"unit.member_add":    "Thêm tài khoản vào đơn vị trả lời",
	"unit.member_remove": "Bỏ tài khoản khỏi đơn vị trả lời",

	// Documents.
	"document.create":    "Nhập văn bản",
	"document.save":      "Sửa văn bản",
	"document.publish":   "Công bố văn bản",
	"document.supersede": "Ghi văn bản bị thay thế",
	"document.withdraw":  "Gỡ văn bản",
	"document.attach":    "Đính kèm tệp vào văn bản",
	"document.detach":    "Gỡ tệp đính kèm của văn bản",
	"document.edit":      "Nhập và sửa văn bản",

	// Questions (Hỏi đáp).
	"question.accept":    "Tiếp nhận câu hỏi",
	"question.reject":    "Từ chối câu hỏi",
	"question.assign":    "Giao câu hỏi cho đơn vị trả lời",
	"question.answer":    "Trả lời câu hỏi",
	"question.edit":      "Sửa câu hỏi",
	"question.publish":   "Công khai câu hỏi",
	"question.unpublish": "Thôi công khai câu hỏi",
	"question.moderate":  "Tiếp nhận, phân công và trả lời câu hỏi",

	// Drafts for consultation (Lấy ý kiến dự thảo).
	"consultation.create":           "Tạo dự thảo lấy ý kiến",
	"consultation.edit":             "Sửa dự thảo lấy ý kiến",
	"consultation.publish":          "Đăng dự thảo lấy ý kiến",
	"consultation.withdraw":         "Gỡ dự thảo lấy ý kiến",
	"consultation.report":           "Công khai bản tổng hợp ý kiến",
	"consultation.attach":           "Đính kèm tệp vào dự thảo",
	"consultation.detach":           "Gỡ tệp đính kèm của dự thảo",
	"consultation.comment.approved": "Duyệt ý kiến góp ý",
	"consultation.comment.rejected": "Không duyệt ý kiến góp ý",
	"consultation.comment.pending":  "Đưa ý kiến góp ý về chờ duyệt",
	"consultation.manage":           "Quản lý lấy ý kiến dự thảo",

	// The work schedule.
	"schedule.create":   "Thêm lịch công tác",
	"schedule.update":   "Sửa lịch công tác",
	"schedule.withdraw": "Gỡ lịch công tác",
	"schedule.manage":   "Quản lý lịch công tác",

	// The site's furniture.
	"menu.create":        "Thêm mục menu",
	"menu.update":        "Sửa mục menu",
	"menu.move":          "Đổi thứ tự mục menu",
	"menu.delete":        "Xóa mục menu",
	"menu.manage":        "Quản lý menu",
	"banner.create":      "Thêm liên kết",
	"banner.update":      "Sửa liên kết",
	"banner.move":        "Đổi thứ tự liên kết",
	"banner.delete":      "Xóa liên kết",
	"home_block.create":  "Thêm khối trang chủ",
	"home_block.update":  "Sửa khối trang chủ",
	"home_block.move":    "Đổi thứ tự khối trang chủ",
	"home_block.delete":  "Xóa khối trang chủ",
	"about.create":       "Tạo lời giới thiệu",
	"about.update":       "Sửa lời giới thiệu",
	"about.move":         "Đổi thứ tự phần giới thiệu",
	"about.delete":       "Xóa lời giới thiệu",
	"access_info.create": "Tạo trang Tiếp cận thông tin",
	"access_info.update": "Sửa trang Tiếp cận thông tin",
	"access_info.move":   "Đổi thứ tự trang Tiếp cận thông tin",
	"access_info.delete": "Xóa trang Tiếp cận thông tin",
	"leader.create":      "Thêm hồ sơ lãnh đạo",
	"leader.update":      "Sửa hồ sơ lãnh đạo",
	"leader.move":        "Đổi thứ tự hồ sơ lãnh đạo",
	"leader.delete":      "Xóa hồ sơ lãnh đạo",
	"page.create":        "Tạo trang tĩnh",
	"page.update":        "Sửa trang tĩnh",
	"page.move":          "Đổi thứ tự trang tĩnh",
	"page.delete":        "Xóa trang tĩnh",
	"modules.create":     "Bật, tắt chức năng",
	"modules.update":     "Bật, tắt chức năng",
	"modules.move":       "Bật, tắt chức năng",
	"modules.delete":     "Bật, tắt chức năng",
	"identity.create":    "Đổi nhận diện của trang",
	"identity.update":    "Đổi nhận diện của trang",
	"identity.move":      "Đổi nhận diện của trang",
	"identity.delete":    "Xóa nhận diện của trang",
	"personal_data.view": "Xem thông tin cá nhân của người gửi",
	"rating.view":        "Xem đánh giá và lượt truy cập",
}

// auditGroups names the objects, for a code without a label of its own
// (an entry written by an older version): "Bài viết: thao tác khác".
var auditGroups = map[string]string{
	"login": "Đăng nhập", "password": "Mật khẩu", "user": "Tài khoản", "site": "Trang thông tin", "category": "Chuyên mục",
	"article": "Bài viết", "syndication": "Liên thông tin bài", "media": "Ảnh và tệp", "document": "Văn bản",
	"question": "Hỏi đáp", "consultation": "Lấy ý kiến dự thảo", "schedule": "Lịch công tác", "menu": "Menu",
	"banner": "Liên kết", "home_block": "Bố cục trang chủ", "about": "Giới thiệu", "access_info": "Tiếp cận thông tin",
	"leader": "Lãnh đạo", "page": "Trang tĩnh", "modules": "Chức năng", "identity": "Nhận diện",
}

// actionLabel names an action for the log, never as a raw code: its own
// label, else its object's ("Bài viết: thao tác khác"), else "Thao tác
// khác".
func actionLabel(a string) string {
	if l, ok := auditLabels[a]; ok {
		return l
	}
	obj, _, _ := strings.Cut(a, ".")
	if g, ok := auditGroups[obj]; ok {
		return g + ": thao tác khác"
	}
	return "Thao tác khác"
}

// auditDetailLabels names the keys of an entry's details.
var auditDetailLabels = map[string]string{
	"reason": "Lý do", "notice": "Thông báo cho bạn đọc", "replacement": "Địa chỉ thay thế", "comment": "Nhận xét",
	"title": "Tiêu đề", "stage": "Bước", "at": "Thời điểm", "due": "Giờ hẹn", "late": "Trễ", "fields": "Phần đã sửa",
	"self_approval": "Tự duyệt", "email": "Thư điện tử", "role": "Vai trò", "site": "Trang", "name": "Tên",
	"slug": "Đường dẫn", "number": "Số, ký hiệu", "file": "Tệp", "direction": "Hướng", "on": "Bật",
	"kind": "Loại", "by": "Do", "source_article": "Bài gốc", "source_site": "Trang gốc",
}

// auditDetailLabel names a detail key, or leaves it as written.
func auditDetailLabel(k string) string {
	if l, ok := auditDetailLabels[k]; ok {
		return l
	}
	return k
}

// auditDetailValue shows a detail's value in words where it is a code: a
// yes or no, a workflow stage.
func auditDetailValue(k, v string) string {
	switch {
	case v == "true":
		return "có"
	case v == "false":
		return "không"
	case k == "stage" && content.Status(v).Valid():
		return content.Status(v).Label()
	}
	return v
}
