package content

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"trangtin/internal/apperr"
	"trangtin/internal/audit"
)

// Kind is what a site is the portal of.
type Kind string

const (
	KindProvince   Kind = "tinh" // tỉnh, thành phố
	KindDepartment Kind = "so"   // sở, ban, ngành
	KindCommune    Kind = "xa"   // xã, phường, đặc khu
	KindOther      Kind = "khac"
)

// Kinds are the kinds in the order lists show them.
var Kinds = []Kind{KindProvince, KindDepartment, KindCommune, KindOther}

// Label is the kind in Vietnamese.
func (k Kind) Label() string {
	switch k {
	case KindProvince:
		return "tỉnh/thành phố"
	case KindDepartment:
		return "sở/ban/ngành"
	case KindCommune:
		return "xã/phường/đặc khu"
	case KindOther:
		return "khác"
	}
	return string(k)
}

// ParseKind reads a kind as the command line and forms write it.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range Kinds {
		if k == v {
			return k, nil
		}
	}
	return "", siteErr(apperr.Invalid, "kind", fmt.Sprintf("Loại trang %q không hợp lệ: chọn tinh (tỉnh/thành phố), so (sở/ban/ngành), xa (xã/phường/đặc khu) hoặc khac.", s))
}

// State is where a site is in its life.
type State string

const (
	StateActive   State = "active"
	StateArchived State = "archived"
	StateMerged   State = "merged"
)

// Label is the state in Vietnamese.
func (s State) Label() string {
	switch s {
	case StateActive:
		return "đang hoạt động"
	case StateArchived:
		return "lưu trữ"
	case StateMerged:
		return "đã sáp nhập"
	}
	return string(s)
}

// SiteHost is one alias host of a site: it answers with a 301 to the
// site's primary host (Site.Host).
type SiteHost struct {
	SiteID int64
	Host   string
}

// NewSite is one site to create: the site, the key of its parent (when
// ParentKey is not empty: an existing site or one created before it in
// the same batch), its aliases and its audit entry, and what it starts
// with, created in the same transaction: categories, static pages and
// settings (Key and Value; Sites.Add fills them from its kind's kit, see
// site_kit.go, when the caller gave none of them).
type NewSite struct {
	Site       *Site
	ParentKey  string
	Aliases    []string
	Audit      *audit.Entry
	Categories []SeedCategory
	Pages      []Page
	Settings   []Setting
}

// SiteRegistry is what the platform's site management writes: every call
// writes its audit entries in its own transaction.
type SiteRegistry interface {
	SiteStore
	// CreateSites creates every site in order, resolving ParentKey, in one
	// transaction: all or none.
	CreateSites(ctx context.Context, sites []NewSite) error
	// SetDefaultSite makes site id the one answering unknown hosts, and
	// no other.
	SetDefaultSite(ctx context.Context, id int64, a *audit.Entry) error
	AddSiteHost(ctx context.Context, siteID int64, host string, a *audit.Entry) error
	// RemoveSiteHost removes an alias; NotFound when siteID has no such alias.
	RemoveSiteHost(ctx context.Context, siteID int64, host string, a *audit.Entry) error
}

// maxHost is the longest host name DNS allows.
const maxHost = 253

// NormalizeHost checks a host name as an operator types it and returns
// it in lower case without a final dot: letters, digits and hyphens in
// dot-separated labels of at most 63 characters, no scheme, port or path;
// a name with Vietnamese letters is written in its punycode form.
func NormalizeHost(h string) (string, error) {
	h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
	bad := func(why string) (string, error) {
		return "", siteErr(apperr.Invalid, "host", fmt.Sprintf("Tên miền %q không hợp lệ: %s", h, why))
	}
	switch {
	case h == "":
		return bad("chưa nhập tên miền.")
	case len(h) > maxHost:
		return bad("dài quá 253 ký tự.")
	case strings.Contains(h, "://") || strings.ContainsAny(h, "/:?#@ "):
		return bad("chỉ ghi tên miền, không kèm giao thức, cổng hay đường dẫn (ví dụ đúng: giavien.ninhbinh.gov.vn).")
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return bad("mỗi phần giữa hai dấu chấm có từ 1 đến 63 ký tự và không bắt đầu hay kết thúc bằng dấu gạch ngang.")
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				return bad("chỉ dùng chữ không dấu, chữ số, dấu gạch ngang và dấu chấm (tên miền tiếng Việt có dấu viết ở dạng punycode xn--…).")
			}
		}
	}
	return h, nil
}

