package api

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
)

// The OpenAPI document is base.json merged with every other file of
// openapi/: each module describes its own paths and schemas in a fragment
// {"paths": {...}, "components": {"schemas": {...}}}.
//
//go:embed openapi/*.json
var openapiFiles embed.FS

// BuildSpec merges the OpenAPI fragments of fsys (base.json first, then
// the others by name) into one document. A key defined twice (a path, a
// schema, a parameter) or an unknown top-level key is an error: two
// modules must not silently overwrite each other's description.
func BuildSpec(fsys fs.FS) ([]byte, error) {
	names, err := fs.Glob(fsys, "*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var doc map[string]any
	for _, name := range append([]string{"base.json"}, names...) {
		if name == "base.json" && doc != nil {
			continue
		}
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var frag map[string]any
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		if err := dec.Decode(&frag); err != nil {
			return nil, fmt.Errorf("openapi/%s: %w", name, err)
		}
		if doc == nil {
			doc = frag
			if doc["openapi"] == nil {
				return nil, fmt.Errorf("openapi/base.json: no openapi version")
			}
			continue
		}
		if err := mergeFragment(doc, frag); err != nil {
			return nil, fmt.Errorf("openapi/%s: %w", name, err)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func mergeFragment(doc, frag map[string]any) error {
	for k, v := range frag {
		switch k {
		case "paths":
			if err := mergeKeys(doc, "paths", v, "path"); err != nil {
				return err
			}
		case "components":
			comps, ok := v.(map[string]any)
			if !ok {
				return fmt.Errorf("components is not an object")
			}
			if doc["components"] == nil {
				doc["components"] = map[string]any{}
			}
			dc := doc["components"].(map[string]any)
			for section, entries := range comps {
				if err := mergeKeys(dc, section, entries, "components."+section); err != nil {
					return err
				}
			}
		case "tags":
			list, ok := v.([]any)
			if !ok {
				return fmt.Errorf("tags is not a list")
			}
			have, _ := doc["tags"].([]any)
			seen := map[any]bool{}
			for _, t := range have {
				if m, ok := t.(map[string]any); ok {
					seen[m["name"]] = true
				}
			}
			for _, t := range list {
				m, ok := t.(map[string]any)
				if !ok || seen[m["name"]] {
					return fmt.Errorf("tag %v is defined twice or malformed", t)
				}
				seen[m["name"]] = true
				have = append(have, t)
			}
			doc["tags"] = have
		default:
			return fmt.Errorf("unknown top-level key %q (a fragment holds paths, components and tags)", k)
		}
	}
	return nil
}

// mergeKeys adds the entries of src to dst[key], refusing any key that
// is already there.
func mergeKeys(dst map[string]any, key string, src any, what string) error {
	entries, ok := src.(map[string]any)
	if !ok {
		return fmt.Errorf("%s is not an object", what)
	}
	if dst[key] == nil {
		dst[key] = map[string]any{}
	}
	have, ok := dst[key].(map[string]any)
	if !ok {
		return fmt.Errorf("%s is not an object in the base", what)
	}
	names := make([]string, 0, len(entries))
	for k := range entries {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if _, dup := have[k]; dup {
			return fmt.Errorf("%s %q is defined twice", what, k)
		}
		if what == "path" && !describedPath(k) {
			return fmt.Errorf("path %q is not under /api/v1/ nor a feed, the sitemap or robots.txt", k)
		}
		have[k] = entries[k]
	}
	return nil
}

// spec is the merged document, built once at start-up.
var spec, specErr = func() ([]byte, error) {
	sub, err := fs.Sub(openapiFiles, path.Clean("openapi"))
	if err != nil {
		return nil, err
	}
	return BuildSpec(sub)
}()

// Spec returns the merged OpenAPI document served at /api/v1/openapi.json.
func Spec() ([]byte, error) { return spec, specErr }

// openapi: GET /api/v1/openapi.json
func (s *Server) openapi(w http.ResponseWriter, r *http.Request) error {
	if specErr != nil {
		return specErr
	}
	var v json.RawMessage = spec
	return writeTagged(w, r, v)
}

// describedPath reports whether the document may describe path: the JSON
// API, and the machine-readable documents of the public site (feeds, the
// sitemap, robots.txt), so that a harvester finds them all in one place.
func describedPath(path string) bool {
	switch {
	case strings.HasPrefix(path, "/api/v1/"), path == "/rss", path == "/sitemap.xml", path == "/robots.txt":
		return true
	case strings.HasPrefix(path, "/chuyen-muc/") && strings.HasSuffix(path, "/rss"):
		return true
	}
	return false
}
