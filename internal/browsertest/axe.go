package browsertest

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core, vendored in the folder axe (see axe/README.md).
//
//go:embed axe/axe.min.js
var axeSource string

// AxeTags are the axe-core rule tags that [Page.Axe] runs: the rules of
// WCAG 2.0 and 2.1, levels A and AA.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeRunJS runs axe on the document and returns the violations in the shape
// of Violation. A target is a list of CSS selectors; a selector into a shadow
// root or a frame is itself a list, which becomes one string joined by " >>> ".
const axeRunJS = `(async () => {
	const r = await axe.run(document, {
		runOnly: {type: 'tag', values: %s},
		resultTypes: ['violations'],
	});
	return r.violations.map(v => ({
		id: v.id,
		impact: v.impact || '',
		tags: v.tags,
		description: v.description,
		help: v.help,
		helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({
			target: n.target.map(s => Array.isArray(s) ? s.join(' >>> ') : String(s)),
			html: n.html,
			failureSummary: n.failureSummary || '',
		})),
	}));
})()`

// Violation is an axe-core rule that the page breaks.
type Violation struct {
	ID          string          `json:"id"`     // rule id, such as "image-alt"
	Impact      string          `json:"impact"` // "minor", "moderate", "serious" or "critical"
	Tags        []string        `json:"tags"`   // such as "wcag2a", "wcag111"
	Description string          `json:"description"`
	Help        string          `json:"help"`
	HelpURL     string          `json:"helpUrl"`
	Nodes       []ViolationNode `json:"nodes"`
}

// ViolationNode is one element that breaks the rule of a Violation.
type ViolationNode struct {
	// Target holds the CSS selectors that find the element, one for each
	// level of frame or shadow root nesting.
	Target         []string `json:"target"`
	HTML           string   `json:"html"`           // the element's markup, shortened by axe
	FailureSummary string   `json:"failureSummary"` // what to fix
}

// Axe runs axe-core on the current page, with the rules of WCAG 2.1 levels A
// and AA ([AxeTags]), and returns the violations. It injects the vendored axe
// into the page the first time. The content of iframes is checked only where
// axe is loaded in the frame too, so in practice the top document only.
func (p *Page) Axe() []Violation {
	p.b.t.Helper()
	var loaded bool
	p.Eval(`typeof window.axe === "object" && typeof window.axe.run === "function"`, &loaded)
	if !loaded {
		ctx, cancel := p.b.actionCtx()
		err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](axeSource))
		cancel()
		if err != nil {
			p.b.t.Fatalf("browsertest: injecting axe-core into %s: %v", p.URL, err)
		}
	}

	tags := make([]string, len(AxeTags))
	for i, tag := range AxeTags {
		tags[i] = fmt.Sprintf("%q", tag)
	}
	var vs []Violation
	if err := p.eval(fmt.Sprintf(axeRunJS, "["+strings.Join(tags, ", ")+"]"), &vs); err != nil {
		p.b.t.Fatalf("browsertest: running axe-core on %s: %v", p.URL, err)
	}
	return vs
}

// AssertNoAxeViolations runs [Page.Axe] and reports the violations, if any,
// with t.Errorf. The test goes on.
func (p *Page) AssertNoAxeViolations() {
	p.b.t.Helper()
	if vs := p.Axe(); len(vs) > 0 {
		p.b.t.Errorf("browsertest: %s has %d axe-core violation(s) of WCAG 2.1 A/AA:\n%s",
			p.URL, len(vs), FormatViolations(vs))
	}
}

// FormatViolations lists the violations for a test log, one rule with its
// elements at a time.
func FormatViolations(v []Violation) string {
	if len(v) == 0 {
		return "no violations"
	}
	var b strings.Builder
	for i, x := range v {
		impact := x.Impact
		if impact == "" {
			impact = "unknown impact"
		}
		fmt.Fprintf(&b, "%d. [%s] %s: %s\n", i+1, impact, x.ID, x.Help)
		if x.HelpURL != "" {
			fmt.Fprintf(&b, "   %s\n", x.HelpURL)
		}
		for _, n := range x.Nodes {
			fmt.Fprintf(&b, "   - %s\n", strings.Join(n.Target, " "))
			if n.HTML != "" {
				fmt.Fprintf(&b, "     html: %s\n", oneLine(n.HTML))
			}
			if n.FailureSummary != "" {
				fmt.Fprintf(&b, "     %s\n", strings.ReplaceAll(strings.TrimSpace(n.FailureSummary), "\n", "\n     "))
			}
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// oneLine collapses the white space of s, so that markup fits on a line.
func oneLine(s string) string {
	return abbrev(strings.Join(strings.Fields(s), " "), 300)
}
