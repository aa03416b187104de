package desk_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot/desk/desktest"

	"github.com/briefbot/briefbot/summaries"
)

func TestPreviewUsesTheRenderers(t *testing.T) {
	h := withBundled(t, nil)
	b := h.SignedIn(t)
	for _, c := range []struct{ lang, view, want string }{
		{"en", "figures", "about 110,000 km²"}, {"ar", "figures", "110,000"}, {"en", "summary", "Key points"},
		{"en", "briefing", "Ministers of the Global Coalition"}, {"ar", "summary", "واشنطن"},
	} {
		q := "/desk/s/" + bundledID + "/preview?lang=" + c.lang + "&view=" + c.view
		p := b.Get(q)
		if p.Status != http.StatusOK || !strings.Contains(p.Body, `id="telegram-frame"`) || !strings.Contains(p.Body, `class="embed"`) {
			t.Fatalf("%s: %d", q, p.Status)
		}
		plain := p.Body[strings.Index(p.Body, `id="plain-preview"`):]
		if !strings.Contains(plain, c.want) {
			t.Errorf("%s: the plain text lacks %q", q, c.want)
		}
		frame := b.Get("/desk/s/" + bundledID + "/preview/telegram?lang=" + c.lang + "&view=" + c.view)
		if csp := frame.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox;") || strings.Contains(csp, "script-src") {
			t.Errorf("the Telegram frame's CSP: %q", csp)
		}
		if !strings.Contains(frame.Body, "<b>") || strings.Contains(frame.Body, "<script") {
			t.Errorf("the Telegram frame:\n%s", frame.Body)
		}
	}
	if p := b.Get("/desk/s/" + bundledID + "/preview?lang=ar&view=figures&digits=arabic"); !strings.Contains(p.Body, "١١٠٬٠٠٠") {
		t.Error("Arabic digits are not previewed")
	}
}

func TestEveryPageInBothLanguagesHasNoInlineScript(t *testing.T) {
	h := withBundled(t, nil)
	b := h.SignedIn(t)
	for _, lang := range []string{"ar", "en"} {
		b.Get("/desk/lang?to=" + lang + "&back=/desk/")
		for _, p := range []string{"/desk/", "/desk/new", "/desk/s/" + bundledID, "/desk/s/" + bundledID + "/preview",
			"/desk/s/" + bundledID + "/current", "/desk/s/no-such-statement"} {
			r := b.Get(p)
			if r.Status != http.StatusOK && !(strings.HasSuffix(p, "no-such-statement") && r.Status == http.StatusNotFound) {
				t.Errorf("%s %s: %d", lang, p, r.Status)
			}
			if !strings.Contains(r.Body, `<html lang="`+lang+`" dir="`+map[string]string{"ar": "rtl", "en": "ltr"}[lang]+`"`) {
				t.Errorf("%s %s: not in the %s interface", lang, p, lang)
			}
			csp := r.Header.Get("Content-Security-Policy")
			if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
				t.Errorf("%s: CSP %q", p, csp)
			}
			for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(r.Body, -1) {
				if !strings.Contains(tag, `src="/desk/static/`) {
					t.Errorf("%s: inline script %s", p, tag)
				}
			}
			if strings.Contains(r.Body, " style=") || strings.Contains(r.Body, "<style") {
				t.Errorf("%s: inline style", p)
			}
		}
	}
	edit := b.Get("/desk/s/" + bundledID)
	if !strings.Contains(edit.Body, `name="summary.ar" dir="rtl"`) || !strings.Contains(edit.Body, `name="figures[0].quote" dir="rtl"`) ||
		!strings.Contains(edit.Body, `name="summary.en" dir="ltr"`) {
		t.Error("Arabic fields are not written right to left")
	}
}

func TestBothCatalogsHaveEveryText(t *testing.T) {
	h := desktest.NewDesk(t, desktest.DeskOptions{})
	ar, en := h.Desk.Texts().IDs(summaries.AR), h.Desk.Texts().IDs(summaries.EN)
	for id := range en {
		if !ar[id] {
			t.Errorf("%s is missing in Arabic", id)
		}
	}
	for id := range ar {
		if !en[id] {
			t.Errorf("%s is missing in English", id)
		}
	}
	if len(en) < 100 {
		t.Errorf("only %d texts", len(en))
	}
}
