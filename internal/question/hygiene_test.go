package question

import "testing"

// TestValidateDropsControlCharacters: a citizen's question used to be
// stored with NUL, ESC and the like; they are dropped (line breaks are
// kept in the body, turned into spaces in single-line fields).
func TestValidateDropsControlCharacters(t *testing.T) {
	in := Input{Name: "Nguyễn\x00 Văn An\x1b", Phone: "0912\x7f 345 678", Address: "Thôn\tĐông\r\nxã Gia Hoà",
		Subject: "Hỏi về\x1b[31m đất\x07 đai", Body: "Xin hỏi\x00 thủ tục cấp giấy chứng nhận:\n- lần đầu\x08;\n- cấp đổi.", Field: Fields[0]}
	if err := Validate(&in); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ field, got, want string }{
		{"name", in.Name, "Nguyễn Văn An"},
		{"phone", in.Phone, "0912 345 678"},
		{"address", in.Address, "Thôn Đông xã Gia Hoà"},
		{"subject", in.Subject, "Hỏi về[31m đất đai"},
		{"body", in.Body, "Xin hỏi thủ tục cấp giấy chứng nhận:\n- lần đầu;\n- cấp đổi."},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
}
