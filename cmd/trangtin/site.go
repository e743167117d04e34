package main

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
	"trangtin/internal/content"
	"trangtin/internal/user"
)

const siteUsage = `usage:
  trangtin site add [--data DIR|--db URL] --key KEY --name NAME --kind tinh|so|xa|khac --host HOST [--parent KEY] [--alias HOST,…] [--admin-email EMAIL]
  trangtin site add [--data DIR|--db URL] --from-csv FILE   (columns key,name,kind,host[,parent][,aliases]; one transaction)
  trangtin site list [--data DIR|--db URL]
  trangtin site show [--data DIR|--db URL] KEY
  trangtin site set [--data DIR|--db URL] KEY [--name NAME] [--kind KIND] [--host HOST] [--parent KEY|--no-parent] [--default]
  trangtin site host add|remove [--data DIR|--db URL] KEY HOST
  trangtin site archive [--data DIR|--db URL] KEY [--successor KEY] [--since YYYY-MM-DD] [--dry-run]
  trangtin site reopen [--data DIR|--db URL] KEY
  trangtin site merge [--data DIR|--db URL] --from A,B,… --into X [--category NAME] [--dry-run]`

// cliActor is the audit entry's actor of a change made from the command line.
var cliActor = audit.Entry{Actor: "dòng lệnh (trangtin site)"}

// siteCmd: trangtin site add|list|show|set|host|merge …
func siteCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || isHelp(args[0]) {
		if len(args) == 0 {
			return errors.New(siteUsage)
		}
		return &helpShown{siteUsage + "\n"}
	}
	sub, args := args[0], args[1:]
	if sub == "host" {
		if len(args) == 0 || (args[0] != "add" && args[0] != "remove") {
			return errors.New(siteUsage)
		}
		sub, args = "host "+args[0], args[1:]
	}
	var run func(ctx context.Context) error
	var nargs int
	var extra func(fs *flag.FlagSet)
	c := &siteCLI{stdout: stdout}
	switch sub {
	case "add":
		extra, run = c.addFlags, c.add
	case "list":
		run = c.list
	case "show":
		nargs, run = 1, c.show
	case "set":
		nargs, extra, run = 1, c.setFlags, c.set
	case "host add", "host remove":
		nargs, run = 2, c.hostCmd(sub == "host add")
	case "archive":
		a := &archiveCLI{siteCLI: c}
		nargs, extra, run = 1, a.flags, a.archive
	case "reopen":
		nargs, run = 1, (&archiveCLI{siteCLI: c}).reopen
	case "merge":
		extra, run = c.mergeFlags, c.merge
	default:
		return errors.New(siteUsage)
	}
	// Positional arguments may come before the options or after them.
	var lead []string
	for len(args) > 0 && len(lead) < nargs && !strings.HasPrefix(args[0], "-") {
		lead, args = append(lead, args[0]), args[1:]
	}
	cfg, fs, err := parse("site "+sub, args, stderr, false, extra)
	if err != nil {
		return err
	}
	c.args = append(lead, fs.Args()...)
	if len(c.args) != nargs {
		return errors.New(siteUsage)
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	c.db, c.sites = db, content.NewSites(db)
	return plainError(run(ctx))
}

// plainError turns a rule's error into its Vietnamese message (and the
// fields it names), the way an operator reads it.
func plainError(err error) error {
	var e *apperr.Error
	if err == nil || !errors.As(err, &e) || e.Code == apperr.Internal {
		return err
	}
	msg := e.Message
	if len(e.Fields) == 1 {
		for _, m := range e.Fields {
			if m != msg {
				msg += " " + m
			}
		}
	} else {
		keys := make([]string, 0, len(e.Fields))
		for f := range e.Fields {
			keys = append(keys, f)
		}
		sort.Strings(keys)
		for _, f := range keys {
			msg += fmt.Sprintf(" [%s: %s]", f, e.Fields[f])
		}
	}
	return errors.New(msg)
}

// siteCLI is one run of a site subcommand: its options and its store.
type siteCLI struct {
	stdout io.Writer
	args   []string
	db     store
	sites  *content.Sites

	key, name, kind, host, parent, aliases, adminEmail, csvFile string
	setDefault, noParent                                        bool
	fs                                                          *flag.FlagSet
	mf                                                          mergeFlags
}

func (c *siteCLI) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.key, "key", "", "the site's key: lower-case letters without accents, digits, hyphens (e.g. gia-hung)")
	fs.StringVar(&c.name, "name", "", "the site's name")
	fs.StringVar(&c.kind, "kind", "", "tinh (province), so (department), xa (commune, ward) or khac (other)")
	fs.StringVar(&c.host, "host", "", "primary host name, e.g. giahung.ninhbinh.gov.vn")
	fs.StringVar(&c.parent, "parent", "", "key of the parent site")
	fs.StringVar(&c.aliases, "alias", "", "alias host names, comma-separated: they redirect to the primary host")
	fs.StringVar(&c.adminEmail, "admin-email", "", "e-mail of the site's first administrator (created with a one-time password, or given the role)")
	fs.StringVar(&c.csvFile, "from-csv", "", "create every site of a CSV file in one transaction")
}