// siteIndex is what the site rules check against: every site by key and
// by ID, and the owner of every host.
type siteIndex struct {
	byKey map[string]*Site
	byID  map[int64]*Site
	hosts map[string]string // host → key of the site owning it
}

func loadSiteIndex(ctx context.Context, store SiteStore) (*siteIndex, error) {
	sites, err := store.FindSites(ctx)
	if err != nil {
		return nil, err
	}
	aliases, err := store.FindSiteAliases(ctx)
	if err != nil {
		return nil, err
	}
	x := &siteIndex{byKey: map[string]*Site{}, byID: map[int64]*Site{}, hosts: map[string]string{}}
	for i := range sites {
		s := &sites[i]
		x.byKey[s.Key], x.byID[s.ID] = s, s
		if s.Host != "" {
			x.hosts[s.Host] = s.Key
		}
	}
	for _, a := range aliases {
		if s := x.byID[a.SiteID]; s != nil {
			x.hosts[a.Host] = s.Key
		}
	}
	return x, nil
}

// takeHost normalises h and records it for key, refusing a host another
// site (or key itself, twice) already answers on.
func (x *siteIndex) takeHost(key, h string) (string, error) {
	h, err := NormalizeHost(h)
	if err != nil {
		return "", err
	}
	if owner, ok := x.hosts[h]; ok {
		return "", siteErr(apperr.Conflict, "host", fmt.Sprintf("Tên miền %s đã thuộc trang %q.", h, owner))
	}
	x.hosts[h] = key
	return h, nil
}

// parentChainHas reports whether key is parent or an ancestor of parent.
func (x *siteIndex) parentChainHas(parent *Site, key string) bool {
	for p, n := parent, 0; p != nil && n <= len(x.byID); p, n = x.byID[p.ParentID], n+1 {
		if p.Key == key {
			return true
		}
		if p.ParentID == 0 {
			return false
		}
	}
	return true // longer than the number of sites: already a cycle
}

// Sites manages the platform's sites: create, change, hosts, the default.
type Sites struct {
	store SiteRegistry
}

// NewSites returns the site manager over store.
func NewSites(store SiteRegistry) *Sites { return &Sites{store: store} }

// Add checks and creates every site of batch in one transaction: all or
// none. A site's parent is an existing site or one earlier in the batch;
// the error of a bad entry names it by its position (from 1) when the
// batch has more than one. Each entry's Audit, when nil, is made from tmpl.
func (m *Sites) Add(ctx context.Context, batch []NewSite, tmpl audit.Entry) error {
	x, err := loadSiteIndex(ctx, m.store)
	if err != nil {
		return err
	}
	for i := range batch {
		if err := x.prepareNew(&batch[i], tmpl); err != nil {
			if len(batch) > 1 {
				return inBatch(err, i, batch[i].Site.Key)
			}
			return err
		}
	}
	return m.store.CreateSites(ctx, batch)
}

