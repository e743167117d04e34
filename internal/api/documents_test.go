package api

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestDocumentsFragmentMatchesTypes checks that the OpenAPI fragment
// describes exactly the JSON fields the handlers write, every one required.
func TestDocumentsFragmentMatchesTypes(t *testing.T) {
	raw, err := os.ReadFile("openapi/documents.json")
	if err != nil {
		t.Fatal(err)
	}
	var frag struct {
		Paths      map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Required   []string       `json:"required"`
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &frag); err != nil {
		t.Fatalf("fragment: %v", err)
	}
	for _, p := range []string{"/api/v1/documents", "/api/v1/documents/{id}"} {
		if frag.Paths[p]["get"] == nil {
			t.Errorf("fragment has no GET %s", p)
		}
	}
	for name, v := range map[string]any{"Document": Document{}, "DocumentFile": DocumentFile{}, "DocumentList": DocumentList{}} {
		var fields []string
		rt := reflect.TypeOf(v)
		for i := 0; i < rt.NumField(); i++ {
			fields = append(fields, strings.Split(rt.Field(i).Tag.Get("json"), ",")[0])
		}
		sch, ok := frag.Components.Schemas[name]
		if !ok {
			t.Errorf("fragment has no schema %s", name)
			continue
		}
		var props []string
		for p := range sch.Properties {
			props = append(props, p)
		}
		req := append([]string(nil), sch.Required...)
		sort.Strings(fields)
		sort.Strings(props)
		sort.Strings(req)
		if !reflect.DeepEqual(fields, props) || !reflect.DeepEqual(fields, req) {
			t.Errorf("%s: JSON fields %v, schema properties %v, required %v", name, fields, props, req)
		}
	}
}
