package schedule

import "testing"

// FuzzParseDay: a day read from what a user typed (30/11/2026 or
// 2026-11-30) is written and read back the same; anything else is a
// Vietnamese error.
func FuzzParseDay(f *testing.F) {
	for _, s := range []string{"30/11/2026", "2026-11-30", "1/1/2027", "31/2/2026", "00/00/0000", " 2/9/2026 ", "2026-W49", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDay(s)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		back, err := ParseDay(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDay(%q) = %v; read back from %q: %v, %v", s, d, d.String(), back, err)
		}
	})
}
