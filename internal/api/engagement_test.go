package api

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestEngagementFragments checks the OpenAPI fragments of the schedule and
// ratings: the form the merged document expects, and schemas whose
// properties are exactly the JSON fields the handlers write.
func TestEngagementFragments(t *testing.T) {
	for _, tc := range []struct {
		file    string
		path    string
		schemas map[string]any
	}{
		{"openapi/schedule.json", "/api/v1/schedule", map[string]any{"ScheduleWeek": ScheduleResponse{}, "ScheduleEntry": ScheduleEntry{}}},
		{"openapi/ratings.json", "/api/v1/ratings", map[string]any{"Rating": Rating{}, "RatingList": RatingList{}}},
	} {
		data, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Paths      map[string]map[string]json.RawMessage `json:"paths"`
			Components struct {
				Schemas map[string]struct {
					Required   []string                   `json:"required"`
					Properties map[string]json.RawMessage `json:"properties"`
				} `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if _, ok := doc.Paths[tc.path]["get"]; !ok || len(doc.Paths) != 1 {
			t.Errorf("%s: paths %v, want GET %s only", tc.file, doc.Paths, tc.path)
		}
		for name, v := range tc.schemas {
			sc, ok := doc.Components.Schemas[name]
			if !ok {
				t.Errorf("%s: no schema %s", tc.file, name)
				continue
			}
			var fields []string
			rt := reflect.TypeOf(v)
			for i := range rt.NumField() {
				tag, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
				fields = append(fields, tag)
			}
			var props []string
			for p := range sc.Properties {
				props = append(props, p)
			}
			slices.Sort(fields)
			slices.Sort(props)
			req := slices.Clone(sc.Required)
			slices.Sort(req)
			if !slices.Equal(fields, props) || !slices.Equal(fields, req) {
				t.Errorf("%s %s: Go fields %v, schema properties %v, required %v", tc.file, name, fields, props, req)
			}
		}
	}
}
