package consultation

import (
	"testing"
	"time"

	"trangtin/internal/apperr"
)

func TestPhaseDecidedAtRequestTime(t *testing.T) {
	opens := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	c := Consultation{OpensAt: opens, ClosesAt: opens.Add(10 * 24 * time.Hour)}
	for _, x := range []struct {
		at   time.Time
		want Phase
	}{
		{opens.Add(-time.Second), PhaseUpcoming},
		{opens, PhaseOpen},
		{c.ClosesAt, PhaseOpen},
		{c.ClosesAt.Add(time.Nanosecond), PhaseClosed},
	} {
		if got := c.PhaseAt(x.at); got != x.want {
			t.Errorf("PhaseAt(%s) = %s, want %s", x.at, got, x.want)
		}
	}
	if err := CheckOpen(c, c.ClosesAt.Add(time.Second)); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("closed: %v", err)
	}
}

func TestValidateComment(t *testing.T) {
	ok := CommentInput{Name: "Bình", Phone: "0912 345 678", Body: "Góp ý đủ mười ký tự."}
	if err := ValidateComment(&ok); err != nil {
		t.Fatal(err)
	}
	for _, in := range []CommentInput{
		{Name: "Bình", Body: "Góp ý đủ mười ký tự."},                    // no contact
		{Name: "Bình", Phone: "abc", Body: "Góp ý đủ mười ký tự."},      // bad phone
		{Name: "", Email: "b@example.vn", Body: "Góp ý đủ mười ký tự."}, // no name
		{Name: "Bình", Email: "b@example.vn", Body: "ngắn"},             // short
	} {
		if err := ValidateComment(&in); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%+v: %v", in, err)
		}
	}
}
