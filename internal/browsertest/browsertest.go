// Package browsertest drives a headless Chromium from Go tests with chromedp,
// and runs the vendored axe-core against the pages for WCAG 2.1 A/AA checks.
//
// A typical end-to-end test:
//
//	func TestHomePage(t *testing.T) {
//		srv := httptest.NewServer(handler) // listens on 127.0.0.1
//		defer srv.Close()
//
//		b := browsertest.New(t)
//		p := b.Visit(srv.URL + "/")
//		p.Screenshot("home")
//		p.AssertNoAxeViolations()
//	}
//
// Each call of [New] starts its own browser process with a fresh profile. The
// browser cannot reach the network: a host resolver rule maps every host name
// except 127.0.0.1 and localhost to "not found", so the pages under test must
// be served from 127.0.0.1 (as httptest.NewServer does) or localhost, and
// resources from any other host (CDNs, fonts, analytics) fail to load.
//
// When no browser is installed, New skips the test, except under CI
// (CI=true), where it fails it: a suite that silently skips would prove
// nothing there. Set TRANGTIN_CHROMIUM to choose the browser binary.
//
// Every helper fails the test (t.Fatalf) when the browser reports an error,
// and every browser action has a time limit, [Browser.Timeout], so a hung
// browser fails the test instead of hanging it.
package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"trangtin/internal/testenv"
)

// EnvChromium is the environment variable that names the browser binary, as
// a path or as a name to look up on PATH. It overrides the default search.
const EnvChromium = "TRANGTIN_CHROMIUM"

// DefaultTimeout is the time limit of one browser action, such as a
// navigation, a click or an axe run. It is the initial value of
// [Browser.Timeout].
const DefaultTimeout = 30 * time.Second

// Size of the browser window and of the initial viewport, in CSS pixels.
const (
	WindowWidth  = 1280
	WindowHeight = 900
)

// HostResolverRules is the value of Chromium's --host-resolver-rules flag.
// A name under .localhost (a site of the demo province, RFC 6761) is this
// machine; every other host name except 127.0.0.1 and localhost resolves
// to "not found" without a DNS lookup, so the browser cannot reach the
// network.
const HostResolverRules = "MAP *.localhost 127.0.0.1 , MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost"

// candidates are the browsers that findChromium tries, in order, when
// EnvChromium is not set. An absolute path is checked directly, and a name is
// looked up on PATH.
var candidates = []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"}

// Browser is a headless Chromium process with one tab, bound to a test.
type Browser struct {
	// Timeout limits each browser action. New sets it to DefaultTimeout.
	// Change it before the action that needs more or less time.
	Timeout time.Duration

	t   testing.TB
	ctx context.Context // the chromedp context of the tab
	out *tailBuffer     // the last output of the browser process
}

// Page is the page that the tab of a Browser shows after a [Browser.Visit].
// The methods of a Page act on the tab, so after a later Visit, or a click
// that follows a link, they act on the new document.
type Page struct {
	// URL is the address that Visit navigated to.
	URL string
	// Status is the HTTP status code of the document, or 0 when the
	// browser reported none (for example for a data: URL).
	Status int

	b *Browser
}