func (c *siteCLI) setFlags(fs *flag.FlagSet) {
	c.fs = fs
	fs.StringVar(&c.name, "name", "", "new name")
	fs.StringVar(&c.kind, "kind", "", "new kind: tinh, so, xa or khac")
	fs.StringVar(&c.parent, "parent", "", "key of the new parent site")
	fs.StringVar(&c.host, "host", "", "new primary host (a free host or one of the site's aliases)")
	fs.BoolVar(&c.noParent, "no-parent", false, "remove the parent site")
	fs.BoolVar(&c.setDefault, "default", false, "make this site the answer for hosts no site owns")
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		out = append(out, f)
	}
	return out
}

func (c *siteCLI) add(ctx context.Context) error {
	if c.csvFile != "" {
		if c.key != "" || c.name != "" || c.host != "" || c.adminEmail != "" {
			return errors.New("--from-csv không dùng kèm --key, --name, --host hay --admin-email: mọi trang lấy từ tệp.")
		}
		return c.addCSV(ctx)
	}
	if c.key == "" || c.name == "" || c.kind == "" || c.host == "" {
		return errors.New("thiếu tham số: cần đủ --key, --name, --kind và --host.\n" + siteUsage)
	}
	kind, err := content.ParseKind(c.kind)
	if err != nil {
		return err
	}
	if c.adminEmail != "" {
		// Checked first: a bad address must not leave a site without its administrator.
		if c.adminEmail, err = user.NormalizeEmail(c.adminEmail); err != nil {
			return err
		}
	}
	s := &content.Site{Key: c.key, Name: c.name, Kind: kind, Host: c.host}
	if err := c.sites.Add(ctx, []content.NewSite{{Site: s, ParentKey: c.parent, Aliases: splitList(c.aliases)}}, cliActor); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "Đã tạo trang %s (%s, %s) tại %s.\n", s.Key, s.Name, s.Kind.Label(), s.Host)
	if c.adminEmail != "" {
		return c.firstAdmin(ctx, s)
	}
	return nil
}

// firstAdmin makes c.adminEmail an administrator of s: a new account with
// a one-time password printed once, or the role for an existing account.
func (c *siteCLI) firstAdmin(ctx context.Context, s *content.Site) error {
	users := user.NewService(c.db, c.db, c.db, nil)
	a := cliActor
	u, pw, err := users.MakeSiteAdmin(ctx, c.adminEmail, "Quản trị "+s.Name, s.ID, &a)
	switch {
	case err != nil && u.ID != 0:
		return fmt.Errorf("trang đã được tạo nhưng chưa trao được vai trò quản trị cho %s: %w", u.Email, plainError(err))
	case err != nil:
		return fmt.Errorf("trang đã được tạo nhưng chưa tạo được tài khoản quản trị %s: %w", c.adminEmail, plainError(err))
	case pw == "":
		fmt.Fprintf(c.stdout, "Tài khoản %s đã có; đã trao vai trò %s của trang %s.\n", u.Email, user.RoleSiteAdmin.Label(), s.Key)
		return nil
	}
	fmt.Fprintf(c.stdout, "Đã tạo tài khoản quản trị trang %s: %s\nMật khẩu dùng một lần (chỉ in lần này, phải đổi khi đăng nhập lần đầu): %s\n", s.Key, u.Email, pw)
	return nil
}

// addCSV creates every site of c.csvFile in one transaction. The first
// row names the columns: key, name, kind, host, and optionally parent and
// aliases (separated by ";" or spaces).
func (c *siteCLI) addCSV(ctx context.Context) error {
	f, err := os.Open(c.csvFile)
	if err != nil {
		return fmt.Errorf("không mở được tệp %s: %w", c.csvFile, err)
	}
	defer f.Close()
	batch, err := readSitesCSV(f)
	if err != nil {
		return fmt.Errorf("%s: %w", c.csvFile, err)
	}
	if err := c.sites.Add(ctx, batch, cliActor); err != nil {
		return fmt.Errorf("%s: %w; không trang nào được tạo", c.csvFile, plainError(err))
	}
	fmt.Fprintf(c.stdout, "Đã tạo %d trang từ %s.\n", len(batch), c.csvFile)
	return nil
}

// maxCSVSites bounds a CSV file: a province has a few hundred sites.
const maxCSVSites = 5000

