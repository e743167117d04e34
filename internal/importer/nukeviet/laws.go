package nukeviet

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"trangtin/internal/apperr"
	"trangtin/internal/document"
	"trangtin/internal/importer"
	"trangtin/internal/vi"
)

// Law is a row of the laws module (…_laws_row) with its names resolved:
// the category is the document's type, the subject its issuer, the
// signer and the areas (lĩnh vực) by name; ReplacedBy from …_set_replace.
type Law struct {
	ID, Status                    int64
	Code, Title, Introtext, Alias string
	Type, Issuer, Signer, Files   string
	Areas                         []string
	Publ, StartValid, Exp         int64
	ReplacedBy                    int64
	Bad                           string
}

// Laws reads the laws module (none when the site has none).
func (s *Source) Laws(ctx context.Context) ([]Law, error) {
	if !s.Has("%s_laws_row") {
		return nil, nil
	}
	q := `SELECT r.id, r.status, r.code, r.title, r.introtext, r.alias, COALESCE(c.title, ''), COALESCE(sj.title, ''), COALESCE(sg.title, ''),
		r.files, r.publtime, r.startvalid, r.exptime
		FROM ` + s.table("%s_laws_row") + ` r
		LEFT JOIN ` + s.table("%s_laws_cat") + ` c ON c.id = r.cid
		LEFT JOIN ` + s.table("%s_laws_subject") + ` sj ON sj.id = r.sid
		LEFT JOIN ` + s.table("%s_laws_signer") + ` sg ON sg.id = r.sgid ORDER BY r.id`
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("đọc văn bản: %w", err)
	}
	defer rows.Close()
	var out []Law
	byID := map[int64]int{}
	for rows.Next() {
		var l Law
		var code, title, intro, alias, typ, issuer, signer, files []byte
		if err := rows.Scan(&l.ID, &l.Status, &code, &title, &intro, &alias, &typ, &issuer, &signer, &files, &l.Publ, &l.StartValid, &l.Exp); err != nil {
			return nil, fmt.Errorf("đọc văn bản: %w", err)
		}
		var t texts
		l.Code, l.Title, l.Introtext, l.Alias = t.str("code", code), t.str("title", title), t.str("introtext", intro), t.str("alias", alias)
		l.Type, l.Issuer, l.Signer, l.Files = t.str("loại (cat.title)", typ), t.str("cơ quan (subject.title)", issuer), t.str("người ký (signer.title)", signer), t.str("files", files)
		l.Bad = t.err()
		byID[l.ID] = len(out)
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := s.lawAreas(ctx, out, byID); err != nil {
		return nil, err
	}
	return out, s.lawReplacements(ctx, out, byID)
}