// New starts a new headless Chromium for the test t, and stops it when the
// test ends. It skips the test when no browser is found, or fails it when the
// environment variable CI is "true".
func New(t testing.TB) *Browser {
	t.Helper()

	path, err := findChromium()
	testenv.Require(t, "browsertest: Chromium", err)

	// t.TempDir registers its removal first, so that it runs after the
	// cleanup below, which stops the browser.
	profile := t.TempDir()
	out := &tailBuffer{max: 16 << 10}

	opts := allocatorOptions(path, profile, out)

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	b := &Browser{Timeout: DefaultTimeout, t: t, ctx: ctx, out: out}

	t.Cleanup(func() {
		// Close the browser gracefully, then kill whatever is left. The
		// cancels wait for the main browser process to exit.
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		_ = chromedp.Cancel(cctx)
		cancel()
		cancelTab()
		cancelAlloc()
		// Helper processes (zygote, renderers) can outlive the main
		// process for a moment and keep writing to the profile, which
		// would make the removal of the TempDir fail.
		waitProfileReleased(profile, 5*time.Second)
		if t.Failed() {
			if s := out.String(); s != "" {
				t.Logf("browsertest: last output of the browser:\n%s", s)
			}
		}
	})

	// The first Run starts the browser, and ties the life of the browser
	// to the context it gets, so it must not get a context with a
	// deadline. Enforce the time limit from outside instead.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }()
	select {
	case err = <-started:
	case <-time.After(b.Timeout):
		cancelTab() // kills the browser, so that Do returns
		<-started
		err = fmt.Errorf("no answer after %v", b.Timeout)
	}
	if err != nil {
		t.Fatalf("browsertest: starting %s: %v\nbrowser output:\n%s", path, err, out.String())
	}

	// Headless Chromium takes room for a simulated browser UI from the
	// window, so the page would get less than the window size. Give the
	// page the whole size, as the viewport of a 1280x900 window.
	actx, cancel := b.actionCtx()
	defer cancel()
	if err := chromedp.Do(actx, chromedp.EmulateViewport(WindowWidth, WindowHeight)); err != nil {
		t.Fatalf("browsertest: setting the viewport to %dx%d: %v", WindowWidth, WindowHeight, err)
	}
	return b
}

// actionCtx returns a context for one browser action, limited to b.Timeout.
func (b *Browser) actionCtx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, b.Timeout)
}

// Visit navigates the tab to url and waits until the page has loaded and
// document.readyState is "complete". It fails the test when the navigation
// fails, for example when the host is unreachable. An HTTP error status is
// not a failure: check [Page.Status].
func (b *Browser) Visit(url string) *Page {
	b.t.Helper()
	p, err := b.TryVisit(url)
	if err != nil {
		b.t.Fatalf("browsertest: visit %s: %v", url, err)
	}
	return p
}

// TryVisit is like [Browser.Visit], but returns the error instead of failing
// the test. Use it to test that a navigation fails.
func (b *Browser) TryVisit(url string) (*Page, error) {
	ctx, cancel := b.actionCtx()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		return nil, err
	}
	if err := waitComplete(ctx); err != nil {
		return nil, fmt.Errorf("waiting for document.readyState == \"complete\": %w", err)
	}
	p := &Page{URL: url, b: b}
	if resp != nil {
		p.Status = int(resp.Status)
	}
	return p, nil
}

// Text returns the rendered text (innerText) of the first element that
// matches the CSS selector, or "" when the element is not rendered (for
// example display: none). It waits for the element to exist, up to the time
// limit.
func (p *Page) Text(selector string) string {
	p.b.t.Helper()
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	for {
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(selector)))
		if err == nil {
			return s
		}
		// After a click that navigates, the old document can be replaced
		// while the query holds one of its nodes or its execution
		// context: ask the new one, until the time limit.
		if ctx.Err() == nil && documentReplaced(err) {
			time.Sleep(retryPause)
			continue
		}
		p.b.t.Fatalf("browsertest: text of %q on %s: %v", selector, p.URL, err)
		return ""
	}
}

// Click clicks the first element that matches the CSS selector, with the
// mouse, once the element is visible, and does not wait for anything the
// click causes. For a click that navigates (a link, a form's submit button)
// use [Page.ClickAndWait], which waits for the page it loads.
func (p *Page) Click(selector string) {
	p.b.t.Helper()
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(selector))); err != nil {
		p.b.t.Fatalf("browsertest: click %q on %s: %v", selector, p.URL, err)
	}
}

// PressOn focuses the first element that matches the CSS selector and types
// key on the keyboard, as a real key press (keydown, keypress, keyup) that
// the page's handlers and the browser's defaults (Enter or Space on a
// button clicks it) see; key is a character or one of chromedp's kb
// constants ("\r" for Enter, kb.Escape). It does not wait for anything
// the key causes.
func (p *Page) PressOn(selector, key string) {
	p.b.t.Helper()
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS(selector)), chromedp.KeyEvent(key)); err != nil {
		p.b.t.Fatalf("browsertest: press %q on %q of %s: %v", key, selector, p.URL, err)
	}
}

