package content_test

import (
	"slices"
	"testing"

	"trangtin/internal/apperr"
	"trangtin/internal/content"
	"trangtin/internal/testenv"
)

// TestCategoryPositions: a new category goes last among its siblings, one
// moved under another parent goes last there and one edited in place keeps
// its place; moving up and down swaps neighbours, numbers the siblings
// 1…n, and stops at the ends.
func TestCategoryPositions(t *testing.T) {
	svc, site, top := newService(t)
	add := func(name string, parent int64) content.Category {
		t.Helper()
		c := content.Category{SiteID: site.ID, ParentID: parent, Name: name, Position: 99}
		if err := svc.AddCategory(ctx, &c, nil); err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
		return c
	}
	order := func(parent int64) (names []string, positions []int) {
		t.Helper()
		cats := testenv.Must(svc.Store().FindCategories(ctx, site.ID)).Get(t)
		tree := content.NewTree(cats)
		list := tree.Roots()
		if parent != 0 {
			list = tree.Children(parent)
		}
		for _, c := range list {
			names, positions = append(names, c.Name), append(positions, c.Position)
		}
		return names, positions
	}
	a, b, c := add("A", top.ID), add("B", top.ID), add("C", top.ID)
	if a.Position != 0 || b.Position != 1 || c.Position != 2 {
		t.Errorf("added at %d %d %d, want 0 1 2 (after the last sibling)", a.Position, b.Position, c.Position)
	}
	other := add("Khác", 0)
	if other.Position != top.Position+1 {
		t.Errorf("a root category at %d, want %d", other.Position, top.Position+1)
	}

	// Up and down among the siblings.
	pos, moved, err := svc.MoveCategory(ctx, site.ID, c.ID, -1, nil)
	if err != nil || !moved || pos != 2 {
		t.Fatalf("C up: %d %v %v", pos, moved, err)
	}
	if names, positions := order(top.ID); !slices.Equal(names, []string{"A", "C", "B"}) || positions[0] != 1 || positions[1] != 2 || positions[2] != 3 {
		t.Errorf("after C up: %v %v", names, positions)
	}
	if _, moved, err := svc.MoveCategory(ctx, site.ID, a.ID, -1, nil); err != nil || moved {
		t.Errorf("the first up: moved %v, %v", moved, err)
	}
	if _, moved, err := svc.MoveCategory(ctx, site.ID, b.ID, 1, nil); err != nil || moved {
		t.Errorf("the last down: moved %v, %v", moved, err)
	}
	if pos, moved, err := svc.MoveCategory(ctx, site.ID, a.ID, 1, nil); err != nil || !moved || pos != 2 {
		t.Errorf("A down: %d %v %v", pos, moved, err)
	}
	if names, _ := order(top.ID); !slices.Equal(names, []string{"C", "A", "B"}) {
		t.Errorf("after A down: %v", names)
	}
	if _, _, err := svc.MoveCategory(ctx, site.ID, a.ID, 2, nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("a jump of two: %v", err)
	}
	if _, _, err := svc.MoveCategory(ctx, site.ID, 999999, 1, nil); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("an unknown category: %v", err)
	}

	// Renamed in place: same place. Moved: last under the new parent.
	a = testenv.Must(svc.Store().FindCategoryByID(ctx, site.ID, a.ID)).Get(t)
	a.Name, a.Position = "A mới", 0
	if err := svc.EditCategory(ctx, &a, nil); err != nil || a.Position != 2 {
		t.Errorf("renamed: position %d, %v", a.Position, err)
	}
	sub := add("Con", other.ID)
	b = testenv.Must(svc.Store().FindCategoryByID(ctx, site.ID, b.ID)).Get(t)
	if b.Position != 3 || sub.Position != 0 {
		t.Fatalf("B at %d, Con at %d: want 3 and 0", b.Position, sub.Position)
	}
	b.ParentID = other.ID
	if err := svc.EditCategory(ctx, &b, nil); err != nil || b.Position != sub.Position+1 {
		t.Errorf("moved under Khác: position %d (Con at %d), %v", b.Position, sub.Position, err)
	}
	if names, _ := order(other.ID); !slices.Equal(names, []string{"Con", "B"}) {
		t.Errorf("under Khác: %v", names)
	}
	if names, _ := order(top.ID); !slices.Equal(names, []string{"C", "A mới"}) {
		t.Errorf("left behind: %v", names)
	}
	if err := svc.AddCategory(ctx, &b, nil); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("adding an existing category: %v", err)
	}
}
