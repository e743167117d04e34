package content

// Tree is a site's category tree, built once from a flat list.
type Tree struct {
	byID     map[int64]Category
	children map[int64][]Category // parent ID (0 for roots) → ordered children
}

// NewTree builds a tree from categories already ordered by position.
func NewTree(cats []Category) *Tree {
	t := &Tree{byID: make(map[int64]Category, len(cats)), children: map[int64][]Category{}}
	for _, c := range cats {
		t.byID[c.ID] = c
	}
	for _, c := range cats {
		parent := c.ParentID
		if _, ok := t.byID[parent]; !ok {
			parent = 0 // an orphan is shown at the top rather than lost
		}
		t.children[parent] = append(t.children[parent], c)
	}
	return t
}

// Roots returns the top-level categories in order.
func (t *Tree) Roots() []Category { return t.children[0] }

// Children returns the direct children of id in order.
func (t *Tree) Children(id int64) []Category { return t.children[id] }

// Find returns the category with id.
func (t *Tree) Find(id int64) (Category, bool) {
	c, ok := t.byID[id]
	return c, ok
}

// FindSlug returns the category with slug.
func (t *Tree) FindSlug(slug string) (Category, bool) {
	for _, c := range t.byID {
		if c.Slug == slug {
			return c, true
		}
	}
	return Category{}, false
}

// Path returns the chain from the root down to id, inclusive.
func (t *Tree) Path(id int64) []Category {
	var rev []Category
	for seen := 0; seen <= len(t.byID); seen++ { // bounded: a cycle cannot loop forever
		c, ok := t.byID[id]
		if !ok {
			break
		}
		rev = append(rev, c)
		id = c.ParentID
	}
	path := make([]Category, len(rev))
	for i, c := range rev {
		path[len(rev)-1-i] = c
	}
	return path
}

// Subtree returns id and the IDs of all its descendants.
func (t *Tree) Subtree(id int64) []int64 {
	ids := []int64{id}
	seen := map[int64]bool{id: true}
	for i := 0; i < len(ids); i++ {
		for _, c := range t.children[ids[i]] {
			if !seen[c.ID] {
				seen[c.ID] = true
				ids = append(ids, c.ID)
			}
		}
	}
	return ids
}