func (x *siteIndex) prepareNew(n *NewSite, tmpl audit.Entry) error {
	s := n.Site
	if s.Kind == "" {
		s.Kind = KindOther
	}
	if _, err := ParseKind(string(s.Kind)); err != nil {
		return err
	}
	s.State, s.ParentID = StateActive, 0
	if err := PrepareSite(s); err != nil {
		return err
	}
	if _, dup := x.byKey[s.Key]; dup {
		return siteErr(apperr.Conflict, "key", fmt.Sprintf("Mã trang %q đã có.", s.Key))
	}
	if s.Host == "" {
		return siteErr(apperr.Invalid, "host", "Vui lòng nhập tên miền chính của trang.")
	}
	var err error
	if s.Host, err = x.takeHost(s.Key, s.Host); err != nil {
		return err
	}
	for i, a := range n.Aliases {
		if n.Aliases[i], err = x.takeHost(s.Key, a); err != nil {
			return err
		}
	}
	n.ParentKey = strings.ToLower(strings.TrimSpace(n.ParentKey))
	if n.ParentKey != "" {
		if x.byKey[n.ParentKey] == nil {
			return siteErr(apperr.NotFound, "parent", fmt.Sprintf("Không có trang cấp trên mã %q.", n.ParentKey))
		}
	}
	if n.Categories == nil && n.Pages == nil && n.Settings == nil {
		if err := applyKit(n); err != nil {
			return err
		}
	}
	// The batch's later entries see this site (as a parent, a taken key).
	x.byKey[s.Key] = s
	if n.Audit == nil {
		a := tmpl
		a.Action = "site.create"
		a.Detail = map[string]string{"key": s.Key, "kind": string(s.Kind), "host": s.Host}
		if n.ParentKey != "" {
			a.Detail["parent"] = n.ParentKey
		}
		n.Audit = &a
	}
	return nil
}

// SiteChange is what `site set` changes; a nil field is left as it is.
type SiteChange struct {
	Name   *string
	Kind   *Kind
	Parent *string // "" removes the parent
	// Host is the new primary host: a free host, or one of the site's
	// aliases, which it promotes.
	Host *string
	// EditVersion is the site's edit version the change was made on (a
	// form's): ErrSiteStale when the site changed since; 0 is the version
	// just read (the command line).
	EditVersion int64
}

// Update applies c to the site key, checking the kind and the parent
// (which must exist and not make a cycle).
func (m *Sites) Update(ctx context.Context, key string, c SiteChange, a audit.Entry) (Site, error) {
	x, err := loadSiteIndex(ctx, m.store)
	if err != nil {
		return Site{}, err
	}
	site, err := x.find(key)
	if err != nil {
		return Site{}, err
	}
	s := *site
	if c.EditVersion != 0 {
		s.EditVersion = c.EditVersion
	}
	detail := map[string]string{}
	if c.Name != nil {
		s.Name, detail["name"] = *c.Name, *c.Name
	}
	if c.Kind != nil {
		k, err := ParseKind(string(*c.Kind))
		if err != nil {
			return Site{}, err
		}
		s.Kind, detail["kind"] = k, string(k)
	}
	if c.Parent != nil {
		s.ParentID, detail["parent"] = 0, *c.Parent
		if *c.Parent != "" {
			p, err := x.find(*c.Parent)
			if err != nil {
				return Site{}, siteErr(apperr.NotFound, "parent", fmt.Sprintf("Không có trang cấp trên mã %q.", *c.Parent))
			}
			if x.parentChainHas(p, s.Key) {
				return Site{}, siteErr(apperr.Invalid, "parent", fmt.Sprintf("Không thể đặt %q làm trang cấp trên của %q: các trang sẽ là cấp trên của nhau (vòng lặp).", p.Key, s.Key))
			}
			s.ParentID = p.ID
		}
	}
	if c.Host != nil {
		h, err := NormalizeHost(*c.Host)
		if err != nil {
			return Site{}, err
		}
		if owner, ok := x.hosts[h]; ok && owner != s.Key {
			return Site{}, siteErr(apperr.Conflict, "host", fmt.Sprintf("Tên miền %s đã thuộc trang %q.", h, owner))
		}
		s.Host, detail["host"] = h, h
	}
	if err := PrepareSite(&s); err != nil {
		return Site{}, err
	}
	a.SiteID, a.Action, a.Detail = s.ID, "site.update", detail
	if err := m.store.UpdateSite(ctx, &s, &a); err != nil {
		return Site{}, err
	}
	return s, nil
}

func (x *siteIndex) find(key string) (*Site, error) {
	s := x.byKey[strings.ToLower(strings.TrimSpace(key))]
	if s == nil {
		return nil, siteErr(apperr.NotFound, "key", fmt.Sprintf("Không có trang nào có mã %q.", key))
	}
	return s, nil
}

