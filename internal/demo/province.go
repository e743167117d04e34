package demo

import (
	"context"
	"fmt"
	"time"

	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/vi"
)

// The demo province around the Gia Viễn site, on *.localhost hosts (a
// name under .localhost is this machine, RFC 6761): the province portal,
// two communes and an archived district site whose work the province
// took over. Gia Viễn itself stays the default site, answering
// localhost and every other host, and becomes a child of the province.
const (
	ProvinceKey  = "ninhbinh"
	ProvinceHost = "ninhbinh.localhost"
)

// ProvinceSites are the demo province's sites besides Gia Viễn: key, name,
// kind, host, parent.
var ProvinceSites = []struct{ Key, Name, Host, Parent string }{
	{ProvinceKey, "Cổng thông tin điện tử tỉnh Ninh Bình", ProvinceHost, ""},
	{"gia-phong", "Trang thông tin điện tử xã Gia Phong", "giaphong.localhost", ProvinceKey},
	{"gia-van", "Trang thông tin điện tử xã Gia Vân", "giavan.localhost", ProvinceKey},
	{"hoa-lu", "Trang thông tin điện tử huyện Hoa Lư", "hoalu.localhost", ProvinceKey},
}

// ArchivedKey is the demo's archived site: the district of Hoa Lư ended
// with the districts on 1 July 2025; the province portal took over.
const ArchivedKey = "hoa-lu"

var demoActor = audit.Entry{Actor: "trình diễn (trangtin)"}

// ensureProvince creates the demo province (see ProvinceSites), each
// site with its kind's kit and one article, and archives Hoa Lư.
func ensureProvince(ctx context.Context, svc *content.Service, giavien string) error {
	reg, ok := svc.Store().(content.SiteRegistry)
	if !ok {
		return nil // a store without site management: the demo site alone
	}
	sites := content.NewSites(reg)
	var batch []content.NewSite
	for _, p := range ProvinceSites {
		kind := content.KindCommune
		if p.Key == ProvinceKey {
			kind = content.KindProvince
		}
		batch = append(batch, content.NewSite{Site: &content.Site{Key: p.Key, Name: p.Name, Kind: kind, Host: p.Host}, ParentKey: p.Parent})
	}
	if err := sites.Add(ctx, batch, demoActor); err != nil {
		return fmt.Errorf("demo province: %w", err)
	}
	parent := ProvinceKey
	if _, err := sites.Update(ctx, giavien, content.SiteChange{Parent: &parent}, demoActor); err != nil {
		return fmt.Errorf("demo province: %w", err)
	}
	for i, n := range batch {
		if err := demoArticle(ctx, svc, n.Site, i); err != nil {
			return err
		}
	}
	if _, err := sites.Archive(ctx, ArchivedKey, ProvinceKey, vi.NewDay(2025, time.July, 1), demoActor); err != nil {
		return fmt.Errorf("demo province: %w", err)
	}
	return nil
}

// demoArticle publishes one article on site, in its first category.
func demoArticle(ctx context.Context, svc *content.Service, site *content.Site, i int) error {
	cats, err := svc.Store().FindCategories(ctx, site.ID)
	if err != nil {
		return err
	}
	if len(cats) == 0 {
		return nil
	}
	a := content.Article{SiteID: site.ID, CategoryID: cats[0].ID, Status: content.StatusPublished,
		Title:       "Ra mắt " + site.Name,
		Summary:     "Bài trình diễn của trangtin: " + site.Name + " là một trang của tỉnh trình diễn.",
		Body:        content.TextToHTML(site.Name + " là một trang của tỉnh trình diễn do trangtin tạo ra khi khởi động lần đầu. Quản trị viên thay nội dung này bằng tin của đơn vị."),
		PublishedAt: time.Date(2025, time.July, 1, 8, i, 0, 0, vi.Zone)}
	if err := svc.SaveArticle(ctx, &a); err != nil {
		return fmt.Errorf("demo article of %s: %w", site.Key, err)
	}
	return nil
}
