package admin

import "trangtin/internal/document"

// documentTemplateSamples are view models of the register's pages, for
// TestEveryTemplateRenders.
func documentTemplateSamples(l Layout) map[string]any {
	form := Form{Order: docFormOrder, Errors: map[string]string{"number": "Số ký hiệu chưa đúng dạng.", "reason": "Vui lòng nêu lý do.", "files": "Tệp không hợp lệ."}}
	opts := []Option{{Value: "", Label: "Tất cả"}, {Value: "published", Label: "Đã công bố", Selected: true}}
	return map[string]any{
		"documents": DocumentListPage{Layout: l, Statuses: opts, Types: opts, Years: opts, Filtered: true, Error: "Năm không hợp lệ.", Total: 1,
			Rows:  []DocumentRow{{URL: "/quan-tri/van-ban/1", Title: "Quyết định số 123/QĐ-UBND", Abstract: "Về việc", Status: "Đã công bố", StatusKey: "published", Issued: "05/01/2020", Validity: "Còn hiệu lực"}},
			Pager: Pager{Page: 1, Pages: 2, NextURL: "/quan-tri/van-ban?trang=2"}},
		"document": DocumentEditPage{Layout: l, Form: form, ID: 1, Heading: "Quyết định số 123/QĐ-UBND", Notice: "Đã lưu.",
			In: document.Input{Type: "Quyết định", Number: "123 QĐ", Issuer: "UBND", Abstract: "Về việc", IssuedOn: "2020-01-05"}, Types: opts,
			Version: "1", Status: "Đã công bố", StatusKey: "published", Validity: "Còn hiệu lực", PublicURL: "/van-ban/1-123-qd-ubnd",
			Citation: "Quyết định số 123/QĐ-UBND ngày 05 tháng 01 năm 2020", Editable: true, CanPublish: true, Published: true,
			Files: []DocumentFile{{ID: 3, Name: "qd.pdf", URL: "/quan-tri/tep/0123456789abcdef0123456789abcdef", DetachURL: "/quan-tri/van-ban/1/tep/3/bo"}}, Replacements: opts,
			Reason: "Nhầm", SaveURL: "/quan-tri/van-ban/1", ActionURL: "/quan-tri/van-ban/1"},
	}
}
