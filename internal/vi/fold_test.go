package vi

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var sink string

// paragraph is about 1000 characters of ordinary Vietnamese news text (NFC).
var paragraph = strings.Repeat("Sáng ngày 10/3/2023, tại Trung tâm Hội nghị tỉnh, "+
	"Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm 2022 và triển khai "+
	"nhiệm vụ trọng tâm năm 2023. Đồng chí Chủ tịch UBND tỉnh nhấn mạnh: "+
	"“Các sở, ngành, địa phương cần đẩy mạnh cải cách hành chính, chuyển đổi số "+
	"và nâng cao chất lượng phục vụ người dân, doanh nghiệp.” ", 3)

func TestParagraphSize(t *testing.T) {
	if n := utf8.RuneCountInString(paragraph); n < 900 || n > 1100 {
		t.Fatalf("benchmark paragraph has %d characters, want about 1000", n)
	}
}

func TestFoldASCIIZeroAlloc(t *testing.T) {
	in := "quyet dinh so 1234/qd-ubnd ngay 10-03-2023"
	if a := testing.AllocsPerRun(100, func() { sink = Fold(in) }); a != 0 {
		t.Errorf("Fold(lowercase ASCII) allocates %v times, want 0", a)
	}
	if Fold(in) != in {
		t.Errorf("Fold(%q) = %q", in, Fold(in))
	}
	upper := "Quyet Dinh So 1234/QD-UBND"
	if a := testing.AllocsPerRun(100, func() { sink = Fold(upper) }); a > 1 {
		t.Errorf("Fold(ASCII with capitals) allocates %v times, want at most 1", a)
	}
	if got, want := Fold(upper), "quyet dinh so 1234/qd-ubnd"; got != want {
		t.Errorf("Fold(%q) = %q, want %q", upper, got, want)
	}
}

func TestFoldVietnameseOneAlloc(t *testing.T) {
	if a := testing.AllocsPerRun(100, func() { sink = Fold(paragraph) }); a > 1 {
		t.Errorf("Fold(Vietnamese paragraph) allocates %v times, want at most 1", a)
	}
	if got, want := Fold(paragraph), foldSlow(paragraph); got != want {
		t.Errorf("Fold(paragraph) = %q, want %q", got, want)
	}
}

// TestFoldTable checks the per-rune fast path against the reference
// implementation for every rune of the table ranges, alone and in context,
// including next to combining marks (which must force the slow path).
func TestFoldTable(t *testing.T) {
	covered := 0
	for _, fr := range foldTable {
		for r := fr.lo; r < fr.hi; r++ {
			if _, ok := foldTable.lookup(r); ok {
				covered++
			}
			for _, s := range []string{
				string(r),
				"A" + string(r) + "b",
				string(r) + "\u0301",
				"e" + string(r) + "\u0323\u0302",
				"Đ" + string(r) + string(r) + "ệ",
			} {
				if got, want := Fold(s), foldSlow(s); got != want {
					t.Errorf("Fold(%q) = %q, foldSlow = %q", s, got, want)
				}
			}
		}
	}
	// All precomposed Vietnamese letters must be on the fast path.
	for _, r := range vietnameseLetters() {
		f, ok := foldTable.lookup(r)
		if !ok || len(f) != 1 {
			t.Errorf("%q (U+%04X) is not folded by the table (got %q, %v)", r, r, f, ok)
		}
	}
	if covered < 400 {
		t.Errorf("fold table covers only %d runes", covered)
	}
}

// vietnameseLetters returns the 134 letters with Vietnamese diacritics
// (including đ/Đ), built from base letters and combining marks.
func vietnameseLetters() []rune {
	var out []rune
	for _, base := range []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"} {
		for _, tone := range []string{"", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"} {
			for _, b := range []string{base, strings.ToUpper(base)} {
				s := norm.NFC.String(b + tone)
				if r, n := utf8.DecodeRuneInString(s); n == len(s) && r >= utf8.RuneSelf {
					out = append(out, r)
				}
			}
		}
	}
	return append(out, 'đ', 'Đ')
}

func TestVietnameseLetterCount(t *testing.T) {
	if n := len(vietnameseLetters()); n != 134 {
		t.Fatalf("got %d Vietnamese letters, want 134", n)
	}
}