func readSitesCSV(r io.Reader) ([]content.NewSite, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("không đọc được dòng tiêu đề: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"key", "name", "kind", "host"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("thiếu cột %q (dòng đầu phải là: key,name,kind,host,parent,aliases)", need)
		}
	}
	var batch []content.NewSite
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("dòng %d: %w", line, err)
		}
		if len(batch) == maxCSVSites {
			return nil, fmt.Errorf("tệp có quá %d trang", maxCSVSites)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		kind, err := content.ParseKind(get("kind"))
		if err != nil {
			return nil, fmt.Errorf("dòng %d: %s", line, apperr.MessageOf(err))
		}
		batch = append(batch, content.NewSite{Site: &content.Site{Key: get("key"), Name: get("name"), Kind: kind, Host: get("host")},
			ParentKey: get("parent"), Aliases: splitList(get("aliases"))})
	}
	if len(batch) == 0 {
		return nil, errors.New("tệp không có trang nào")
	}
	return batch, nil
}

func (c *siteCLI) list(ctx context.Context) error {
	sites, err := c.db.FindSites(ctx)
	if err != nil {
		return err
	}
	byID := map[int64]*content.Site{}
	for i := range sites {
		byID[sites[i].ID] = &sites[i]
	}
	w := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "MÃ\tTÊN\tLOẠI\tCẤP TRÊN\tTÊN MIỀN\tTRẠNG THÁI")
	for _, s := range sites {
		parent, state := "", s.State.Label()
		if s.ParentID != 0 {
			parent = content.SiteRef(byID, s.ParentID)
		}
		if s.IsDefault {
			state += " (mặc định)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", s.Key, s.Name, s.Kind, parent, s.Host, state)
	}
	return w.Flush()
}

func (c *siteCLI) show(ctx context.Context) error {
	s, err := c.db.FindSiteByKey(ctx, c.args[0])
	if apperr.Is(err, apperr.NotFound) {
		return fmt.Errorf("không có trang nào có mã %q", c.args[0])
	} else if err != nil {
		return err
	}
	aliases, err := c.sites.Aliases(ctx, s.ID)
	if err != nil {
		return err
	}
	parent := "(không có)"
	if s.ParentID != 0 {
		p, err := c.db.FindSiteByID(ctx, s.ParentID)
		if err != nil {
			return err
		}
		parent = p.Key + " (" + p.Name + ")"
	}
	def := "không"
	if s.IsDefault {
		def = "có"
	}
	fmt.Fprintf(c.stdout, "Mã:              %s\nTên:             %s\nLoại:            %s (%s)\nCấp trên:        %s\nTên miền chính:  %s\nTên miền phụ:    %s\nTrạng thái:      %s\nTrang mặc định:  %s\n",
		s.Key, s.Name, s.Kind, s.Kind.Label(), parent, s.Host, strings.Join(aliases, ", "), s.State.Label(), def)
	if s.EndedOn != "" {
		fmt.Fprintf(c.stdout, "Kết thúc từ:     %s\n", s.EndedOn)
	}
	for _, ref := range []struct {
		label string
		id    int64
	}{{"Trang kế nhiệm:  ", s.SuccessorID}, {"Sáp nhập vào:    ", s.MergedIntoID}} {
		if ref.id != 0 {
			o, err := c.db.FindSiteByID(ctx, ref.id)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "%s%s (%s)\n", ref.label, o.Key, o.Name)
		}
	}
	return nil
}

func (c *siteCLI) set(ctx context.Context) error {
	var ch content.SiteChange
	given := map[string]bool{}
	c.fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if given["name"] {
		ch.Name = &c.name
	}
	if given["kind"] {
		k := content.Kind(c.kind)
		ch.Kind = &k
	}
	if given["host"] {
		ch.Host = &c.host
	}
	switch {
	case given["parent"] && c.noParent:
		return errors.New("chọn một trong --parent và --no-parent")
	case given["parent"]:
		ch.Parent = &c.parent
	case c.noParent:
		none := ""
		ch.Parent = &none
	}
	if ch == (content.SiteChange{}) && !c.setDefault {
		return errors.New("không có gì để đổi: dùng --name, --kind, --host, --parent, --no-parent hoặc --default.\n" + siteUsage)
	}
	key := c.args[0]
	if ch != (content.SiteChange{}) {
		s, err := c.sites.Update(ctx, key, ch, cliActor)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "Đã cập nhật trang %s.\n", s.Key)
	}
	if c.setDefault {
		if err := c.sites.SetDefault(ctx, key, cliActor); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "Trang %s trả lời mọi tên miền chưa thuộc trang nào.\n", key)
	}
	return nil
}

func (c *siteCLI) hostCmd(add bool) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		key, host := c.args[0], c.args[1]
		if add {
			h, err := c.sites.AddHost(ctx, key, host, cliActor)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.stdout, "Đã thêm tên miền phụ %s cho trang %s; địa chỉ này chuyển hướng về tên miền chính.\n", h, key)
			return nil
		}
		if err := c.sites.RemoveHost(ctx, key, host, cliActor); err != nil {
			return err
		}
		fmt.Fprintf(c.stdout, "Đã gỡ tên miền phụ %s khỏi trang %s.\n", host, key)
		return nil
	}
}
