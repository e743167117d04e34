package admin

import (
	"strings"
	"testing"
	"time"
)

// sideText writes a side as the template does, with [-…-] and {+…+}.
func sideText(segs []DiffSeg) string {
	var b strings.Builder
	for _, s := range segs {
		switch s.Kind {
		case "br":
			b.WriteString("¶")
		case "del":
			b.WriteString("[-" + s.Text + "-]")
		case "ins":
			b.WriteString("{+" + s.Text + "+}")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestWordDiff(t *testing.T) {
	for _, tc := range []struct{ old, new, left, right string }{
		{"", "", "", ""},
		{"Lễ hội mùa xuân", "Lễ hội mùa xuân", "Lễ hội mùa xuân", "Lễ hội mùa xuân"},
		{"Lễ hội mùa xuân", "Lễ hội mùa thu", "Lễ hội mùa [-xuân-]", "Lễ hội mùa {+thu+}"},
		{"Huyện tổ chức lễ hội", "Huyện long trọng tổ chức lễ hội", "Huyện tổ chức lễ hội", "Huyện {+long trọng+} tổ chức lễ hội"},
		{"một hai ba bốn", "một ba bốn năm", "một [-hai-] ba bốn", "một ba bốn {+năm+}"},
		{"", "Bài mới", "", "{+Bài mới+}"},
		{"Đoạn một.\nĐoạn hai.", "Đoạn một.\nĐoạn hai sửa.", "Đoạn một.¶Đoạn [-hai.-]", "Đoạn một.¶Đoạn {+hai sửa.+}"},
	} {
		l, r, changed := wordDiff(tc.old, tc.new)
		gl, gr := sideText(l), sideText(r)
		if gl != tc.left || gr != tc.right {
			t.Errorf("wordDiff(%q, %q) = %q | %q, want %q | %q", tc.old, tc.new, gl, gr, tc.left, tc.right)
		}
		if changed != (tc.old != tc.new) {
			t.Errorf("wordDiff(%q, %q) changed = %v", tc.old, tc.new, changed)
		}
	}
}

func TestPlainText(t *testing.T) {
	got := plainText(`<h2>Tiêu đề</h2><p>Xin <strong>chào</strong> bà&nbsp;con &amp; cô bác</p><ul><li>Một</li><li>Hai</li></ul><p>Cuối<br/>dòng`)
	if w := strings.Join(words(got), " "); w != "Tiêu đề \n Xin chào bà con & cô bác \n Một \n Hai \n Cuối \n dòng" {
		t.Errorf("words(plainText) = %q", w)
	}
}

// TestWordDiffLargeBodies makes sure a long article is compared quickly
// and within the table's bound, paragraph by paragraph.
func TestWordDiffLargeBodies(t *testing.T) {
	var a, b strings.Builder
	for i := 0; i < 600; i++ {
		line := strings.Repeat("chữ ", 12) + "đoạn số " + strings.Repeat("x", i%7) + "\n"
		a.WriteString(line)
		if i%50 == 0 {
			b.WriteString("thêm vào " + line)
		} else {
			b.WriteString(line)
		}
	}
	start := time.Now()
	l, r, changed := wordDiff(a.String(), b.String())
	if !changed || time.Since(start) > 5*time.Second {
		t.Fatalf("large diff: changed %v in %v", changed, time.Since(start))
	}
	if got := strings.Count(sideText(r), "{+thêm vào+}"); got != 12 {
		t.Errorf("%d insertions marked, want 12", got)
	}
	if strings.Contains(sideText(l), "[-") {
		t.Errorf("deletions marked where nothing was deleted")
	}
	// Entirely different long texts fall back to a replacement.
	x := strings.Repeat("a ", 5000)
	y := strings.Repeat("b ", 5000)
	l, r, _ = wordDiff(x, y)
	if len(l) != 1 || l[0].Kind != "del" || len(r) != 1 || r[0].Kind != "ins" {
		t.Errorf("replacement: %d/%d segments", len(l), len(r))
	}
}
