package content

import (
	"fmt"
	"strings"

	"trangtin/internal/contact"
	"trangtin/internal/vi"
)

// PrepareSite normalises (NFC, trimmed, the e-mail address in lower case)
// and validates site without writing it, reporting every problem at once:
// its key and name, and the footer fields, each at most MaxSiteField
// letters, a phone number as people write it and one e-mail address.
// SaveSite runs it; a form runs it first to see what really changed.
func PrepareSite(site *Site) error {
	site.Key = strings.ToLower(strings.TrimSpace(site.Key))
	site.Host = strings.ToLower(strings.TrimSpace(site.Host))
	for _, p := range []*string{&site.Name, &site.Banner, &site.Agency, &site.Address, &site.Phone, &site.Email, &site.Responsible, &site.Licence} {
		*p = clean(*p)
	}
	site.Description = cleanText(site.Description)
	fe := fieldErrors{}
	fe.check(site.Key != "" && vi.Slug(site.Key) == site.Key, "key", "Mã trang chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang.")
	fe.check(site.Name != "", "name", "Vui lòng nhập tên trang.")
	fe.check(maxLen(site.Name, MaxName), "name", "Tên trang quá dài.")
	for _, f := range []struct{ name, value string }{
		{"description", site.Description}, {"banner", site.Banner}, {"agency", site.Agency}, {"responsible", site.Responsible},
		{"address", site.Address}, {"phone", site.Phone}, {"email", site.Email}, {"licence", site.Licence},
	} {
		fe.check(maxLen(f.value, MaxSiteField), f.name, fmt.Sprintf("Nội dung quá dài: tối đa %d ký tự.", MaxSiteField))
	}
	fe.check(ValidPhone(site.Phone), "phone", "Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang, ngoặc và dấu +.")
	if site.Email != "" {
		e, ok := contact.NormalizeEmail(site.Email)
		fe.check(ok, "email", "Thư điện tử không hợp lệ (ví dụ đúng: ubnd@giavien.gov.vn).")
		if ok {
			site.Email = e
		}
	}
	return fe.err()
}