// ClickAndWait clicks the first element that matches the CSS selector, as
// [Page.Click] does, and waits for the navigation that this click starts (a
// link followed, a form submitted, and their redirects): the events of that
// navigation are watched from before the click, so neither the page being
// left nor a slow server can satisfy or outrun the wait. It returns the page
// that loaded, with its address and HTTP status, once its document is
// complete. A click that starts no navigation fails the test at the time
// limit.
func (p *Page) ClickAndWait(selector string) *Page {
	p.b.t.Helper()
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector)))
	if err == nil {
		err = waitComplete(ctx)
	}
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (no navigation started, or its page did not load, within %v)", err, p.b.Timeout)
		}
		p.b.t.Fatalf("browsertest: click %q on %s and wait for the next page: %v", selector, p.URL, err)
	}
	next := &Page{URL: p.URL, b: p.b}
	if resp != nil {
		next.URL, next.Status = resp.URL, int(resp.Status)
	}
	return next
}

// Wait waits until the JavaScript expression js is truthy in the page and
// decodes that value into out (as [Page.Eval] does; a nil out ignores it).
// The expression is evaluated at once and again after every change of the
// document (a MutationObserver) and every focus, hash change or load event,
// so it suits what a script of the page shows; it must have no side
// effects, since it runs again in the new document when a navigation
// replaces the old one. An exception, or the time limit, fails the test.
func (p *Page) Wait(js string, out any) {
	p.b.t.Helper()
	expr := fmt.Sprintf(`new Promise((resolve, reject) => {
		const events = ["focusin", "hashchange", "load"];
		let observer = null;
		const stop = () => {
			if (observer) observer.disconnect();
			events.forEach(e => removeEventListener(e, check, true));
		};
		const check = () => {
			let v;
			try { v = (() => (%s))(); } catch (e) { stop(); reject(e); return true; }
			if (!v) return false;
			stop();
			resolve(v);
			return true;
		};
		if (check()) return;
		observer = new MutationObserver(check);
		observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
		events.forEach(e => addEventListener(e, check, true));
	})`, js)
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	for {
		err := p.evalCtx(ctx, expr, out)
		if err == nil {
			return
		}
		if ctx.Err() == nil && documentReplaced(err) {
			time.Sleep(retryPause)
			continue
		}
		p.b.t.Fatalf("browsertest: wait on %s for %s: %v", p.URL, abbrev(js, 300), err)
	}
}

// retryPause is the pause before asking a new document again, after a
// navigation replaced the one asked.
const retryPause = 20 * time.Millisecond

