package web

import (
	"context"
	"testing"

	"trangtin/internal/rating"
	"trangtin/internal/schedule"
)

func testSchedulePage(l Layout) SchedulePage {
	w, _ := schedule.ParseWeek("2026-W49")
	e := schedule.Entry{ID: 1, Day: w.Monday(), Session: schedule.Morning, Time: "08:00", Leader: "Nguyễn Văn A", Position: "Chủ tịch",
		Content: "Họp giao ban", Place: "Hội trường", Participants: "Các phòng", Preparer: "Văn phòng", Status: schedule.Published}
	p := SchedulePage{Layout: l, Week: w, WeekLabel: w.Label(), PrevURL: weekURL(w.Prev()), NextURL: weekURL(w.Next()), ThisWeekURL: pathSchedule, Entries: 1}
	for i, d := range w.Days() {
		day := ScheduleDay{Day: d, ID: "ngay-" + d.String(), Today: i == 2}
		if i == 0 {
			day.Entries = []ScheduleRow{{Entry: e, SessionLabel: "Sáng 08:00"}}
		}
		p.Days = append(p.Days, day)
	}
	return p
}

func TestGroupDigits(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1.000", 1234567: "1.234.567", 100000: "100.000"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q, want %q", n, got, want)
		}
	}
}

func testRatingWidget() *RatingWidget {
	s := &Server{eng: engagement{ratings: rating.NewService(nil, map[rating.Kind]rating.Resolver{
		rating.Article: func(context.Context, int64, int64) (rating.Item, error) { return rating.Item{}, nil }})}}
	return s.ratingWidget(rating.Article, 1)
}
