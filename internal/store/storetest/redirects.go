package storetest

import (
	"fmt"
	"testing"

	"trangtin/internal/content"
	"trangtin/internal/redirect"
)

// RedirectStore is a store with the permanent redirect table.
type RedirectStore interface {
	content.Store
	redirect.Store
}

// RunRedirects checks the redirect table: the first key with an entry
// wins, a second put replaces, a batch with a bad entry writes nothing.
func RunRedirects(t *testing.T, open func(t *testing.T) RedirectStore) {
	s := open(t)
	a := newSite(t, s, "huyena")
	x := newSite(t, s, "tinhx")
	must(t, s.PutRedirects(ctx, []redirect.Entry{
		{SiteID: a.ID, From: "/?p=12", ToSiteID: a.ID, To: "/tin-tuc/le-hoi", Source: "wordpress:post:12"},
		{SiteID: a.ID, From: "/2023/05/le-hoi", ToSiteID: a.ID, To: "/tin-tuc/le-hoi", Source: "wordpress:post:12"},
		{SiteID: a.ID, From: "/", ToSiteID: x.ID, To: "/", Source: "merge:huyena"},
	}), "put redirects")

	got, err := s.FindRedirect(ctx, a.ID, []string{"/?p=99", "/?p=12", "/"})
	must(t, err, "find /?p=12")
	want := redirect.Entry{SiteID: a.ID, From: "/?p=12", ToSiteID: a.ID, To: "/tin-tuc/le-hoi", Source: "wordpress:post:12"}
	if got != want {
		t.Errorf("find = %+v, want %+v (the first key with an entry, in the order asked)", got, want)
	}
	got, err = s.FindRedirect(ctx, a.ID, []string{"/?p=99", "/"})
	must(t, err, "find /")
	if got.ToSiteID != x.ID || got.To != "/" {
		t.Errorf("find / = %+v, want the entry to site %d", got, x.ID)
	}
	_, err = s.FindRedirect(ctx, x.ID, []string{"/?p=12"})
	wantIs(t, err, redirect.ErrNotFound, "an entry of another site")
	_, err = s.FindRedirect(ctx, a.ID, nil)
	wantIs(t, err, redirect.ErrNotFound, "no keys")

	// Put again: replaced, not added.
	must(t, s.PutRedirects(ctx, []redirect.Entry{{SiteID: a.ID, From: "/?p=12", ToSiteID: x.ID, To: "/tin-tuc/le-hoi-2", Source: "merge:huyena"}}), "put again")
	got, err = s.FindRedirect(ctx, a.ID, []string{"/?p=12"})
	must(t, err, "find after put again")
	if got.ToSiteID != x.ID || got.To != "/tin-tuc/le-hoi-2" || got.Source != "merge:huyena" {
		t.Errorf("after a second put: %+v", got)
	}

	// A batch longer than one statement, with one old address twice: every
	// entry is there, and of the two, the later wins.
	var many []redirect.Entry
	for i := range 1203 {
		many = append(many, redirect.Entry{SiteID: a.ID, From: fmt.Sprintf("/tin/%d", i), ToSiteID: a.ID, To: fmt.Sprintf("/tin-tuc/bai-%d", i)})
	}
	many = append(many, redirect.Entry{SiteID: a.ID, From: "/tin/7", ToSiteID: x.ID, To: "/tin-tuc/bai-7-moi"})
	must(t, s.PutRedirects(ctx, many), "put a long batch")
	for _, i := range []int{0, 499, 500, 1202} {
		got, err := s.FindRedirect(ctx, a.ID, []string{fmt.Sprintf("/tin/%d", i)})
		must(t, err, "find in the long batch")
		if got.To != fmt.Sprintf("/tin-tuc/bai-%d", i) {
			t.Errorf("/tin/%d leads to %q", i, got.To)
		}
	}
	got, err = s.FindRedirect(ctx, a.ID, []string{"/tin/7"})
	must(t, err, "find the address given twice")
	if got.ToSiteID != x.ID || got.To != "/tin-tuc/bai-7-moi" {
		t.Errorf("an address given twice in one batch: %+v, want the later entry", got)
	}

	// A batch with an entry to a site that does not exist writes nothing.
	err = s.PutRedirects(ctx, []redirect.Entry{
		{SiteID: a.ID, From: "/moi", ToSiteID: a.ID, To: "/trang/moi"},
		{SiteID: a.ID, From: "/hong", ToSiteID: x.ID + 1000, To: "/"},
	})
	if err == nil {
		t.Fatal("a redirect to a site that does not exist was accepted")
	}
	_, err = s.FindRedirect(ctx, a.ID, []string{"/moi"})
	wantIs(t, err, redirect.ErrNotFound, "the good entry of a refused batch")
}
