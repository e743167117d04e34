package demo

import (
	"context"
	"fmt"
	"time"

	"trangtin/internal/consultation"
	"trangtin/internal/question"
	"trangtin/internal/workday"
)

// citizenStore is what the demo of Hỏi đáp and Lấy ý kiến dự thảo needs;
// stores without it get no such demo.
type citizenStore interface {
	question.Store
	consultation.Store
}

// DemoQuestions are the answered, published questions of the demo site.
var DemoQuestions = []question.Question{
	{Name: "Phạm Thị Hoa", Phone: "0912 000 111", Email: "hoa.demo@example.vn", Address: "Thôn Tập Ninh, xã Gia Trung",
		Subject: "Thủ tục đăng ký khai sinh cho con khi bố mẹ chưa đăng ký kết hôn",
		Body:    "Tôi sinh con nhưng chưa đăng ký kết hôn với bố của cháu. Xin hỏi thủ tục đăng ký khai sinh cho cháu cần những giấy tờ gì và làm ở đâu?",
		Field:   "Tư pháp - Hộ tịch", Unit: "Phòng Tư pháp huyện", AnsweredBy: "Phòng Tư pháp huyện",
		Answer: "Theo Luật Hộ tịch năm 2014, bà nộp tờ khai đăng ký khai sinh và giấy chứng sinh tại Ủy ban nhân dân cấp xã nơi cư trú của bà hoặc của người cha. " +
			"Trường hợp người cha muốn nhận con, hai bên làm thủ tục nhận cha, con kết hợp với đăng ký khai sinh, kèm chứng cứ chứng minh quan hệ cha, con.\n\nThời hạn giải quyết: ngay trong ngày tiếp nhận hồ sơ."},
	{Name: "Trần Văn Minh", Email: "minh.demo@example.vn", ShowName: true,
		Subject: "Hỗ trợ chi phí học tập cho học sinh thuộc hộ cận nghèo",
		Body:    "Con tôi học lớp 8, gia đình thuộc hộ cận nghèo năm 2025. Xin hỏi cháu có được hỗ trợ chi phí học tập không, mức hỗ trợ bao nhiêu?",
		Field:   "Giáo dục - Đào tạo", Unit: "Phòng Giáo dục và Đào tạo huyện", AnsweredBy: "Phòng Giáo dục và Đào tạo huyện",
		Answer: "Theo Nghị định số 81/2021/NĐ-CP, học sinh trung học cơ sở thuộc hộ cận nghèo được hỗ trợ chi phí học tập 150.000 đồng/tháng, tối đa 9 tháng/năm học. " +
			"Gia đình nộp đơn đề nghị kèm giấy chứng nhận hộ cận nghèo tại nhà trường trong 45 ngày làm việc đầu năm học."},
}

// ensureCitizen adds two answered, published questions and a draft open
// for comment to a fresh demo site.
func ensureCitizen(ctx context.Context, store any, siteID int64, now time.Time) error {
	cs, ok := store.(citizenStore)
	if !ok {
		return nil
	}
	cal := workday.Vietnam()
	for i, q := range DemoQuestions {
		q.SiteID = siteID
		q.CodeHash = question.HashCode(question.NewCode())
		q.ReceivedAt = now.Add(time.Duration(-20+i) * 24 * time.Hour).UTC().Truncate(time.Microsecond)
		q.DueAt = cal.Deadline(q.ReceivedAt, question.AnswerDays).UTC()
		q.AnsweredAt = q.ReceivedAt.Add(5 * 24 * time.Hour)
		q.PublishedAt = q.AnsweredAt.Add(24 * time.Hour)
		q.UpdatedAt = q.PublishedAt
		q.Status = question.StatusPublished
		if err := cs.CreateQuestion(ctx, &q); err != nil {
			return fmt.Errorf("demo question: %w", err)
		}
	}
	c := consultation.Consultation{SiteID: siteID, Status: consultation.StatusPublished,
		Title:   "Dự thảo Quy chế quản lý, vận hành Trang thông tin điện tử huyện Gia Viễn",
		Summary: "Dự thảo quy định việc thu thập, biên tập, phê duyệt và đăng tải thông tin; trách nhiệm của các cơ quan, đơn vị cung cấp thông tin; chế độ nhuận bút. Mời cơ quan, tổ chức và nhân dân góp ý.",
		Agency:  "Văn phòng HĐND và UBND huyện",
		OpensAt: now.Add(-7 * 24 * time.Hour).UTC().Truncate(time.Microsecond), ClosesAt: now.Add(30 * 24 * time.Hour).UTC().Truncate(time.Microsecond),
		CreatedAt: now.Add(-8 * 24 * time.Hour).UTC().Truncate(time.Microsecond)}
	c.UpdatedAt, c.PublishedAt = c.OpensAt, c.OpensAt
	if err := cs.CreateConsultation(ctx, &c, nil); err != nil {
		return fmt.Errorf("demo consultation: %w", err)
	}
	return nil
}
