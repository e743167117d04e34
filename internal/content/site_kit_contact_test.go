package content

import "testing"

// TestKitMenuLeadsToContact: a new site's main menu ends with Liên hệ.
func TestKitMenuLeadsToContact(t *testing.T) {
	items := kitMenu([]SeedCategory{{Name: "Tin tức", Slug: "tin-tuc", Parent: -1}})
	last := items[len(items)-1]
	if last.Label != "Liên hệ" || last.Kind != LinkPath || last.Target != ContactPath || last.ParentID != 0 {
		t.Fatalf("the kit menu ends with %+v, want Liên hệ → %s", last, ContactPath)
	}
}
