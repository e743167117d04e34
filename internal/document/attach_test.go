package document

import (
	"testing"

	"trangtin/internal/apperr"
)

// TestCanAttach: the document says, before an upload, whether one more
// file may be attached, by the rules SetFiles applies: not to a withdrawn
// document, and not beyond MaxFiles (with the message on "files").
func TestCanAttach(t *testing.T) {
	ids := func(n int) []int64 {
		out := make([]int64, n)
		for i := range out {
			out[i] = int64(i + 1)
		}
		return out
	}
	if err := CanAttach(Document{Status: StatusPublished, FileIDs: ids(MaxFiles - 1)}); err != nil {
		t.Errorf("room for one more: %v", err)
	}
	var e *apperr.Error
	if err := CanAttach(Document{Status: StatusPublished, FileIDs: ids(MaxFiles)}); !asErr(err, &e) || e.Code != apperr.Invalid || e.Fields["files"] == "" {
		t.Errorf("full: %v, want Invalid on files", err)
	}
	if err := CanAttach(Document{Status: StatusWithdrawn}); !apperr.Is(err, apperr.Conflict) {
		t.Errorf("withdrawn: %v, want Conflict", err)
	}
	// SetFiles refuses the same, through the same check.
	if err := checkFiles(Document{Status: StatusPublished}, MaxFiles+1); !asErr(err, &e) || e.Fields["files"] == "" {
		t.Errorf("over MaxFiles: %v", err)
	}
	if err := checkFiles(Document{Status: StatusPublished}, MaxFiles); err != nil {
		t.Errorf("MaxFiles: %v", err)
	}
}
