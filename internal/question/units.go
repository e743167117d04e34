package question

import (
	"context"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/vi"
)

// Units (phòng ban, đơn vị) are the parts of the agency that answer
// questions: records of a site, each with its members, accounts that see
// and draft the answers of the questions assigned to their unit (and only
// those: a member needs no role on the site). An editor assigns a question
// to a unit ("Giao"), its members draft and send the answer, the editor
// reviews it and the approver publishes it, as before.

// Unit is a site's unit.
type Unit struct {
	ID        int64
	SiteID    int64
	Name      string
	Archived  bool // kept for the questions it answered; no new assignment
	CreatedAt time.Time
	UpdatedAt time.Time
	Version   int64
}

// UnitStore keeps units and their members.
type UnitStore interface {
	// CreateUnit stores u (setting ID and Version) with the audit entry e;
	// a name the site already uses is ErrUnitNameTaken.
	CreateUnit(ctx context.Context, u *Unit, e *audit.Entry) error
	// UpdateUnit saves u's name and archived flag if u.Version is still
	// the stored one (else ErrUnitStale), with e, and adds one to Version.
	UpdateUnit(ctx context.Context, u *Unit, e *audit.Entry) error
	// FindUnit returns ErrUnitNotFound for an id of another site.
	FindUnit(ctx context.Context, siteID, id int64) (Unit, error)
	// FindUnits lists the site's units by name (archived ones included).
	FindUnits(ctx context.Context, siteID int64) ([]Unit, error)
	// SetUnitMember adds (on) or removes the account userID to or from the
	// site's unit, with e; adding a member twice or removing one that is
	// not is no error. An unknown unit of the site is ErrUnitNotFound.
	SetUnitMember(ctx context.Context, siteID, unitID, userID int64, on bool, e *audit.Entry) error
	// FindUnitMembers lists the IDs of the unit's members, in order.
	FindUnitMembers(ctx context.Context, siteID, unitID int64) ([]int64, error)
	// FindMemberUnits lists the units of the site userID belongs to.
	FindMemberUnits(ctx context.Context, siteID, userID int64) ([]Unit, error)
}

// Errors of units.
var (
	ErrUnitNotFound  = apperr.New(apperr.NotFound, "Không tìm thấy đơn vị này.")
	ErrUnitStale     = apperr.New(apperr.Conflict, "Đơn vị này vừa được người khác sửa. Trang dưới đây cho thấy bản mới nhất, hãy thao tác lại.")
	ErrUnitNameTaken = &apperr.Error{Code: apperr.Conflict, Message: "Trang đã có đơn vị mang tên này.", Fields: map[string]string{"name": "Trang đã có đơn vị mang tên này."}}
)

// MaxUnitName is the longest unit name, in characters.
const MaxUnitName = MaxUnit

func (s *Service) units() (UnitStore, error) {
	us, ok := s.store.(UnitStore)
	if !ok {
		return nil, apperr.New(apperr.Unavailable, "Chức năng đơn vị trả lời chưa được cài đặt.")
	}
	return us, nil
}

// Units is the store of units, or nil when the store keeps none.
func (s *Service) Units() UnitStore {
	us, _ := s.store.(UnitStore)
	return us
}

func unitName(name string) (string, error) {
	name = vi.Line(name)
	if name == "" || utf8.RuneCountInString(name) > MaxUnitName {
		return name, invalid("name", "Vui lòng nhập tên đơn vị (tối đa 200 ký tự).")
	}
	return name, nil
}

func unitEntry(actor Actor, siteID int64, action string, now time.Time, detail map[string]string) *audit.Entry {
	return &audit.Entry{At: now, SiteID: siteID, ActorID: actor.User.ID, Actor: actor.User.Email, IP: actor.IP,
		Action: action, Detail: detail}
}

// canManageUnits: the site's user managers keep its units.
func canManageUnits(actor Actor) error {
	if actor.Can == nil || !actor.Can(unitManage) {
		return apperr.Errorf(apperr.Forbidden, "Tài khoản của bạn không có quyền “%s”.", unitManage.Label())
	}
	return nil
}

// AddUnit creates a unit of the site.
func (s *Service) AddUnit(ctx context.Context, siteID int64, name string, actor Actor) (Unit, error) {
	if err := canManageUnits(actor); err != nil {
		return Unit{}, err
	}
	us, err := s.units()
	if err != nil {
		return Unit{}, err
	}
	name, err = unitName(name)
	if err != nil {
		return Unit{Name: name}, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	u := Unit{SiteID: siteID, Name: name, CreatedAt: now, UpdatedAt: now}
	err = us.CreateUnit(ctx, &u, unitEntry(actor, siteID, "unit.create", now, map[string]string{"name": name}))
	return u, err
}

// EditUnit renames a unit, archives it or brings it back, if version is
// still the stored one.
func (s *Service) EditUnit(ctx context.Context, siteID, id, version int64, name string, archived bool, actor Actor) (Unit, error) {
	if err := canManageUnits(actor); err != nil {
		return Unit{}, err
	}
	us, err := s.units()
	if err != nil {
		return Unit{}, err
	}
	u, err := us.FindUnit(ctx, siteID, id)
	if err != nil {
		return u, err
	}
	if version != 0 && version != u.Version {
		return u, ErrUnitStale
	}
	if name, err = unitName(name); err != nil {
		return u, err
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	detail := map[string]string{"name": name}
	if u.Name != name {
		detail["old_name"] = u.Name
	}
	action := "unit.edit"
	switch {
	case archived && !u.Archived:
		action = "unit.archive"
	case !archived && u.Archived:
		action = "unit.reopen"
	}
	u.Name, u.Archived, u.UpdatedAt = name, archived, now
	err = us.UpdateUnit(ctx, &u, unitEntry(actor, siteID, action, now, detail))
	return u, err
}

// SetMember adds or removes an account to or from a unit.
func (s *Service) SetMember(ctx context.Context, siteID, unitID, userID int64, on bool, actor Actor) error {
	if err := canManageUnits(actor); err != nil {
		return err
	}
	us, err := s.units()
	if err != nil {
		return err
	}
	if _, err := us.FindUnit(ctx, siteID, unitID); err != nil {
		return err
	}
	action := "unit.member_add"
	if !on {
		action = "unit.member_remove"
	}
	now := s.now().UTC().Truncate(time.Microsecond)
	e := unitEntry(actor, siteID, action, now, map[string]string{"user": strconv.FormatInt(userID, 10)})
	e.Object = "unit:" + strconv.FormatInt(unitID, 10)
	return us.SetUnitMember(ctx, siteID, unitID, userID, on, e)
}

// MemberOf reports whether the actor belongs to the question's unit.
func (a Actor) MemberOf(q Question) bool {
	return q.UnitID > 0 && slices.Contains(a.Units, q.UnitID)
}

// MayHandle reports whether the actor may see and work on q: a moderator
// any question of the site, a unit member only their unit's.
func (a Actor) MayHandle(q Question) bool {
	return a.Can != nil && a.Can(moderate) || a.MemberOf(q)
}