// documentReplaced reports whether err says that the document, a node of it
// or its JavaScript context went away while being used: a navigation
// replaced the document. Read-only questions can be asked again.
func documentReplaced(err error) bool {
	msg := err.Error()
	for _, s := range []string{
		"node",                // No node with given id, Could not find node …
		"Cannot find context", // a destroyed execution context
		"Execution context was destroyed",
		"Cannot find default execution context",
		"Inspected target navigated or closed",
	} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// waitComplete waits until the document of the tab has loaded
// (document.readyState is "complete"), asking whichever document is current:
// when a navigation replaces it meanwhile, it asks the new one. It is tied
// to no execution context.
func waitComplete(ctx context.Context) error {
	for {
		_, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete" ||
			new Promise(r => addEventListener("load", () => r(true), {once: true}))`, chromedp.EvalAwaitPromise))
		if err == nil || ctx.Err() != nil || !documentReplaced(err) {
			return err
		}
		time.Sleep(retryPause)
	}
}

// Eval evaluates the JavaScript expression js in the page, awaits it if it
// is a promise, and decodes the JSON of its result into out (as
// encoding/json does). A nil out ignores the result. An exception, or an
// undefined result with a non-nil out, fails the test.
func (p *Page) Eval(js string, out any) {
	p.b.t.Helper()
	if err := p.eval(js, out); err != nil {
		p.b.t.Fatalf("browsertest: eval on %s: %v\nexpression: %s", p.URL, err, abbrev(js, 300))
	}
}

func (p *Page) eval(js string, out any) error {
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	return p.evalCtx(ctx, js, out)
}

func (p *Page) evalCtx(ctx context.Context, js string, out any) error {
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if len(raw) == 0 {
		return errors.New("the expression returned undefined")
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("decoding the result %s: %w", abbrev(string(raw), 200), err)
	}
	return nil
}

// SetViewport resizes the viewport to w×h CSS pixels, as a desktop window of
// that size (CSS media queries see the new width). See
// [Page.SetMobileViewport] to also emulate a phone.
func (p *Page) SetViewport(w, h int) {
	p.b.t.Helper()
	p.setViewport(w, h)
}

// SetMobileViewport is like [Page.SetViewport], and also emulates a mobile
// device with touch, so the browser honours <meta name="viewport">. Reload
// the page (Visit it again) if its scripts look at the device once.
func (p *Page) SetMobileViewport(w, h int) {
	p.b.t.Helper()
	p.setViewport(w, h, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
}

func (p *Page) setViewport(w, h int, opts ...chromedp.EmulateViewportOption) {
	p.b.t.Helper()
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h), opts...)); err != nil {
		p.b.t.Fatalf("browsertest: set viewport %dx%d on %s: %v", w, h, p.URL, err)
	}
}

// Screenshot saves a PNG of the whole page (not only the viewport) as
// name+".png" under t.ArtifactDir(), logs its path, and returns it. With
// `go test -artifacts` the file stays in the output directory of the test;
// without it, it is removed when the test ends.
func (p *Page) Screenshot(name string) string {
	p.b.t.Helper()
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	png, err := chromedp.Run(ctx, fullPagePNG)
	if err != nil {
		p.b.t.Fatalf("browsertest: screenshot %q of %s: %v", name, p.URL, err)
	}
	path := filepath.Join(p.b.t.ArtifactDir(), safeName(name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.b.t.Fatalf("browsertest: screenshot %q of %s: %v", name, p.URL, err)
	}
	p.b.t.Logf("browsertest: screenshot of %s: %s", p.URL, path)
	return path
}

// fullPagePNG captures the whole scrollable area of the page as a PNG.
func fullPagePNG(ctx context.Context, t *chromedp.Target) ([]byte, error) {
	m, err := cdp.Call(ctx, t, page.GetLayoutMetrics, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	var clip *page.Viewport
	if r := m.CSSContentSize; r != nil && r.Width >= 1 && r.Height >= 1 {
		clip = &page.Viewport{Width: r.Width, Height: r.Height, Scale: 1}
	}
	yes := true
	res, err := cdp.Call(ctx, t, page.CaptureScreenshot, page.CaptureScreenshotParams{
		Format:                page.CaptureScreenshotFormatPng,
		Clip:                  clip,
		FromSurface:           &yes,
		CaptureBeyondViewport: &yes,
	})
	if err != nil {
		return nil, err
	}
	return res.Data, nil
}

var unsafeChars = regexp.MustCompile(`[^\p{L}\p{N}._-]+`)

// safeName makes name usable as a file name: it keeps letters, digits, ".",
// "_" and "-", and turns every other run of characters into "_".
func safeName(name string) string {
	s := strings.Trim(unsafeChars.ReplaceAllString(name, "_"), "._")
	if s == "" {
		s = "screenshot"
	}
	return s
}

func abbrev(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// Type clears the first element that matches the CSS selector (a text
// field) and types text into it with real key events, as a person would,
// once the element is visible.
func (p *Page) Type(selector, text string) {
	p.b.t.Helper()
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	err := chromedp.Do(ctx, chromedp.Clear(chromedp.CSS(selector)))
	if err == nil {
		err = chromedp.Do(ctx, chromedp.SendKeys(chromedp.CSS(selector), text))
	}
	if err != nil {
		p.b.t.Fatalf("browsertest: type into %q on %s: %v", selector, p.URL, err)
	}
}

// Press sends key events to the element that has the focus: keys are
// characters or the names of package github.com/chromedp/chromedp/kb
// (kb.ArrowRight, kb.Enter, kb.Escape …), pressed one after another.
func (p *Page) Press(keys ...string) {
	p.b.t.Helper()
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	for _, k := range keys {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(k)); err != nil {
			p.b.t.Fatalf("browsertest: press %q on %s: %v", k, p.URL, err)
		}
	}
}