func TestFoldExtra(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"ĐẠI HỌC QUỐC GIA", "dai hoc quoc gia"},
		{"Ångström ﬁ ½", "angstrom fi 1⁄2"},
		{"Giá 100.000₫", "gia 100.000₫"},
		{"\xffé", "\uFFFDe"},
		{"\xf1½", "\uFFFD1⁄2"}, // found by FuzzFold
		{"ΣΊΣΥΦΟΣ", "σισυφοσ"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func TestSlugLong(t *testing.T) {
	words := strings.Fields("Nghị quyết về phát triển kinh tế xã hội bền vững gắn với bảo đảm quốc phòng an ninh")
	var title []string
	for n := 0; n < 300; {
		w := words[len(title)%len(words)]
		title = append(title, w)
		n += utf8.RuneCountInString(w) + 1
	}
	in := strings.Join(title, " ")
	full := strings.Join(strings.Fields(Fold(in)), "-")
	got := Slug(in)
	if len(got) > slugMax || len(got) < slugMin {
		t.Errorf("Slug of a %d-char title has %d bytes, want %d..%d: %q",
			utf8.RuneCountInString(in), len(got), slugMin, slugMax, got)
	}
	if !slugRE.MatchString(got) {
		t.Errorf("Slug = %q, does not match %s", got, slugRE)
	}
	if !strings.HasPrefix(full, got) || full[len(got)] != '-' {
		t.Errorf("Slug = %q is not cut at a '-' boundary of %q", got, full)
	}

	// No '-' between bytes 100 and 120: hard cut at 120 bytes.
	long := strings.Repeat("x", 95) + " " + strings.Repeat("ậ", 200)
	if got := Slug(long); len(got) != slugMax || !slugRE.MatchString(got) {
		t.Errorf("Slug(long word) = %q (%d bytes)", got, len(got))
	}

	// Exactly 120 bytes: not cut; 121 bytes: cut at the last '-'.
	for _, tt := range []struct{ in, want string }{
		{strings.Repeat("a", 60) + " " + strings.Repeat("b", 59), strings.Repeat("a", 60) + "-" + strings.Repeat("b", 59)},
		{strings.Repeat("a", 110) + " " + strings.Repeat("b", 10), strings.Repeat("a", 110)},
		{strings.Repeat("a", 99) + " " + strings.Repeat("b", 99), strings.Repeat("a", 99) + "-" + strings.Repeat("b", 20)},
	} {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlugExtra(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"“” – …", ""},
		{"ភាសាខ្មែរ", ""},
		{"--Tin tức--", "tin-tuc"},
		{"Đắk Nông", "dak-nong"},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{
		"", "ABC xyz 123", "Sáng 10/3, Ủy ban nhân dân tỉnh tổ chức hội nghị “Đổi mới”…", "Việt Nam", "Vie\u0323\u0302t Nam",
		"ÐẠI HỘI", "25 m²", "ភាសាខ្មែរ", "\uFEFFThông báo", "\xff\xfe", "ﬁ…½",
		"\u1100\u1161\u11a8", "a\u0345\u0301", "ΣΊΣΥΦΟΣ", "İstanbul",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if want := foldSlow(s); got != want {
			t.Fatalf("Fold(%q) = %q, reference = %q", s, got, want)
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, got)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("Fold(%q) = %q is not NFC", s, got)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold is not idempotent: Fold(%q) = %q, Fold of that = %q", s, got, again)
		}
		if sl := Slug(s); sl != "" && !slugRE.MatchString(sl) {
			t.Fatalf("Slug(%q) = %q does not match %s", s, sl, slugRE)
		} else if len(sl) > slugMax {
			t.Fatalf("Slug(%q) = %q is longer than %d bytes", s, sl, slugMax)
		}
	})
}

func BenchmarkFold(b *testing.B) {
	b.SetBytes(int64(len(paragraph)))
	b.ReportAllocs()
	for b.Loop() {
		sink = Fold(paragraph)
	}
}

// BenchmarkFoldASCII measures the ASCII fast path on already folded text
// (no allocation).
func BenchmarkFoldASCII(b *testing.B) {
	in := strings.NewReplacer("“", `"`, "”", `"`).Replace(Fold(paragraph))
	if !isASCII(in) || Fold(in) != in {
		b.Fatal("input is not folded ASCII")
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		sink = Fold(in)
	}
}

// BenchmarkFoldReference measures the literal algorithm, for comparison.
func BenchmarkFoldReference(b *testing.B) {
	b.SetBytes(int64(len(paragraph)))
	b.ReportAllocs()
	for b.Loop() {
		sink = foldSlow(paragraph)
	}
}

func BenchmarkSlug(b *testing.B) {
	title := "Chủ tịch UBND tỉnh thăm, tặng quà gia đình chính sách nhân dịp Tết Nguyên đán Quý Mão 2023"
	b.ReportAllocs()
	for b.Loop() {
		sink = Slug(title)
	}
}

// TestNumberedSlugFitsAndIsItsOwnSlug: base-n never passes SlugMax and is
// always its own Slug, so a numbered slug passes the check of every later
// save; a base with room keeps all of itself.
func TestNumberedSlugFitsAndIsItsOwnSlug(t *testing.T) {
	titles := []string{
		// a real title whose slug is 119 bytes: "-2" used to make it 121
		"Hội nghị triển khai thực hiện Nghị quyết của Hội đồng nhân dân huyện về phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh năm 2026 trên địa bàn huyện Gia Viễn",
		strings.Repeat("a", 300),                     // no '-' at all: cut at 120
		strings.Repeat("ab ", 100),                   // '-' everywhere
		strings.Repeat("x", 110) + " " + "yyyyyyyyy", // one '-' at 110
		"Hội nghị bảo trợ xã hội",
	}
	for _, title := range titles {
		base := Slug(title)
		for _, n := range []int{1, 2, 9, 10, 99, 100, 1000} {
			got := NumberedSlug(base, n)
			if len(got) > SlugMax || Slug(got) != got {
				t.Errorf("NumberedSlug(%q, %d) = %q (%d bytes): not its own slug within %d bytes", base, n, got, len(got), SlugMax)
			}
			suffix := "-" + strconv.Itoa(n)
			if n == 1 {
				suffix = ""
			}
			if !strings.HasSuffix(got, suffix) {
				t.Errorf("NumberedSlug(%q, %d) = %q: no %q", base, n, got, suffix)
			}
			if len(base)+len(suffix) <= SlugMax && got != base+suffix {
				t.Errorf("NumberedSlug(%q, %d) = %q, want %q", base, n, got, base+suffix)
			}
			if len(got) < 90 && len(base) > 100 {
				t.Errorf("NumberedSlug(%q, %d) = %q: shortened too much", base, n, got)
			}
		}
	}
	if got := NumberedSlug(Slug(titles[0]), 2); len(Slug(titles[0])) != 119 || got != Slug(titles[0])[:strings.LastIndexByte(Slug(titles[0]), '-')]+"-2" {
		t.Errorf("real title: %q", got)
	}
}
