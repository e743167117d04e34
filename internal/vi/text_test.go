package vi

import (
	"strings"
	"testing"
)

func TestTextAndLine(t *testing.T) {
	for _, tc := range []struct{ in, text, line string }{
		{"Hội nghị tổng kết", "Hội nghị tổng kết", "Hội nghị tổng kết"},
		{"Hội\x00 nghị\x1b[31m đỏ\x7f", "Hội nghị[31m đỏ", "Hội nghị[31m đỏ"},
		{"Dòng một\r\nDòng hai\tcột", "Dòng một\r\nDòng hai\tcột", "Dòng một Dòng hai cột"},
		{"  \x07Chuông\x08 \n", "Chuông", "Chuông"},
		{"Ho\u0302\u0323i\x00", "Hội", "Hội"},                                                // NFC after the control is gone
		{"Sai \xff mã", "Sai  mã", "Sai  mã"},                                                // not UTF-8: dropped
		{"\x01\x02\x1f", "", ""},                                                             // nothing left
		{"Tiếng Việt – “ngoặc” … ₫", "Tiếng Việt – “ngoặc” … ₫", "Tiếng Việt – “ngoặc” … ₫"}, // no false positives in multi-byte text
	} {
		if got := Text(tc.in); got != tc.text {
			t.Errorf("Text(%q) = %q, want %q", tc.in, got, tc.text)
		}
		if got := Line(tc.in); got != tc.line {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
		}
	}
	if s := "Không có ký tự điều khiển\n"; DropControls(s) != s {
		t.Error("DropControls changed clean text")
	}
	if got := DropControls("<p>a\x00b\x1bc</p>\n"); got != "<p>abc</p>\n" {
		t.Errorf("DropControls = %q", got)
	}
}

func BenchmarkTextClean(b *testing.B) {
	s := strings.Repeat("Xin hỏi thủ tục cấp giấy chứng nhận quyền sử dụng đất lần đầu gồm những gì?\n", 20)
	b.ReportAllocs()
	for b.Loop() {
		Text(s)
	}
}
