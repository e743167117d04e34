package schedule

import "testing"

func TestCleanDropsControlCharacters(t *testing.T) {
	e := Entry{Day: NewDay(2026, 11, 30), Session: Morning, Time: "8:00", Leader: "Nguyễn\x00 Văn A\x1b", Place: "Hội trường\tUBND",
		Content: "Họp\x07 giao ban:\n- báo cáo\x1b[0m tuần", Status: Published}
	if p := Clean(&e); len(p) != 0 {
		t.Fatalf("problems %v", p)
	}
	if e.Leader != "Nguyễn Văn A" || e.Place != "Hội trường UBND" || e.Content != "Họp giao ban:\n- báo cáo[0m tuần" {
		t.Errorf("%q %q %q", e.Leader, e.Place, e.Content)
	}
}
