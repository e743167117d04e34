package content

// FooterField is one of the footer fields the law asks every portal to
// show (Decree 42/2022, art. 7; see docs/portal.md): the governing
// agency, the person responsible, the address, phone and e-mail.
type FooterField struct {
	Field string // the site information form's field
	Label string
}

// RequiredFooter lists the required footer fields in form order.
var RequiredFooter = []FooterField{
	{"agency", "Cơ quan chủ quản"},
	{"responsible", "Người chịu trách nhiệm"},
	{"address", "Địa chỉ"},
	{"phone", "Điện thoại"},
	{"email", "Thư điện tử"},
}

// MissingFooter lists the required footer fields site leaves empty.
func MissingFooter(site *Site) []FooterField {
	values := map[string]string{"agency": site.Agency, "responsible": site.Responsible, "address": site.Address, "phone": site.Phone, "email": site.Email}
	var out []FooterField
	for _, f := range RequiredFooter {
		if values[f.Field] == "" {
			out = append(out, f)
		}
	}
	return out
}
