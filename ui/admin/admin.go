// Package adminui holds the templates and static files of the editors'
// area (/quan-tri/), embedded in the binary.
//
// It is the counterpart of package ui for the public site, but holds only
// the files: the architecture test counts ui/admin with the domain
// packages, which must not depend on html/template or net/http, so the
// parsing of templates, the hashed asset table and the serving of assets
// live in internal/admin. Templates follow the same convention as ui:
// templates/_*.html define shared layouts, every other templates/NAME.html
// is a page called NAME; static/* are served under
// /quan-tri/static/NAME.HASH.EXT.
package adminui

import (
	"embed"
	"io/fs"
)

//go:embed all:templates all:static
var embedded embed.FS

// FS returns the embedded files, rooted so that paths begin with
// "templates/" and "static/".
func FS() fs.FS { return embedded }
