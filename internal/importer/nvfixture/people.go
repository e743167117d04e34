package nvfixture

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"fmt"
	"hash"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"trangtin/internal/vi"
)

// nukevietHash is what NukeViet's Encryption::hash_password writes for
// prefix: base64(digest(password + salt) + salt), salt 4 characters.
func nukevietHash(prefix, password, salt string) string {
	var h hash.Hash
	switch prefix {
	case "{SSHA512}":
		h = sha512.New()
	case "{SSHA256}":
		h = sha256.New()
	case "{SSHA}":
		h = sha1.New()
	case "{SHA}":
		h, salt = sha1.New(), ""
	case "{MD5}":
		h, salt = md5.New(), ""
	default:
		panic("nvfixture: unknown hash prefix " + prefix)
	}
	h.Write([]byte(password + salt))
	return prefix + base64.StdEncoding.EncodeToString(append(h.Sum(nil), salt...))
}

func users() []User {
	u := []User{
		{ID: 1, Lev: 1, Username: "quantri", First: "Văn An", Last: "Nguyễn", Password: "QuanTri@2020", Hash: "{SSHA512}"},
		{ID: 2, Lev: 3, Username: "bientap", First: "Thị Biên", Last: "Trần", Password: "BienTap#2019", Hash: "{SSHA256}"},
		{ID: 3, Username: "phongvien1", First: "Kim Thoả", Last: "Lê", Password: "PhongVien1!", Hash: "{SSHA}"},
		{ID: 4, Username: "phongvien2", First: "Minh Hải", Last: "Phạm", Password: "PhongVien2!", Hash: "{SHA}"},
		{ID: 5, Lev: 2, Username: "truongban", First: "Quốc Trưởng", Last: "Đỗ", Password: "TruongBan2018", Hash: "{MD5}"},
		{ID: 6, Username: "congdan", First: "Văn Dân", Last: "Hoàng", Password: "CongDan123", Hash: "{SSHA512}"},
		{ID: 7, Lev: 3, Username: "cu", First: "Văn Cũ", Last: "Vũ", Password: "", Hash: "4b1e5b1e2d3f5a6b7c8d9e0f1a2b3c4d5e6f7a8b"},
	}
	for i := range u {
		u[i].Email = u[i].Username + "@anbinh.gov.vn"
		u[i].Active = true
		if strings.HasPrefix(u[i].Hash, "{") {
			u[i].Hash = nukevietHash(u[i].Hash, u[i].Password, fmt.Sprintf("%04x", 0x3f9c+i))
		}
	}
	return u
}

func laws(now time.Time) []Law {
	types := []string{"Quyết định", "Kế hoạch", "Công văn", "Thông báo"}
	issuers := []string{"UBND xã An Bình", "HĐND xã An Bình"}
	signers := []string{"Nguyễn Văn An", "Trần Thị Biên", "Đỗ Quốc Trưởng"}
	areas := []string{"Giáo dục", "Y tế", "Đất đai", "Nông nghiệp"}
	abbr := []string{"QĐ", "KH", "CV", "TB"}
	var out []Law
	for i := 1; i <= 30; i++ {
		publ := time.Date(2021, 1, 4, 0, 0, 0, 0, vi.Zone).AddDate(0, 0, i*23)
		l := Law{ID: i, CatID: 1 + i%4, SubjectID: 1 + i%2, SignID: 1 + i%3, Status: 1,
			Type: types[i%4], Issuer: issuers[i%2], Signer: signers[i%3],
			Code:       fmt.Sprintf("%d/%s-UBND", 100+i, abbr[i%4]),
			Title:      fmt.Sprintf("Về việc triển khai nhiệm vụ %s năm %d", strings.ToLower(areas[i%4]), publ.Year()),
			Introtext:  fmt.Sprintf("Triển khai nhiệm vụ %s trên địa bàn xã.", strings.ToLower(areas[i%4])),
			Areas:      []string{areas[i%4]},
			Publ:       publ,
			StartValid: publ.AddDate(0, 0, 10),
		}
		if i%5 == 0 {
			l.Areas = append(l.Areas, areas[(i+1)%4])
		}
		if i%3 == 0 {
			l.Files = []string{fmt.Sprintf("%d_%02d/van-ban-%d.pdf", publ.Year(), publ.Month(), i)}
		}
		if i%7 == 0 {
			l.Exp = publ.AddDate(1, 0, 0)
		}
		out = append(out, l)
	}
	out[4].ReplacedBy = 25 // law 5 is replaced by law 25
	out[29].Status = 0     // a hidden one
	return out
}

// The legacy fonts' encoders, the reverse of vi.FromTCVN3 and vi.FromVNI,
// built from them: each Vietnamese letter gets the shortest sequence of
// Latin-1 code points that decodes to it.
var (
	encOnce        sync.Once
	tcvn3Enc       map[rune]string
	vniEnc         map[rune]string
	latin1Printing []rune
)

func buildEncoders() {
	tcvn3Enc, vniEnc = map[rune]string{}, map[rune]string{}
	for r := rune(0x20); r < 0x100; r++ {
		latin1Printing = append(latin1Printing, r)
	}
	add := func(m map[rune]string, dec func(string) string, s string) {
		out := dec(s)
		if utf8.RuneCountInString(out) != 1 {
			return
		}
		r, _ := utf8.DecodeRuneInString(out)
		if r < 0x80 && string(r) == s {
			return
		}
		if old, ok := m[r]; !ok || len([]rune(s)) < len([]rune(old)) {
			m[r] = s
		}
	}
	for r := rune(0x80); r < 0x100; r++ {
		add(tcvn3Enc, vi.FromTCVN3, string(r))
	}
	for _, r1 := range latin1Printing {
		add(vniEnc, vi.FromVNI, string(r1))
		for r2 := rune(0x80); r2 < 0x100; r2++ {
			add(vniEnc, vi.FromVNI, string(r1)+string(r2))
		}
	}
}

func encodeWith(m map[rune]string, s string) string {
	encOnce.Do(buildEncoders)
	var b strings.Builder
	for _, r := range vi.NFC(s) {
		if e, ok := m[r]; ok && r >= 0x80 {
			b.WriteString(e)
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func encodeTCVN3(s string) string {
	encOnce.Do(buildEncoders)
	return encodeWith(tcvn3Enc, s)
}

func encodeVNI(s string) string {
	encOnce.Do(buildEncoders)
	return encodeWith(vniEnc, s)
}
