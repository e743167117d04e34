package admin

import (
	"html/template"
	"strings"

	"trangtin/internal/content"
)

// Layout is what every page of the area shows around its content.
type Layout struct {
	Title string // the page's own title, shown first in <title>
	Site  content.Site
	User  *CurrentUser // nil on the sign-in pages, before the user is fully in
	Nav   []NavItem
	// Groups is Nav as the menu shows it: by group, without the home.
	Groups []NavGroup
	// Switch, when not nil, offers the other sites the account works on
	// (switch.go).
	Switch *SiteSwitch
}

// CurrentUser is the signed-in user as the header shows them.
type CurrentUser struct {
	Name  string
	Email string
	Roles []string // Vietnamese labels of the roles on the current site
}

// NavGroup is a group of the area's menu ("Nội dung", "Quản trị").
type NavGroup struct {
	Label string
	ID    string // the label's id, for aria-labelledby
	Items []NavItem
}

// NavItem is one entry of the area's navigation.
type NavItem struct {
	Label       string
	URL         string
	Description string
	Current     bool
}

// Form carries a form's problems: one message per field, in page order,
// and an alert about the form as a whole.
type Form struct {
	Errors map[string]string // field name → message
	Order  []string          // field names in the order the page shows them
	Alert  string            // e.g. "Email hoặc mật khẩu không đúng."
	// AlertFields lists the fields the alert is about; they are marked
	// invalid and described by it.
	AlertFields []string
}

// FieldError is one line of the error summary.
type FieldError struct {
	Field   string
	Message string
}

// alertID is the id of the element holding Form.Alert.
const alertID = "loi-chung"

func (f *Form) add(field, msg string) {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	if _, seen := f.Errors[field]; !seen {
		f.Errors[field] = msg
	}
}

// OK reports whether the form has no problem.
func (f Form) OK() bool { return len(f.Errors) == 0 && f.Alert == "" }

// Summary lists the field errors in page order.
func (f Form) Summary() []FieldError {
	var out []FieldError
	for _, name := range f.Order {
		if msg, ok := f.Errors[name]; ok {
			out = append(out, FieldError{Field: name, Message: msg})
		}
	}
	return out
}

// Error returns the message for a field, or "".
func (f Form) Error(field string) string { return f.Errors[field] }

// ErrorID is the id of the element that holds a field's message.
func (f Form) ErrorID(field string) string { return field + "-loi" }

// Invalid reports whether a field should carry aria-invalid.
func (f Form) Invalid(field string) bool {
	if _, ok := f.Errors[field]; ok {
		return true
	}
	if f.Alert != "" {
		for _, a := range f.AlertFields {
			if a == field {
				return true
			}
		}
	}
	return false
}

// Describe is the aria-describedby value for a field: the ids of its
// hints, then of its error message or the alert about it.
func (f Form) Describe(field string, hints ...string) string {
	ids := append([]string{}, hints...)
	if _, ok := f.Errors[field]; ok {
		ids = append(ids, f.ErrorID(field))
	} else if f.Invalid(field) {
		ids = append(ids, alertID)
	}
	return strings.Join(ids, " ")
}

// FocusFirst reports whether field is the first one with a problem, which
// gets autofocus so a keyboard or screen reader user lands on it.
func (f Form) FocusFirst(field string) bool {
	for _, name := range f.Order {
		if f.Invalid(name) {
			return name == field
		}
	}
	return false
}

// LoginPage is /quan-tri/dang-nhap.
type LoginPage struct {
	Layout
	Form
	Email  string
	Next   string
	Notice string // e.g. "Bạn đã đăng xuất."
}

// CodePage is /quan-tri/xac-thuc-hai-buoc: the code from the app.
type CodePage struct {
	Layout
	Form
	Next   string
	Notice string
}

// SetupPage is /quan-tri/xac-thuc-hai-buoc/thiet-lap: turning TOTP on.
type SetupPage struct {
	Layout
	Form
	Next     string
	Required bool   // the site requires it before the user may go on
	Secret   string // base32, as typed into the form's hidden field
	Grouped  string // the secret in groups of four, for typing by hand
	Issuer   string
	Account  string
	URI      template.URL // otpauth://…, opens the authenticator app on a phone
}

// PasswordPage is /quan-tri/doi-mat-khau.
type PasswordPage struct {
	Layout
	Form
	Next      string
	Forced    bool // the account must change its one-time password first
	MinLength int
}

// DashboardPage is /quan-tri/.
type DashboardPage struct {
	Layout
	Sections []NavItem
	HasTOTP  bool
	Notice   string
	// MissingFooter are the required footer fields the site leaves
	// empty, shown to whoever may fill them in as "còn thiếu".
	MissingFooter []content.FooterField
	// Figures are the numbers that call for action (dashboard_figures.go).
	Figures []Figure
}

// SectionPage is a part of the area that later slices fill in.
type SectionPage struct {
	Layout
	Heading     string
	Description string
}

// ErrorPage shows a refused or failed request.
type ErrorPage struct {
	Layout
	Heading string
	Message string
}
