package content_test

import (
	"errors"
	"strings"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
)

// TestSiteFooterRules: a site's footer fields are checked by SaveSite for
// every caller, not only by the editors' settings form: each at most
// MaxSiteField letters, a phone number as people write it, one e-mail
// address, written in lower case. Nothing is saved when one is wrong.
func TestSiteFooterRules(t *testing.T) {
	svc, site, _ := newService(t)
	bad := site
	bad.Agency = strings.Repeat("ơ", content.MaxSiteField+1)
	bad.Phone = "gọi tôi"
	bad.Email = "không phải email"
	bad.Licence = "Giấy phép số 01/GP-TTĐT"
	err := svc.SaveSite(ctx, &bad, nil)
	var e *apperr.Error
	if !errors.As(err, &e) || e.Code != apperr.Invalid {
		t.Fatalf("bad footer: %v, want Invalid", err)
	}
	for _, f := range []string{"agency", "phone", "email"} {
		if e.Fields[f] == "" {
			t.Errorf("no message for %s: %v", f, e.Fields)
		}
	}
	if _, ok := e.Fields["licence"]; ok {
		t.Errorf("a right licence flagged: %v", e.Fields)
	}
	if got := testenv.Must(svc.Store().FindSiteByID(ctx, site.ID)).Get(t); got.Agency != "" || got.Licence != "" {
		t.Errorf("a refused footer was saved: %+v", got)
	}

	good := site
	good.Agency = strings.Repeat("ơ", content.MaxSiteField)
	good.Phone, good.Email = "(0229) 3 640.101", " UBND@GiaVien.gov.vn "
	if err := svc.SaveSite(ctx, &good, nil); err != nil {
		t.Fatalf("good footer: %v", err)
	}
	got := testenv.Must(svc.Store().FindSiteByID(ctx, site.ID)).Get(t)
	if got.Email != "ubnd@giavien.gov.vn" || got.Phone != "(0229) 3 640.101" || got.Agency != good.Agency {
		t.Errorf("saved %q %q (agency %d letters)", got.Email, got.Phone, len([]rune(got.Agency)))
	}
	// A form runs the same rules first, without writing.
	form := content.Site{Key: "xa-gia-hung", Name: " Xã Gia Hưng ", Email: "VanPhong@GiaHung.gov.vn", Phone: "0229 3 640 102"}
	if err := content.PrepareSite(&form); err != nil || form.Email != "vanphong@giahung.gov.vn" || form.Name != "Xã Gia Hưng" {
		t.Errorf("PrepareSite: %v, %q %q", err, form.Name, form.Email)
	}
	form.Phone = "gọi tôi"
	if err := content.PrepareSite(&form); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("PrepareSite with a bad phone: %v", err)
	}
	// Emptying the phone and the e-mail is allowed.
	good.Phone, good.Email = "", ""
	if err := svc.SaveSite(ctx, &good, nil); err != nil {
		t.Errorf("empty phone and e-mail: %v", err)
	}
}
