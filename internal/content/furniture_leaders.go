package content

import (
	"context"
	"slices"
	"strings"

	"trangtin/internal/audit"
)

// The leaders' profiles of the site furniture.

// Leader is a leader's profile on /gioi-thieu/lanh-dao.
type Leader struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Position string `json:"position"` // chức vụ
	PhotoID  int64  `json:"photo_id,omitempty"`
	PhotoURL string `json:"photo_url,omitempty"`
	Bio      string `json:"bio,omitempty"` // plain text, paragraphs split by blank lines
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
}

func leaderID(l Leader) int64 { return l.ID }

const (
	whatLeader = "hồ sơ lãnh đạo"
	objLeader  = "leader" // audit object
)

// Leaders returns the leaders' profiles in order.
func (f *Furniture) Leaders(ctx context.Context, siteID int64) ([]Leader, error) {
	var items []Leader
	_, err := f.load(ctx, siteID, KeyLeaders, &items)
	return items, err
}

// Leader returns one profile.
func (f *Furniture) Leader(ctx context.Context, siteID, id int64) (Leader, error) {
	items, err := f.Leaders(ctx, siteID)
	if err != nil {
		return Leader{}, err
	}
	return find(items, id, leaderID, whatLeader)
}

// SaveLeader validates and adds or updates a profile. The caller resolves
// PhotoID into PhotoURL.
func (f *Furniture) SaveLeader(ctx context.Context, siteID int64, l *Leader, a *audit.Entry) error {
	l.Name, l.Position, l.Phone, l.Email = clean(l.Name), clean(l.Position), clean(l.Phone), clean(l.Email)
	l.Bio = strings.ReplaceAll(cleanText(l.Bio), "\r\n", "\n")
	fe := fieldErrors{}
	fe.check(l.Name != "", "name", "Vui lòng nhập họ và tên.")
	fe.check(maxLen(l.Name, 200), "name", "Họ và tên không được dài quá 200 ký tự.")
	fe.check(l.Position != "", "position", "Vui lòng nhập chức vụ.")
	fe.check(maxLen(l.Position, 300), "position", "Chức vụ không được dài quá 300 ký tự.")
	fe.check(maxLen(l.Bio, 10000), "bio", "Tiểu sử tóm tắt không được dài quá 10.000 ký tự.")
	fe.check(ValidPhone(l.Phone), "phone", "Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang, ngoặc và dấu +.")
	fe.check(ValidEmail(l.Email), "email", "Thư điện tử chưa đúng dạng, ví dụ vanphong@giavien.gov.vn.")
	if l.PhotoID == 0 {
		l.PhotoURL = ""
	}
	if err := fe.err(); err != nil {
		return err
	}
	var id int64
	err := update(ctx, f, siteID, KeyLeaders, a, func(items *[]Leader) error {
		var err error
		*items, id, err = replace(*items, *l, leaderID, func(x *Leader, id int64) { x.ID = id }, whatLeader)
		named(a, objLeader, id)
		return err
	})
	if err == nil {
		l.ID = id
	}
	return err
}

// MoveLeader moves a profile one place up or down.
func (f *Furniture) MoveLeader(ctx context.Context, siteID, id int64, delta int, a *audit.Entry) error {
	named(a, objLeader, id)
	return update(ctx, f, siteID, KeyLeaders, a, func(items *[]Leader) error {
		return move(*items, id, sign(delta), leaderID, func(a, b Leader) bool { return true })
	})
}

// DeleteLeader removes a profile (a leader who left office).
func (f *Furniture) DeleteLeader(ctx context.Context, siteID, id int64, a *audit.Entry) error {
	named(a, objLeader, id)
	return update(ctx, f, siteID, KeyLeaders, a, func(items *[]Leader) error {
		if _, err := find(*items, id, leaderID, whatLeader); err != nil {
			return err
		}
		*items = slices.DeleteFunc(*items, func(x Leader) bool { return x.ID == id })
		return nil
	})
}
