package admin

import (
	"html/template"
	"io/fs"

	"trangtin/ui"
)

// staticPrefix is where the area's assets are served, under hashed names.
const staticPrefix = "/quan-tri/static/"

// loadViews parses the area's templates and hashes its assets (package
// adminui's files) the way package ui does for the public site, failing
// on the first problem so a broken template stops the start, not a page.
// The public site's shared files (ui.SharedAssets: the date fields'
// calendar helper) are served here too, so both areas run one copy.
func loadViews(fsys fs.FS, funcs template.FuncMap) (*ui.UI, error) {
	return ui.LoadFS(ui.Overlay(fsys, ui.Shared()), staticPrefix, funcs)
}