func (s *Source) lawAreas(ctx context.Context, laws []Law, byID map[int64]int) error {
	if !s.Has("%s_laws_row_area") {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT ra.row_id, a.title FROM `+s.table("%s_laws_row_area")+` ra JOIN `+s.table("%s_laws_area")+` a ON a.id = ra.area_id ORDER BY ra.row_id, a.weight, a.id`)
	if err != nil {
		return fmt.Errorf("đọc lĩnh vực văn bản: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var title []byte
		if err := rows.Scan(&id, &title); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			var t texts
			if a := t.str("area.title", title); a != "" {
				laws[i].Areas = append(laws[i].Areas, a)
			} else if laws[i].Bad == "" {
				laws[i].Bad = t.err()
			}
		}
	}
	return rows.Err()
}

func (s *Source) lawReplacements(ctx context.Context, laws []Law, byID map[int64]int) error {
	if !s.Has("%s_laws_set_replace") {
		return nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT oid, nid FROM `+s.table("%s_laws_set_replace")+` ORDER BY id`)
	if err != nil {
		return fmt.Errorf("đọc văn bản thay thế: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var old, by int64
		if err := rows.Scan(&old, &by); err != nil {
			return err
		}
		if i, ok := byID[old]; ok {
			laws[i].ReplacedBy = by
		}
	}
	return rows.Err()
}

func day(sec int64) string {
	if sec <= 0 {
		return ""
	}
	return time.Unix(sec, 0).In(vi.Zone).Format(time.DateOnly)
}

// importLaws brings the laws module's documents in (when the site has it
// and the target has a documents service): number, type, issuer, signer,
// areas (joined as the field), the abstract (title), the dates, the
// attachments (through the media library) and, once all are in, which
// replaced which. A hidden row (status 0) stays a draft.
func (im *run) importLaws(ctx context.Context) error {
	if im.t.Documents == nil {
		return nil
	}
	laws, err := im.src.Laws(ctx)
	if err != nil {
		return err
	}
	docs := map[int64]int64{}
	actor := document.Actor{Name: "nhập từ NukeViet"}
	for _, l := range laws {
		source := im.src.Identity("%s_laws_row", l.ID)
		if l.Bad != "" {
			im.r.Skipped(KindDocument, source, l.Bad)
			continue
		}
		id, err := im.importLaw(ctx, actor, source, l)
		if err != nil {
			return err
		}
		if id != 0 {
			docs[l.ID] = id
		}
	}
	for _, l := range laws {
		if l.ReplacedBy == 0 || docs[l.ID] == 0 || docs[l.ReplacedBy] == 0 || im.t.DryRun {
			continue
		}
		d, err := im.t.Documents.Store().FindDocumentByID(ctx, im.t.Site.ID, docs[l.ID])
		if err != nil {
			return err
		}
		if d.ReplacedByID == docs[l.ReplacedBy] {
			continue
		}
		if _, err := im.t.Documents.Supersede(ctx, actor, im.t.Site.ID, docs[l.ID], 0, docs[l.ReplacedBy]); err != nil {
			if err := im.skipOrFail(KindDocument, im.src.Identity("%s_laws_set_replace", l.ID), err); err != nil {
				return err
			}
		}
	}
	return nil
}

// importLaw creates or updates one document and returns its id (0 when it
// was skipped or this is a dry run).
func (im *run) importLaw(ctx context.Context, actor document.Actor, source string, l Law) (int64, error) {
	im.clean(im.r, []*string{&l.Title, &l.Introtext}, &l.Type, &l.Issuer, &l.Signer)
	for i := range l.Areas {
		l.Areas[i] = importer.FromLegacy(importer.DetectLegacy(l.Areas[i]), l.Areas[i])
	}
	sort.Strings(l.Areas)
	in := document.Input{Type: l.Type, Number: l.Code, Issuer: l.Issuer, Signer: l.Signer, Field: strings.Join(l.Areas, ", "),
		Abstract: l.Title, IssuedOn: day(l.Publ), EffectiveOn: day(l.StartValid), ExpiresOn: day(l.Exp)}
	if _, err := document.Check(in); err != nil {
		return 0, im.skipOrFail(KindDocument, source, err)
	}
	// An earlier run's document is where the old address leads (a
	// published one), else the document of the same number, type, issuer
	// and year (a draft, which has no public address).
	laws := im.src.moduleName(ctx, "laws")
	addrs := append(im.oldAddrs(laws, "detail/"+l.Alias, ".html"), "/"+laws+"/detail/"+l.Alias+"/")
	prev, err := im.foundDocument(ctx, addrs[0])
	if err != nil {
		return 0, err
	}
	if prev == 0 {
		if prev, err = im.sameNumber(ctx, in); err != nil {
			return 0, err
		}
	}
	if im.t.DryRun {
		im.outcome(KindDocument, source, l.Code, prev == 0)
		return 0, nil
	}
	for _, f := range strings.Split(l.Files, ",") {
		if f = strings.TrimSpace(f); f != "" {
			if it, ok := im.upload(ctx, im.r, source, "laws/"+strings.TrimPrefix(f, "/"), "", false); ok {
				in.FileIDs = append(in.FileIDs, it.ID)
			}
		}
	}
	var d document.Document
	if prev != 0 {
		cur, err := im.t.Documents.Store().FindDocumentByID(ctx, im.t.Site.ID, prev)
		if err != nil {
			return 0, err
		}
		d, err = im.t.Documents.Update(ctx, actor, im.t.Site.ID, cur.ID, cur.Version, in)
		if err != nil {
			return 0, im.skipOrFail(KindDocument, source, err)
		}
	} else {
		if d, err = im.t.Documents.Create(ctx, actor, im.t.Site.ID, in); err != nil {
			return 0, im.skipOrFail(KindDocument, source, err)
		}
	}
	if l.Status == 1 && d.Status != document.StatusPublished {
		if d, err = im.t.Documents.Publish(ctx, actor, im.t.Site.ID, d.ID, 0); err != nil {
			return 0, err
		}
	}
	im.outcome(KindDocument, source, d.Path(), prev == 0)
	if d.Status == document.StatusPublished {
		return d.ID, im.redirect(ctx, source, d.Path(), addrs)
	}
	return d.ID, nil
}

// sameNumber finds a document of the site with in's number, type and
// issuer, issued in the same year: one an import killed before it was
// recorded made.
func (im *run) sameNumber(ctx context.Context, in document.Input) (int64, error) {
	want, err := document.Check(in)
	if err != nil {
		return 0, err
	}
	y, _, _ := want.IssuedOn.Midnight().Date()
	docs, err := im.t.Documents.Store().FindDocuments(ctx, document.Filter{SiteID: im.t.Site.ID, Type: want.Type, Issuer: want.Issuer, Year: y, Limit: 1000})
	if err != nil {
		return 0, err
	}
	for _, d := range docs {
		if d.Number == want.Number {
			return d.ID, nil
		}
	}
	return 0, nil
}

// foundDocument is the document of the site an earlier run made of the
// old address addr (0: none).
func (im *run) foundDocument(ctx context.Context, addr string) (int64, error) {
	was, err := im.found(ctx, addr)
	if err != nil {
		return 0, err
	}
	rest, ok := strings.CutPrefix(was, "/van-ban/")
	if !ok {
		return 0, nil
	}
	idText, _, _ := strings.Cut(rest, "-")
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil {
		return 0, nil
	}
	if _, err := im.t.Documents.Store().FindDocumentByID(ctx, im.t.Site.ID, id); apperr.Is(err, apperr.NotFound) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	return id, nil
}
