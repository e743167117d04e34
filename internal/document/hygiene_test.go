package document

import "testing"

func TestCheckDropsControlCharacters(t *testing.T) {
	d, err := Check(Input{Type: "Quyết định", Number: "12/QĐ-UBND\x00", Issuer: "UBND\x1b huyện", Signer: "Trần\x07 Văn B",
		Abstract: "Về việc\x00 ban hành\nquy chế\x1b[0m", IssuedOn: "2026-01-05"})
	if err != nil {
		t.Fatal(err)
	}
	if d.Number != "12/QĐ-UBND" || d.Issuer != "UBND huyện" || d.Signer != "Trần Văn B" || d.Abstract != "Về việc ban hành\nquy chế[0m" {
		t.Errorf("%q %q %q %q", d.Number, d.Issuer, d.Signer, d.Abstract)
	}
}
