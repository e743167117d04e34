package api

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestCitizenFragmentsMatchTypes: the OpenAPI fragments list exactly the
// JSON fields of the response types, all required, so the document and
// the code cannot drift apart.
func TestCitizenFragmentsMatchTypes(t *testing.T) {
	for _, c := range []struct {
		file   string
		schema string
		typ    any
	}{
		{"openapi/questions.json", "Question", QuestionJSON{}},
		{"openapi/consultations.json", "Consultation", ConsultationJSON{}},
		{"openapi/consultations.json", "ConsultationFile", FileJSON{}},
	} {
		b, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Paths      map[string]map[string]any `json:"paths"`
			Components struct {
				Schemas map[string]struct {
					Required   []string       `json:"required"`
					Properties map[string]any `json:"properties"`
				} `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		for p := range doc.Paths {
			if !strings.HasPrefix(p, "/api/v1/") {
				t.Errorf("%s: path %s outside /api/v1/", c.file, p)
			}
		}
		s, ok := doc.Components.Schemas[c.schema]
		if !ok {
			t.Fatalf("%s: no schema %s", c.file, c.schema)
		}
		var fields []string
		rt := reflect.TypeOf(c.typ)
		for i := range rt.NumField() {
			fields = append(fields, strings.Split(rt.Field(i).Tag.Get("json"), ",")[0])
		}
		var props []string
		for p := range s.Properties {
			props = append(props, p)
		}
		slices.Sort(fields)
		slices.Sort(props)
		req := slices.Sorted(slices.Values(s.Required))
		if !slices.Equal(fields, props) || !slices.Equal(fields, req) {
			t.Errorf("%s %s: type fields %v, schema properties %v, required %v", c.file, c.schema, fields, props, req)
		}
	}
}
