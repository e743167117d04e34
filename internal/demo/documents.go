package demo

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"trangtin/internal/content"
	"trangtin/internal/document"
	"trangtin/internal/media"
)

// Documents are the demo site's documents register: a handful of the
// kinds a district publishes, one superseded and one expired, so every
// filter has something to show, each signed by one of the Leaders and
// with a PDF file (DocumentPDF) when the demo has a media library.
var Documents = []document.Input{
	{Type: "Quyết định", Number: "123/QĐ-UBND", Issuer: "UBND huyện Gia Viễn", Signer: "Đinh Văn Hùng", Field: "Thông tin và Truyền thông",
		Abstract: "Về việc ban hành Quy chế hoạt động của Trang thông tin điện tử huyện Gia Viễn", IssuedOn: "2020-01-05", EffectiveOn: "2020-01-05"},
	{Type: "Chỉ thị", Number: "02/CT-UBND", Issuer: "UBND huyện Gia Viễn", Signer: "Đinh Văn Hùng", Field: "Đất đai",
		Abstract: "Về tăng cường công tác quản lý nhà nước về đất đai trên địa bàn huyện năm 2022", IssuedOn: "2022-01-10", ExpiresOn: "2022-12-31"},
	{Type: "Kế hoạch", Number: "45/KH-UBND", Issuer: "UBND huyện Gia Viễn", Signer: "Vũ Thị Dược", Field: "Lao động - Thương binh và Xã hội",
		Abstract: "Thực hiện chính sách bảo trợ xã hội trên địa bàn huyện năm 2023", IssuedOn: "2023-02-15"},
	{Type: "Công văn", Number: "512/UBND-VP", Issuer: "UBND huyện Gia Viễn", Signer: "Vũ Thị Dược", Field: "Phòng cháy, chữa cháy",
		Abstract: "V/v tăng cường công tác phòng cháy, chữa cháy trong mùa hanh khô", IssuedOn: "2023-03-20"},
	{Type: "Thông báo", Number: "38/TB-UBND", Issuer: "Văn phòng HĐND và UBND huyện", Signer: "Vũ Thị Dược", Field: "Văn hóa - Xã hội",
		Abstract: "Kết luận của Phó Chủ tịch UBND huyện tại buổi làm việc với xã Gia Hòa về xây dựng nông thôn mới", IssuedOn: "2023-06-01"},
	{Type: "Quyết định", Number: "1520/QĐ-UBND", Issuer: "UBND huyện Gia Viễn", Signer: "Đinh Văn Hùng", Field: "Thông tin và Truyền thông",
		Abstract: "Về việc ban hành Quy chế quản lý, vận hành Trang thông tin điện tử huyện Gia Viễn, thay thế Quyết định số 123/QĐ-UBND", IssuedOn: "2024-09-12", EffectiveOn: "2024-09-12"},
}

// ensureDocuments enters and publishes Documents on the site when the
// store keeps a register, each with its PDF stored in lib (none when lib
// is nil); the first is replaced by the last.
func ensureDocuments(ctx context.Context, st content.Store, lib *media.Library, siteID int64) error {
	ds, ok := st.(document.Store)
	if !ok {
		return nil
	}
	ids := make([]int64, len(Documents))
	for i, in := range Documents {
		d, err := document.Check(in)
		if err != nil {
			return fmt.Errorf("demo document %s: %w", in.Number, err)
		}
		if lib != nil {
			name := strings.NewReplacer("/", "-", " ", "-").Replace(asciiText(in.Type+" "+in.Number)) + ".pdf"
			it, err := lib.UploadFile(ctx, siteID, 0, name, bytes.NewReader(DocumentPDF(in)), nil)
			if err != nil {
				return fmt.Errorf("demo document file %s: %w", in.Number, err)
			}
			d.FileIDs = []int64{it.ID}
		}
		d.SiteID, d.Status = siteID, document.StatusPublished
		d.PublishedAt = d.IssuedOn.Midnight().Add(9 * time.Hour)
		if err := ds.CreateDocument(ctx, &d, nil); err != nil {
			return fmt.Errorf("demo document %s: %w", in.Number, err)
		}
		ids[i] = d.ID
	}
	first, err := ds.FindDocumentByID(ctx, siteID, ids[0])
	if err != nil {
		return err
	}
	first.ReplacedByID = ids[len(ids)-1]
	return ds.UpdateDocument(ctx, &first, nil)
}