// SetDefault makes the site key the answer for unknown hosts.
func (m *Sites) SetDefault(ctx context.Context, key string, a audit.Entry) error {
	x, err := loadSiteIndex(ctx, m.store)
	if err != nil {
		return err
	}
	s, err := x.find(key)
	if err != nil {
		return err
	}
	a.SiteID, a.Action = s.ID, "site.default"
	return m.store.SetDefaultSite(ctx, s.ID, &a)
}

// AddHost gives the site key one more alias host.
func (m *Sites) AddHost(ctx context.Context, key, host string, a audit.Entry) (string, error) {
	x, err := loadSiteIndex(ctx, m.store)
	if err != nil {
		return "", err
	}
	s, err := x.find(key)
	if err != nil {
		return "", err
	}
	if s.Host == "" {
		return "", siteErr(apperr.Invalid, "host", fmt.Sprintf("Trang %q chưa có tên miền chính: đặt tên miền chính trước (trangtin site set %s --host …), rồi mới thêm tên miền phụ.", s.Key, s.Key))
	}
	h, err := x.takeHost(s.Key, host)
	if err != nil {
		return "", err
	}
	a.SiteID, a.Action, a.Detail = s.ID, "site.host.add", map[string]string{"host": h}
	return h, m.store.AddSiteHost(ctx, s.ID, h, &a)
}

// RemoveHost removes an alias host of the site key; the primary host
// cannot be removed, only replaced.
func (m *Sites) RemoveHost(ctx context.Context, key, host string, a audit.Entry) error {
	x, err := loadSiteIndex(ctx, m.store)
	if err != nil {
		return err
	}
	s, err := x.find(key)
	if err != nil {
		return err
	}
	h, err := NormalizeHost(host)
	if err != nil {
		return err
	}
	if h == s.Host {
		return siteErr(apperr.Invalid, "host", fmt.Sprintf("%s là tên miền chính của trang %q, không gỡ được.", h, s.Key))
	}
	if x.hosts[h] != s.Key {
		return siteErr(apperr.NotFound, "host", fmt.Sprintf("Trang %q không có tên miền phụ %s.", s.Key, h))
	}
	a.SiteID, a.Action, a.Detail = s.ID, "site.host.remove", map[string]string{"host": h}
	return m.store.RemoveSiteHost(ctx, s.ID, h, &a)
}

// Aliases returns the alias hosts of site id, in order.
func (m *Sites) Aliases(ctx context.Context, id int64) ([]string, error) {
	all, err := m.store.FindSiteAliases(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, h := range all {
		if h.SiteID == id {
			out = append(out, h.Host)
		}
	}
	return out, nil
}

// SiteRef names a site for messages: its key, or its ID when unknown.
func SiteRef(sites map[int64]*Site, id int64) string {
	if s := sites[id]; s != nil {
		return s.Key
	}
	return "#" + strconv.FormatInt(id, 10)
}

// siteErr is a site rule's error: its message names the problem, its
// field the form field (or command-line flag) at fault.
func siteErr(code apperr.Code, field, msg string) error {
	return &apperr.Error{Code: code, Message: msg, Fields: map[string]string{field: msg}}
}

// inBatch names the entry of a batch an error is about in its message.
func inBatch(err error, i int, key string) error {
	e, ok := errors.AsType[*apperr.Error](err)
	if !ok {
		return err
	}
	c := *e
	c.Message = fmt.Sprintf("Trang thứ %d (%s): %s", i+1, key, e.Message)
	if len(e.Fields) > 1 || len(e.Fields) == 1 && e.Message != firstField(e.Fields) {
		c.Message += " " + fieldList(e.Fields)
	}
	c.Fields = nil
	return &c
}

func firstField(f map[string]string) string {
	for _, m := range f {
		return m
	}
	return ""
}

func fieldList(f map[string]string) string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "[%s: %s] ", k, f[k])
	}
	return strings.TrimSpace(b.String())
}
