package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"trangtin/internal/browsertest"
	"trangtin/internal/config"
	"trangtin/internal/testenv"
	"trangtin/internal/user"
)

// TestBrowserSwitchSite: one account with roles on two communes of the
// demo province signs in on one *.localhost host, picks the other commune
// in the header's switcher and lands in that site's area, signed in, on
// its own host, without the token in the address bar; axe-core finds
// nothing on the page with the switcher nor on the one it lands on, on a
// desktop and a phone.
func TestBrowserSwitchSite(t *testing.T) {
	app := startApp(t, config.Config{})
	ctx := context.Background()
	port := app.URL[strings.LastIndex(app.URL, ":")+1:]
	phong := testenv.Must(app.db.FindSiteByKey(ctx, "gia-phong")).Get(t)
	van := testenv.Must(app.db.FindSiteByKey(ctx, "gia-van")).Get(t)
	const email, password = "bt.hai.xa@ninhbinh.gov.vn", "Mat-khau-du-dai-2025"
	u, err := app.users.CreateUser(ctx, email, "Biên tập hai xã", password, user.RoleEditor, phong.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := app.db.SetMembership(ctx, user.Membership{UserID: u.ID, SiteID: van.ID, Role: user.RoleReporter}, nil); err != nil {
		t.Fatal(err)
	}
	from := "http://giaphong.localhost:" + port
	to := "http://giavan.localhost:" + port
	for _, mobile := range []bool{false, true} {
		suffix := ""
		if mobile {
			suffix = "-di-dong"
		}
		b := browsertest.New(t)
		if mobile {
			b.Visit(from+"/quan-tri/dang-nhap").SetMobileViewport(375, 812)
		}
		p := nrSignIn(t, b, from, email, password)
		if got := p.Text(".brand-site"); got != phong.Name {
			t.Fatalf("signed in on %q, want %q", got, phong.Name)
		}
		p.Screenshot("chuyen-trang" + suffix)
		p.AssertNoAxeViolations()
		var options []string
		p.Eval(`Array.from(document.querySelectorAll('#chuyen-trang option')).map(o => o.textContent.trim())`, &options)
		if strings.Join(options, "|") != phong.Name+"|"+van.Name {
			t.Errorf("the switcher offers %q", options)
		}
		if mobile {
			// On a phone the switcher stays inside the screen.
			var right float64
			p.Eval(`document.querySelector('.site-switch').getBoundingClientRect().right`, &right)
			if right > 375 {
				t.Errorf("the switcher reaches %.0f px on a 375 px screen", right)
			}
		}

		nrFill(t, p, map[string]string{"chuyen-trang": strconv.FormatInt(van.ID, 10)})
		// The form's answer sends the browser on to the other host by
		// itself: wait for the page that ends its redirects there.
		p.Click(`form[action="/quan-tri/chuyen-trang"] button[type=submit]`)
		var href string
		p.Wait(`location.host.startsWith("giavan.") && document.readyState === "complete" && location.href`, &href)
		if href != to+"/quan-tri/" {
			t.Errorf("after the switch the address bar shows %q, want %q", href, to+"/quan-tri/")
		}
		if got := p.Text(".brand-site"); got != van.Name {
			t.Errorf("after the switch the area is %q's, want %q's", got, van.Name)
		}
		if got := p.Text(".user-name"); got != u.Name {
			t.Errorf("after the switch signed in as %q", got)
		}
		if got := p.Text(".user-roles"); got != "Phóng viên / Cộng tác viên" {
			t.Errorf("roles on %s: %q", van.Name, got)
		}
		p.Screenshot("chuyen-trang-den" + suffix)
		p.AssertNoAxeViolations()

		// The first host's session is still there.
		p = b.Visit(from + "/quan-tri/")
		if got := p.Text(".brand-site"); got != phong.Name {
			t.Errorf("back on the first host: %q", got)
		}
	}
}
