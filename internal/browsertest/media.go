package browsertest

import (
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// EmulateMedia makes the page's CSS see the media type ("print" to check a
// print stylesheet; "" goes back to the screen) until changed again.
func (p *Page) EmulateMedia(media string) {
	p.b.t.Helper()
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
		p.b.t.Fatalf("browsertest: emulate media %q on %s: %v", media, p.URL, err)
	}
}

// DisableScripts stops the page's own scripts, from the next Visit on, as
// a browser with JavaScript switched off (CSS sees (scripting: none)).
// The helpers that evaluate JavaScript keep working.
func (p *Page) DisableScripts() {
	p.b.t.Helper()
	ctx, cancel := p.b.actionCtx()
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		p.b.t.Fatalf("browsertest: disable scripts on %s: %v", p.URL, err)
	}
}
