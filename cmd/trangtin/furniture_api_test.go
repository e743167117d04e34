package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"trangtin/internal/config"
	"trangtin/internal/demo"
)

// TestFurnitureAPI fetches the furniture's JSON from the demo site and
// checks each answer against the schemas of its OpenAPI fragment
// (internal/api/openapi/furniture.json), on both stores.
func TestFurnitureAPI(t *testing.T) { eachStore(t, testFurnitureAPI) }

func testFurnitureAPI(t *testing.T, cfg config.Config) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "internal", "api", "openapi", "furniture.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths      map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	app := startApp(t, cfg)
	for _, tc := range []struct {
		path, schema string
		status       int
		check        func(body map[string]any) error
	}{
		{"/api/v1/menu", "MenuResponse", 200, func(b map[string]any) error {
			items := b["items"].([]any)
			if len(items) < 5 || items[0].(map[string]any)["label"] != "Giới thiệu" || len(items[0].(map[string]any)["children"].([]any)) != 4 {
				return fmt.Errorf("menu %v", items)
			}
			return nil
		}},
		{"/api/v1/links", "LinkList", 200, func(b map[string]any) error {
			if b["total"] != 4.0 || b["items"].([]any)[0].(map[string]any)["url"] != "https://dichvucong.gov.vn" {
				return fmt.Errorf("links %v", b)
			}
			return nil
		}},
		{"/api/v1/links?page=2&per_page=3", "LinkList", 200, func(b map[string]any) error {
			if b["total"] != 4.0 || len(b["items"].([]any)) != 1 || b["page"] != 2.0 {
				return fmt.Errorf("second page of links %v", b)
			}
			return nil
		}},
		{"/api/v1/leaders", "LeaderList", 200, func(b map[string]any) error {
			if b["total"] != 2.0 || b["items"].([]any)[0].(map[string]any)["name"] != demo.Leaders[0].Name {
				return fmt.Errorf("leaders %v", b)
			}
			return nil
		}},
		{"/api/v1/access-info", "AccessInfo", 200, nil},
		{"/api/v1/leaders?per_page=0", "FurnitureError", 400, nil},
	} {
		res, body := get(t, app.URL+tc.path)
		if res.StatusCode != tc.status || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || res.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("GET %s: %d %q, want %d JSON with CORS", tc.path, res.StatusCode, res.Header.Get("Content-Type"), tc.status)
			continue
		}
		var v any
		if err := json.Unmarshal([]byte(body), &v); err != nil {
			t.Errorf("GET %s: %v", tc.path, err)
			continue
		}
		if err := conforms(doc.Components.Schemas, map[string]any{"$ref": "#/components/schemas/" + tc.schema}, v, "$"); err != nil {
			t.Errorf("GET %s does not match %s: %v", tc.path, tc.schema, err)
		}
		if tc.check != nil {
			if err := tc.check(v.(map[string]any)); err != nil {
				t.Errorf("GET %s: %v", tc.path, err)
			}
		}
		path := strings.SplitN(tc.path, "?", 2)[0]
		if _, ok := doc.Paths[path]["get"]; !ok {
			t.Errorf("%s is not in the OpenAPI fragment", path)
		}
	}
}

// conforms checks v against the subset of JSON Schema the fragment uses:
// $ref, type, required, properties, additionalProperties: false, items.
func conforms(schemas map[string]any, schema map[string]any, v any, at string) error {
	if ref, ok := schema["$ref"].(string); ok {
		s, ok := schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
		if !ok {
			return fmt.Errorf("%s: unknown schema %s", at, ref)
		}
		return conforms(schemas, s, v, at)
	}
	switch schema["type"] {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an object", at, v)
		}
		for _, r := range schema["required"].([]any) {
			if _, ok := obj[r.(string)]; !ok {
				return fmt.Errorf("%s: missing %s", at, r)
			}
		}
		props, _ := schema["properties"].(map[string]any)
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p, ok := props[k].(map[string]any)
			if !ok {
				if schema["additionalProperties"] == false {
					return fmt.Errorf("%s: property %s is not in the schema", at, k)
				}
				continue
			}
			if err := conforms(schemas, p, obj[k], at+"."+k); err != nil {
				return err
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an array", at, v)
		}
		for i, e := range arr {
			if err := conforms(schemas, schema["items"].(map[string]any), e, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
	case "string":
		if _, ok := v.(string); !ok {
			return fmt.Errorf("%s: %T, want a string", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: %T, want a boolean", at, v)
		}
	case "integer":
		if f, ok := v.(float64); !ok || f != float64(int64(f)) {
			return fmt.Errorf("%s: %v, want an integer", at, v)
		}
	}
	return nil
}
