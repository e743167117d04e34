package content

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"

	"trangtin/internal/audit"
)

// A site's identity: its logo, banner image, favicon and two colours.
// One set of templates serves every site; a site's look is this data,
// turned into a small stylesheet of CSS custom properties (see
// Identity.Stylesheet) and a few image addresses in the layout. A site
// that never saved it looks exactly like the default theme.

// KeyIdentity is the setting holding a site's identity.
const KeyIdentity = "identity"

// The text colours the two site colours carry: white on the primary
// colour (the masthead and the menu), dark on the accent colour (the menu
// rule and the menu's current item).
const (
	TextOnPrimary = "#ffffff"
	TextOnAccent  = "#1a1a1a"
	// MinContrast is WCAG 2.x AA for normal text.
	MinContrast = 4.5
)

// IdentityImage is one image of the identity: a photo of the site's media
// library, kept as a snapshot of its addresses.
type IdentityImage struct {
	MediaID int64  `json:"media_id"`
	Src     string `json:"src"`              // the largest variant
	Small   string `json:"small,omitempty"`  // the smallest variant (logo, favicon)
	Srcset  string `json:"srcset,omitempty"` // every variant
	Width   int    `json:"width,omitempty"`
	Height  int    `json:"height,omitempty"`
}

// Set reports whether an image is chosen.
func (i IdentityImage) Set() bool { return i.MediaID != 0 && i.Src != "" }

// Identity is a site's logo, banner, favicon and colours; the zero value
// is the default look.
type Identity struct {
	Logo    IdentityImage `json:"logo"`
	Banner  IdentityImage `json:"banner"`
	Favicon IdentityImage `json:"favicon"`
	Primary string        `json:"primary,omitempty"` // "#rrggbb"; "" the default
	Accent  string        `json:"accent,omitempty"`
}

// Themed reports whether the identity changes the default stylesheet.
func (id Identity) Themed() bool { return id.Primary != "" || id.Accent != "" || id.Banner.Set() }

// Identity returns the site's identity (the zero Identity when never saved).
func (f *Furniture) Identity(ctx context.Context, siteID int64) (Identity, error) {
	var id Identity
	_, err := f.load(ctx, siteID, KeyIdentity, &id)
	return id, err
}

// SaveIdentity checks the colours (see CheckIdentity) and saves id.
func (f *Furniture) SaveIdentity(ctx context.Context, siteID int64, id *Identity, e *audit.Entry) error {
	if err := CheckIdentity(id); err != nil {
		return err
	}
	if e != nil {
		named(e, "identity", 0)
		e.Detail = map[string]string{"primary": id.Primary, "accent": id.Accent,
			"logo": strconv.FormatInt(id.Logo.MediaID, 10), "banner": strconv.FormatInt(id.Banner.MediaID, 10), "favicon": strconv.FormatInt(id.Favicon.MediaID, 10)}
	}
	return update(ctx, f, siteID, KeyIdentity, e, func(v *Identity) error { *v = *id; return nil })
}

// CheckIdentity normalises the colours ("#RGB", "rrggbb" … become
// "#rrggbb") and refuses one that is not a colour or whose contrast with
// the text on it is below MinContrast, naming the ratio.
func CheckIdentity(id *Identity) error {
	fe := fieldErrors{}
	for _, c := range []struct {
		field, label, text, textName, hint string
		value                              *string
	}{
		{"primary", "Màu chủ đạo", TextOnPrimary, "chữ trắng", "đậm", &id.Primary},
		{"accent", "Màu nhấn", TextOnAccent, "chữ đen", "nhạt", &id.Accent},
	} {
		if strings.TrimSpace(*c.value) == "" {
			*c.value = ""
			continue
		}
		hex, ok := ParseColor(*c.value)
		if !ok {
			fe.check(false, c.field, fmt.Sprintf("%s %q không phải mã màu: ghi dạng #RRGGBB, ví dụ #a50e0e.", c.label, strings.TrimSpace(*c.value)))
			continue
		}
		*c.value = hex
		r := Contrast(hex, c.text)
		fe.check(r >= MinContrast, c.field, fmt.Sprintf("%s %s và %s trên nền đó chỉ đạt tỉ lệ tương phản %s:1, dưới mức tối thiểu 4,5:1 (WCAG AA). Hãy chọn màu %s hơn.",
			c.label, hex, c.textName, RatioText(r), c.hint))
	}
	return fe.err()
}

// ParseColor reads a colour as people type it ("#a50e0e", "A50E0E",
// "#fff") and returns it as "#rrggbb".
func ParseColor(s string) (string, bool) {
	s = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "#"))
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	if len(s) != 6 {
		return "", false
	}
	if _, err := strconv.ParseUint(s, 16, 32); err != nil {
		return "", false
	}
	return "#" + s, true
}

// luminance is the WCAG relative luminance of "#rrggbb".
func luminance(hex string) float64 {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	ch := func(shift uint) float64 {
		c := float64((v>>shift)&0xff) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(16) + 0.7152*ch(8) + 0.0722*ch(0)
}

// Contrast is the WCAG contrast ratio of two "#rrggbb" colours, 1 to 21.
func Contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// RatioText writes a ratio as Vietnamese does, rounded down to two
// decimals so a refused colour is never shown as reaching the minimum:
// "4,48".
func RatioText(r float64) string {
	return strings.Replace(strconv.FormatFloat(math.Floor(r*100)/100, 'f', 2, 64), ".", ",", 1)
}

// Shade darkens "#rrggbb" to the fraction f (0–1) of each channel.
func Shade(hex string, f float64) string {
	v, _ := strconv.ParseUint(strings.TrimPrefix(hex, "#"), 16, 32)
	ch := func(shift uint) uint64 { return uint64(math.Round(float64((v>>shift)&0xff) * f)) }
	return fmt.Sprintf("#%02x%02x%02x", ch(16), ch(8), ch(0))
}

// Stylesheet is the CSS of a themed site: the custom properties its
// colours set, kept off the high-contrast display (which keeps its own),
// and the banner image's rules. "" for the default look.
func (id Identity) Stylesheet() string {
	if !id.Themed() {
		return ""
	}
	var b strings.Builder
	b.WriteString("/* trangtin: site identity */\n")
	if id.Primary != "" || id.Accent != "" {
		b.WriteString("html:not(.tuong-phan-cao) {\n")
		if id.Primary != "" {
			// The menu and its sub-menus are darker shades of the primary
			// colour, as the default theme's are of its red.
			fmt.Fprintf(&b, "  --brand: %s;\n  --menu: %s;\n  --menu-sub: %s;\n", id.Primary, Shade(id.Primary, 0.74), Shade(id.Primary, 0.57))
		}
		if id.Accent != "" {
			fmt.Fprintf(&b, "  --accent: %s;\n", id.Accent)
		}
		b.WriteString("}\n")
	}
	if id.Accent != "" {
		fmt.Fprintf(&b, "html:not(.tuong-phan-cao) .menu a[aria-current] { background: var(--accent); color: %s; }\n", TextOnAccent)
	}
	if id.Banner.Set() {
		b.WriteString(".masthead-image { display: block; }\n.masthead-image img { display: block; width: 100%; height: auto; }\n")
	}
	return b.String()
}
