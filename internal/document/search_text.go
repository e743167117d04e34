package document

import "strings"

// SearchText is the text of d the search index holds besides its title:
// its citation, field and signer, labelled as a reader would search them.
func (d Document) SearchText() string {
	parts := []string{d.Citation() + "."}
	if d.Field != "" {
		parts = append(parts, "Lĩnh vực: "+d.Field+".")
	}
	if d.Signer != "" {
		parts = append(parts, "Người ký: "+d.Signer+".")
	}
	return strings.Join(parts, " ")
}
