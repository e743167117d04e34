package web

import (
	"net/http/httptest"
	"testing"

	"trangtin/internal/document"
	"trangtin/internal/vi"
)

// documentTemplateSamples are view models of the register's pages, for
// TestEveryTemplateRenders.
func documentTemplateSamples(l Layout) map[string]any {
	d := document.Document{ID: 1, Type: "Quyết định", Number: "123/QĐ-UBND", Issuer: "UBND huyện Gia Viễn", Signer: "Đinh Văn Hùng",
		Field: "Đất đai", Abstract: "Về việc ban hành Quy chế", IssuedOn: vi.NewDay(2020, 1, 5)}
	opts := []FilterOption{{Value: "Quyết định", Label: "Quyết định", Selected: true}, {Value: "Kế hoạch", Label: "Kế hoạch"}}
	return map[string]any{
		"documents": DocumentsPage{Layout: l, Form: DocumentFilterForm{Type: "Quyết định"}, Types: opts, Issuers: opts, Fields: opts, Years: opts, Validities: opts,
			Error: "Năm ban hành không hợp lệ.", Filtered: true, Total: 1, Pager: pager("/van-ban?nam=2020", 1, 2, 30),
			Rows: []DocumentRow{{URL: d.Path(), Number: d.Number, Type: d.Type, Abstract: d.Abstract, Issuer: d.Issuer, IssuedOn: "05/01/2020",
				IssuedISO: "2020-01-05", Validity: "Còn hiệu lực", ValidityKey: "con-hieu-luc"}}},
		"document": DocumentPage{Layout: l, Doc: d, Title: d.Title(), Citation: d.Citation(), IssuedOn: "05/01/2020", IssuedISO: "2020-01-05",
			EffectiveOn: "05/01/2020", ExpiresOn: "01/01/2030", Validity: "Bị thay thế", ValidityKey: "bi-thay-the",
			ReplacedBy: &DocumentLink{URL: "/van-ban/2-1520-qd-ubnd", Citation: "Quyết định số 1520/QĐ-UBND"},
			Files:      []DocumentFile{{Name: "qd.pdf", URL: "/tep/0123456789abcdef0123456789abcdef/qd.pdf", Format: "PDF", Size: "120 KB"}}, Rating: testRatingWidget()},
	}
}

func TestDocumentsQueryIsCanonical(t *testing.T) {
	for raw, want := range map[string]string{
		"":                               "",
		"?utm=1":                         "",
		"?nam=2020&loai=x&rac=1":         "?loai=x&nam=2020",
		"?trang=2&nam=2020&nam=2021":     "?nam=2020&trang=2",
		"?hieu-luc=bi-thay-the&co-quan=": "?hieu-luc=bi-thay-the",
		// Numbers in their parsed form: one key however they are spelt.
		"?nam=02020&trang=002":     "?nam=2020&trang=2",
		"?trang=01":                "",
		"?trang=%2B3&nam=%2B2020":  "?nam=2020&trang=3",
		"?trang=1&loai=K%E1%BA%BF": "?loai=K%E1%BA%BF",
	} {
		got, ok := documentsQuery(httptest.NewRequest("GET", "/van-ban"+raw, nil).URL)
		if got != want || !ok {
			t.Errorf("documentsQuery(%q) = %q, %v; want %q, true", raw, got, ok, want)
		}
	}
	// A year or page that is no number is not canonical (the list answers
	// it with its message, uncached).
	for _, raw := range []string{"?nam=hai-nghin", "?trang=0", "?trang=x", "?trang=100001", "?trang=1.5"} {
		if got, ok := documentsQuery(httptest.NewRequest("GET", "/van-ban"+raw, nil).URL); ok {
			t.Errorf("documentsQuery(%q) = %q, true; want false", raw, got)
		}
	}
	if got := fileSize(1536); got != "2 KB" {
		t.Errorf("fileSize(1536) = %q", got)
	}
	if got := fileSize(3 << 19); got != "1,5 MB" {
		t.Errorf("fileSize(1.5 MiB) = %q", got)
	}
}
