package api

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestSpecValidates loads the merged document (base.json and every
// module's fragment) with kin-openapi and validates it against the
// OpenAPI 3.0 rules: structure, $refs that resolve, parameters, schemas.
func TestSpecValidates(t *testing.T) {
	raw, err := Spec()
	if err != nil {
		t.Fatalf("the OpenAPI document does not build: %v", err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi %q, want 3.0.3", doc.OpenAPI)
	}
	for _, p := range []string{"/api/v1/sites", "/api/v1/sites/{id}", "/api/v1/categories", "/api/v1/categories/{id}",
		"/api/v1/articles", "/api/v1/articles/{id}", "/api/v1/pages", "/api/v1/pages/{slug}", "/api/v1/search", "/api/v1/openapi.json"} {
		if doc.Paths.Find(p) == nil {
			t.Errorf("the document does not describe %s", p)
		}
	}
}

func TestBuildSpecMerges(t *testing.T) {
	base := `{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/api/v1/a": {}},
		"components": {"schemas": {"Error": {"type": "object"}}, "parameters": {"Page": {}}}}`
	fsys := fstest.MapFS{
		"base.json":      {Data: []byte(base)},
		"documents.json": {Data: []byte(`{"paths": {"/api/v1/van-ban": {"get": {}}}, "components": {"schemas": {"Document": {"type": "object"}}}}`)},
		"questions.json": {Data: []byte(`{"paths": {"/api/v1/hoi-dap": {}}, "components": {"schemas": {"Question": {}}}}`)},
	}
	out, err := BuildSpec(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths      map[string]any
		Components struct{ Schemas, Parameters map[string]any }
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Paths) != 3 || len(doc.Components.Schemas) != 3 || len(doc.Components.Parameters) != 1 {
		t.Errorf("merged: %s", out)
	}

	for name, frag := range map[string]string{
		"a path twice":           `{"paths": {"/api/v1/a": {}}}`,
		"a schema twice":         `{"components": {"schemas": {"Error": {}}}}`,
		"a parameter twice":      `{"components": {"parameters": {"Page": {}}}}`,
		"an unknown key":         `{"paths": {}, "info": {}}`,
		"a path outside the API": `{"paths": {"/tin-tuc": {}}}`,
		"broken JSON":            `{"paths": `,
	} {
		bad := fstest.MapFS{"base.json": {Data: []byte(base)}, "x.json": {Data: []byte(frag)}}
		if _, err := BuildSpec(bad); err == nil {
			t.Errorf("%s: merged without an error", name)
		} else if !strings.Contains(err.Error(), "x.json") {
			t.Errorf("%s: the error %q does not name the file", name, err)
		}
	}
	// Two fragments that collide with each other, not with the base.
	bad := fstest.MapFS{"base.json": {Data: []byte(base)},
		"a.json": {Data: []byte(`{"components": {"schemas": {"Dup": {}}}}`)},
		"b.json": {Data: []byte(`{"components": {"schemas": {"Dup": {}}}}`)}}
	if _, err := BuildSpec(bad); err == nil || !strings.Contains(err.Error(), `"Dup"`) {
		t.Errorf("two fragments defining one schema: %v", err)
	}
}

// TestSearchKindsMatchSpec: the kinds the search accepts are the enum the
// OpenAPI document gives for its kind parameter.
func TestSearchKindsMatchSpec(t *testing.T) {
	raw, err := Spec()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatal(err)
	}
	p := doc.Paths.Find("/api/v1/search")
	if p == nil || p.Get == nil {
		t.Fatal("no GET /api/v1/search in the document")
	}
	param := p.Get.Parameters.GetByInAndName("query", "kind")
	if param == nil || param.Schema == nil || param.Schema.Value == nil {
		t.Fatal("no kind parameter for /api/v1/search")
	}
	var enum []string
	for _, v := range param.Schema.Value.Enum {
		enum = append(enum, v.(string))
	}
	if strings.Join(enum, ",") != strings.Join(searchKinds, ",") {
		t.Errorf("spec enum %v, code accepts %v", enum, searchKinds)
	}
	for _, k := range searchKinds {
		if !strings.Contains(msgSearchKind, k) {
			t.Errorf("message %q does not name %s", msgSearchKind, k)
		}
	}
}
