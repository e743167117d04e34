package content

import (
	"context"

	"trangtin/internal/audit"
	"trangtin/internal/vi"
)

// The "Tiếp cận thông tin" section of the site furniture.

// AccessInfo is the "Tiếp cận thông tin" section that the Access to
// Information Law asks for.
type AccessInfo struct {
	Intro       string `json:"intro"`        // sanitised HTML
	Officer     string `json:"officer"`      // person in charge of providing information
	Unit        string `json:"unit"`         // unit in charge
	Phone       string `json:"phone"`        // official phone
	Email       string `json:"email"`        // official email
	Address     string `json:"address"`      // where to file a request
	HowToAsk    string `json:"how_to_ask"`   // sanitised HTML: how to request information
	Unpublished string `json:"un_published"` // sanitised HTML: information provided on request only
}

// AccessInfo returns the "Tiếp cận thông tin" section's text.
func (f *Furniture) AccessInfo(ctx context.Context, siteID int64) (AccessInfo, error) {
	var a AccessInfo
	_, err := f.load(ctx, siteID, KeyAccessInfo, &a)
	return a, err
}

// SaveAccessInfo validates and saves the section.
func (f *Furniture) SaveAccessInfo(ctx context.Context, siteID int64, a *AccessInfo, e *audit.Entry) error {
	a.Officer, a.Unit, a.Phone, a.Email, a.Address = clean(a.Officer), clean(a.Unit), clean(a.Phone), clean(a.Email), clean(a.Address)
	a.Intro = SanitizeHTML(vi.NFC(a.Intro))
	a.HowToAsk = SanitizeHTML(vi.NFC(a.HowToAsk))
	a.Unpublished = SanitizeHTML(vi.NFC(a.Unpublished))
	fe := fieldErrors{}
	fe.check(a.Officer != "" || a.Unit != "", "unit", "Vui lòng nhập người hoặc đơn vị đầu mối cung cấp thông tin.")
	fe.check(maxLen(a.Officer, 300), "officer", "Tên người phụ trách quá dài.")
	fe.check(maxLen(a.Unit, 300), "unit", "Tên đơn vị quá dài.")
	fe.check(maxLen(a.Address, 500), "address", "Địa chỉ quá dài.")
	fe.check(ValidPhone(a.Phone), "phone", "Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang, ngoặc và dấu +.")
	fe.check(ValidEmail(a.Email), "email", "Thư điện tử chưa đúng dạng, ví dụ vanphong@giavien.gov.vn.")
	for field, v := range map[string]string{"intro": a.Intro, "how_to_ask": a.HowToAsk, "unpublished": a.Unpublished} {
		fe.check(len(v) <= 200<<10, field, "Nội dung quá dài.")
	}
	if err := fe.err(); err != nil {
		return err
	}
	named(e, "access_info", 0)
	return update(ctx, f, siteID, KeyAccessInfo, e, func(v *AccessInfo) error { *v = *a; return nil })
}
