package demo

import (
	"context"
	"fmt"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/schedule"
)

// scheduleDemo is a week of the leaders' work schedule, by weekday offset
// from Monday; ensureSchedule places it in the current week and the next.
var scheduleDemo = []struct {
	day                                               int
	session                                           schedule.Session
	time, leader, position, what, place, who, prepare string
}{
	{0, schedule.Morning, "07:30", viceChair.Name, viceChair.Position, "Dự lễ chào cờ đầu tuần và giao ban lãnh đạo UBND huyện", "Hội trường UBND huyện", "Lãnh đạo UBND huyện; Chánh Văn phòng HĐND và UBND huyện", "Văn phòng HĐND và UBND huyện"},
	{0, schedule.Afternoon, "14:00", chair.Name, chair.Position, "Làm việc với Phòng Tài chính - Kế hoạch về dự toán ngân sách năm sau", "Phòng họp số 2", "Phòng Tài chính - Kế hoạch; Chi cục Thuế khu vực", "Phòng Tài chính - Kế hoạch"},
	{1, schedule.Morning, "08:00", chair.Name, chair.Position, "Tiếp công dân định kỳ", "Trụ sở Tiếp công dân huyện", "Ban Tiếp công dân; Thanh tra huyện; các phòng liên quan", "Ban Tiếp công dân huyện"},
	{1, schedule.Afternoon, "", viceChair.Name, viceChair.Position, "Kiểm tra công tác chi trả trợ cấp bảo trợ xã hội tại các xã", "Các xã Gia Hưng, Gia Phong", "Phòng LĐ-TB&XH huyện; UBND các xã", ""},
	{2, schedule.Morning, "08:00", chair.Name, chair.Position, "Hội nghị trực tuyến của UBND tỉnh về chuyển đổi số", "Điểm cầu UBND huyện", "Lãnh đạo UBND huyện; Trưởng các phòng, ban", "Phòng Văn hóa và Thông tin"},
	{3, schedule.Morning, "08:30", viceChair.Name, viceChair.Position, "Dự hội nghị tổng kết công tác dân số", "Hội trường Trung tâm Y tế huyện", "Theo giấy mời", "Trung tâm Y tế huyện"},
	{3, schedule.Afternoon, "14:00", chair.Name, chair.Position, "Kiểm tra tiến độ dự án đường giao thông liên xã", "Thực địa", "Ban Quản lý dự án; Phòng Kinh tế và Hạ tầng", "Ban Quản lý dự án đầu tư xây dựng huyện"},
	{4, schedule.Morning, "08:00", chair.Name, chair.Position, "Họp Ủy ban nhân dân huyện thường kỳ tháng", "Phòng họp số 1", "Thành viên UBND huyện; đại diện Thường trực HĐND huyện", "Văn phòng HĐND và UBND huyện"},
	{5, schedule.Morning, "07:00", viceChair.Name, viceChair.Position, "Dự lễ ra quân ngày Chủ nhật xanh", "Khu du lịch Tràng An", "Đoàn Thanh niên; Hội Liên hiệp Phụ nữ huyện", "Huyện đoàn"},
}

// ensureSchedule adds the demo schedule to the current and the next week,
// when the store keeps a schedule.
func ensureSchedule(ctx context.Context, svc *content.Service, siteID int64, now time.Time) error {
	st, ok := svc.Store().(schedule.Store)
	if !ok {
		return nil
	}
	sched := schedule.NewService(st)
	this := schedule.WeekOf(now)
	for _, w := range []schedule.Week{this, this.Next()} {
		for _, d := range scheduleDemo {
			e := schedule.Entry{SiteID: siteID, Day: w.Monday().AddDays(d.day), Session: d.session, Time: d.time, Leader: d.leader, Position: d.position,
				Content: d.what, Place: d.place, Participants: d.who, Preparer: d.prepare, Status: schedule.Published}
			if problems, err := sched.Save(ctx, &e, nil); err != nil {
				return fmt.Errorf("demo schedule %s %s: %w %v", e.Day, d.what, err, problems)
			}
		}
	}
	return nil
}
