package document

import (
	"strings"
	"testing"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/testenv"
	"trangtin/internal/vi"
)

func TestCheckNumbers(t *testing.T) {
	good := map[string]string{
		"123/QĐ-UBND":     "123/QĐ-UBND",
		" 05/2020/NĐ-CP ": "05/2020/NĐ-CP",
		"15/CT-TTg":       "15/CT-TTg",
		"1234/UBND-VX":    "1234/UBND-VX",
		"123 / QĐ - UBND": "123/QĐ-UBND",
		"45/BC-UBND":      "45/BC-UBND",
		"03/NQ-HĐND":      "03/NQ-HĐND",
		"12/KH-BCĐ.389":   "12/KH-BCĐ.389",
	}
	for in, want := range good {
		d, err := Check(Input{Type: "Quyết định", Number: in, Issuer: "UBND huyện", Abstract: "Về việc", IssuedOn: "2020-01-05"})
		if err != nil || d.Number != want {
			t.Errorf("Check(%q): number %q, err %v; want %q", in, d.Number, err, want)
		}
	}
	for _, in := range []string{"QĐ-UBND", "123", "123/", "/QĐ-UBND", "123/QĐ--UBND", "123/QĐ UBND", "abc/QĐ-UBND", "123/QĐ-UBND<script>"} {
		_, err := Check(Input{Type: "Quyết định", Number: in, Issuer: "UBND huyện", Abstract: "Về việc", IssuedOn: "2020-01-05"})
		var e *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !asErr(err, &e) || e.Fields["number"] == "" {
			t.Errorf("Check(%q): err %v, want an Invalid error on number", in, err)
		}
	}
}

func asErr(err error, e **apperr.Error) bool {
	x, ok := err.(*apperr.Error)
	*e = x
	return ok
}

func TestCheckFields(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    Input
		field string
	}{
		{"empty", Input{}, "type"},
		{"unknown type", Input{Type: "Thư tình", Number: "1/QĐ-UBND", Issuer: "x", Abstract: "x", IssuedOn: "2020-01-01"}, "type"},
		{"no issuer", Input{Type: "Quyết định", Number: "1/QĐ-UBND", Abstract: "x", IssuedOn: "2020-01-01"}, "issuer"},
		{"no abstract", Input{Type: "Quyết định", Number: "1/QĐ-UBND", Issuer: "x", IssuedOn: "2020-01-01"}, "abstract"},
		{"no issue date", Input{Type: "Quyết định", Number: "1/QĐ-UBND", Issuer: "x", Abstract: "x"}, "issued_on"},
		{"bad date", Input{Type: "Quyết định", Number: "1/QĐ-UBND", Issuer: "x", Abstract: "x", IssuedOn: "31/02/2020"}, "issued_on"},
		{"unreadable date", Input{Type: "Quyết định", Number: "1/QĐ-UBND", Issuer: "x", Abstract: "x", IssuedOn: "5 tháng 1"}, "issued_on"},
		{"effective before issue", Input{Type: "Quyết định", Number: "1/QĐ-UBND", Issuer: "x", Abstract: "x", IssuedOn: "2020-01-05", EffectiveOn: "2020-01-04"}, "effective_on"},
		{"expires before effect", Input{Type: "Quyết định", Number: "1/QĐ-UBND", Issuer: "x", Abstract: "x", IssuedOn: "2020-01-05", EffectiveOn: "2020-02-01", ExpiresOn: "2020-01-20"}, "expires_on"},
		{"expires on issue day", Input{Type: "Quyết định", Number: "1/QĐ-UBND", Issuer: "x", Abstract: "x", IssuedOn: "2020-01-05", ExpiresOn: "2020-01-05"}, "expires_on"},
	} {
		_, err := Check(tc.in)
		var e *apperr.Error
		if !asErr(err, &e) || e.Code != apperr.Invalid || e.Fields[tc.field] == "" {
			t.Errorf("%s: err %v, want an Invalid error on %s", tc.name, err, tc.field)
		}
	}
}

func TestValidityAndCitation(t *testing.T) {
	d := Document{ID: 12, Type: "Quyết định", Number: "123/QĐ-UBND", Issuer: "UBND huyện Gia Viễn",
		IssuedOn: vi.NewDay(2020, 1, 5), EffectiveOn: vi.NewDay(2020, 1, 15),
		ExpiresOn: vi.NewDay(2021, 1, 1)}
	if got, want := d.Citation(), "Quyết định số 123/QĐ-UBND ngày 05 tháng 01 năm 2020 của UBND huyện Gia Viễn"; got != want {
		t.Errorf("Citation = %q, want %q", got, want)
	}
	if got := d.Path(); got != "/van-ban/12-123-qd-ubnd" {
		t.Errorf("Path = %q", got)
	}
	for day, want := range map[string]Validity{"2020-01-10": ValidityPending, "2020-01-15": ValidityInForce, "2020-12-31": ValidityInForce, "2021-01-01": ValidityExpired} {
		today := testenv.Must(ParseDate(day)).Get(t)
		if got := d.ValidityOn(today); got != want {
			t.Errorf("ValidityOn(%s) = %s, want %s", day, got, want)
		}
	}
	d.ReplacedByID = 3
	if got := d.ValidityOn(vi.NewDay(2020, 6, 1)); got != ValidityReplaced {
		t.Errorf("replaced: %s", got)
	}
	for ref, want := range map[string]int64{"12-123-qd-ubnd": 12, "12": 12, "012-x": 0, "x-12": 0, "-1": 0} {
		id, ok := ParseRef(ref)
		if (want == 0) == ok || id != want && ok {
			t.Errorf("ParseRef(%q) = %d, %v; want %d", ref, id, ok, want)
		}
	}
	// Today is Vietnam's calendar day: 18:00 UTC is already the next day.
	if got := Today(time.Date(2020, 1, 5, 18, 0, 0, 0, time.UTC)); DateString(got) != "2020-01-06" {
		t.Errorf("Today = %s", DateString(got))
	}
}

// TestCheckTypedDates: the dates of the form as people type them, day
// first, give the same day as ISO, and the form shows them back as
// dd/mm/yyyy whatever was typed.
func TestCheckTypedDates(t *testing.T) {
	for _, typed := range []string{"05/12/2026", "5/12/2026", "05-12-2026", "2026-12-05"} {
		d, err := Check(Input{Type: "Quyết định", Number: "1/QĐ-UBND", Issuer: "x", Abstract: "x", IssuedOn: typed, ExpiresOn: "31/12/2026"})
		if err != nil {
			t.Errorf("%s: %v", typed, err)
			continue
		}
		if got := d.IssuedOn.String(); got != "2026-12-05" {
			t.Errorf("%s: issued on %s, want 2026-12-05 (5 December)", typed, got)
		}
		if got := InputOf(d).IssuedOn; got != "05/12/2026" {
			t.Errorf("%s: the form shows %q, want 05/12/2026", typed, got)
		}
	}
	_, err := Check(Input{Type: "Quyết định", Number: "1/QĐ-UBND", Issuer: "x", Abstract: "x", IssuedOn: "31/02/2026"})
	var e *apperr.Error
	if !asErr(err, &e) || !strings.HasPrefix(e.Fields["issued_on"], "Ngày ban hành không hợp lệ") {
		t.Errorf("31/02/2026: %v", err)
	}
}
