package docx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"trangtin/internal/apperr"
)

// node is an XML element, named by its local name (WordprocessingML in
// its transitional and strict namespaces uses the same local names).
type node struct {
	name  string
	attrs []xml.Attr
	kids  []*node
	text  string // character data, kept for w:t only
}

// attr is the value of the attribute with local name key ("" if none).
func (n *node) attr(key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.Name.Local == key {
			return a.Value
		}
	}
	return ""
}

// kid is the first child named name, or nil.
func (n *node) kid(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// find is the first descendant named name, depth first, or nil.
func (n *node) find(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
		if f := k.find(name); f != nil {
			return f
		}
	}
	return nil
}

// textElements keep their character data.
var textElements = map[string]bool{"t": true, "title": true}

// parseXML reads an XML part into a tree, refusing nesting past maxDepth.
// When each is not nil, every completed child of an element named
// streamParent (w:body) is passed to it and dropped, so a long document
// never sits in memory whole; the returned root then lacks them.
func parseXML(r io.Reader, maxDepth int, streamParent string, each func(*node) error) (*node, error) {
	dec := xml.NewDecoder(r)
	root := &node{}
	stack := []*node{root}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var ae *apperr.Error
			if errors.As(err, &ae) {
				return nil, err
			}
			return nil, apperr.Wrap(apperr.Invalid, MsgDamaged, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > maxDepth {
				return nil, tooBig(fmt.Sprintf("các phần tử lồng nhau quá %d tầng", maxDepth))
			}
			n := &node{name: t.Name.Local}
			if len(t.Attr) > 0 {
				n.attrs = append([]xml.Attr(nil), t.Attr...)
			}
			top := stack[len(stack)-1]
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) < 2 {
				return nil, apperr.New(apperr.Invalid, MsgDamaged)
			}
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			parent := stack[len(stack)-1]
			if each != nil && parent.name == streamParent && len(stack) == 3 {
				parent.kids = parent.kids[:len(parent.kids)-1]
				if err := each(n); err != nil {
					return nil, err
				}
			}
		case xml.CharData:
			top := stack[len(stack)-1]
			if textElements[top.name] {
				top.text += string(t)
			}
		}
	}
	if len(stack) != 1 {
		return nil, apperr.New(apperr.Invalid, MsgDamaged)
	}
	return root, nil
}

// readPart parses the XML part name of the package (nil when absent).
func (c *converter) readPart(name string) (*node, error) {
	rc, err := c.z.part(name, c.lim.MaxPartBytes)
	if err != nil || rc == nil {
		return nil, err
	}
	defer rc.Close()
	return parseXML(rc, c.lim.MaxDepth, "", nil)
}

// on reports whether a toggle property (<w:b/>, <w:b w:val="0"/>) is on.
func on(n *node) bool {
	switch strings.ToLower(n.attr("val")) {
	case "0", "false", "off", "none":
		return false
	}
	return true
}
