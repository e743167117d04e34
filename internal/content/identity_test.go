package content

import (
	"strings"
	"testing"

	"trangtin/internal/apperr"
)

func TestContrastMatchesWCAG(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want string
	}{
		{"#000000", "#ffffff", "21,00"},
		{"#777777", "#ffffff", "4,47"}, // the classic grey just below AA
		{"#767676", "#ffffff", "4,54"}, // and just above
		{"#a50e0e", "#ffffff", "7,86"}, // the default theme's red
		{"#d4a017", TextOnAccent, "7,32"},
	} {
		if got := RatioText(Contrast(c.a, c.b)); got != c.want {
			t.Errorf("contrast %s on %s = %s, want %s", c.a, c.b, got, c.want)
		}
	}
}

func TestCheckIdentityRefusesLowContrastNamingTheRatio(t *testing.T) {
	id := Identity{Primary: " #777777 ", Accent: "1a1a1a"}
	err := CheckIdentity(&id)
	e, ok := apperrOf(err)
	if !ok || !apperr.Is(err, apperr.Invalid) {
		t.Fatalf("low contrast accepted: %v", err)
	}
	if msg := e.Fields["primary"]; !strings.Contains(msg, "4,47:1") || !strings.Contains(msg, "4,5:1") || !strings.Contains(msg, "#777777") {
		t.Errorf("primary: %q, want the ratio 4,47:1 against 4,5:1 named", msg)
	}
	if msg := e.Fields["accent"]; !strings.Contains(msg, "1,00:1") {
		t.Errorf("accent: %q, want the ratio 1,00:1 named", msg)
	}
	bad := Identity{Primary: "đỏ"}
	if err := CheckIdentity(&bad); !apperr.Is(err, apperr.Invalid) || !strings.Contains(apperr.MessageOf(err)+fieldsOf(err), "không phải mã màu") {
		t.Errorf("a word for a colour: %v", err)
	}
	good := Identity{Primary: "#0B4A8B", Accent: "#fc0"}
	if err := CheckIdentity(&good); err != nil {
		t.Fatalf("good colours refused: %v", err)
	}
	if good.Primary != "#0b4a8b" || good.Accent != "#ffcc00" {
		t.Errorf("colours normalised to %q %q", good.Primary, good.Accent)
	}
	css := good.Stylesheet()
	for _, want := range []string{"--brand: #0b4a8b;", "--accent: #ffcc00;", "html:not(.tuong-phan-cao)"} {
		if !strings.Contains(css, want) {
			t.Errorf("stylesheet lacks %q:\n%s", want, css)
		}
	}
	if (Identity{}).Stylesheet() != "" {
		t.Error("the default look has a stylesheet")
	}
}

func apperrOf(err error) (*apperr.Error, bool) {
	e, ok := err.(*apperr.Error)
	return e, ok
}

func fieldsOf(err error) string {
	e, ok := apperrOf(err)
	if !ok {
		return ""
	}
	var b strings.Builder
	for _, m := range e.Fields {
		b.WriteString(m)
	}
	return b.String()
}

// TestKitsPerKind: every kind has a kit, a commune's is not a province's,
// and a kit gives a new site its categories, the Giới thiệu pages, the
// settings and the modules of its kind.
func TestKitsPerKind(t *testing.T) {
	names := map[Kind][]string{}
	for _, k := range Kinds {
		n := NewSite{Site: &Site{Key: "x", Name: "Trang thông tin điện tử xã Gia Hưng", Kind: k}}
		if err := applyKit(&n); err != nil {
			t.Fatalf("%s: %v", k, err)
		}
		if len(n.Categories) < 3 || len(n.Pages) < 2 {
			t.Errorf("%s: %d categories, %d pages", k, len(n.Categories), len(n.Pages))
		}
		keys := map[string]bool{}
		for _, s := range n.Settings {
			keys[s.Key] = true
		}
		for _, want := range []string{KeyAbout, KeyAccessInfo, KeyMenu, KeyModules} {
			if !keys[want] {
				t.Errorf("%s: no %s setting", k, want)
			}
		}
		slugs := map[string]bool{}
		for i, c := range n.Categories {
			if c.Parent >= i || slugs[c.Slug] || c.Slug == "" {
				t.Errorf("%s: category %d %+v: bad parent or slug", k, i, c)
			}
			slugs[c.Slug] = true
			names[k] = append(names[k], c.Name)
		}
	}
	for _, want := range []string{"Tin tức - Sự kiện", "Thông báo", "Chính sách - Pháp luật", "Thủ tục hành chính"} {
		if !strings.Contains(strings.Join(names[KindCommune], "|"), want) {
			t.Errorf("the commune kit lacks %q", want)
		}
	}
	if strings.Join(names[KindCommune], "|") == strings.Join(names[KindProvince], "|") {
		t.Error("a commune's kit is the province's")
	}
	on, err := KitModules(KindCommune)
	if err != nil {
		t.Fatal(err)
	}
	sw := switchesOn(on)
	if !sw.On(ModuleQuestions) || sw.On(ModuleConsultations) {
		t.Errorf("commune modules: %+v", sw)
	}
}

func TestModulePaths(t *testing.T) {
	sw := ModuleSwitches{Off: []Module{ModuleDocuments}}
	for path, want := range map[string]bool{
		"/van-ban": false, "/van-ban/12-qd": false, "/api/v1/documents/3": false, "/van-ban-moi": true,
		"/hoi-dap": true, "/": true, "/chuyen-muc/van-ban": true, "/van-ban?loai=qd": false,
	} {
		if got := sw.PathOn(path); got != want {
			t.Errorf("PathOn(%q) = %v, want %v", path, got, want)
		}
	}
}
