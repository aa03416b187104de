package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/desk/desktest"

	"github.com/chromedp/chromedp"

	"github.com/briefbot/briefbot/bot/bottest"
	"github.com/briefbot/briefbot/bot/telegram/telegramtest"
)

// chromiumPath is where Debian's chromium package installs the browser
// (.ci/run installs it when it is missing).
const chromiumPath = "/usr/bin/chromium"

// TestDeskInABrowser drives the curators' desk in a real headless Chromium
// against the whole program ("briefbot run" with a fake Telegram, the desk
// on BRIEFBOT_HTTP_ADDR, live reload on BRIEFBOT_DATA): it signs in, pastes
// the seed's raw page, sees the nine figures proposed, fills in the
// summaries, sees a validation problem appear and fixes it, previews both
// languages, publishes, and asks the running bot's /list for the new
// statement. Screenshots of each step go to a temporary folder, printed
// with t.Log. It skips only when there is no Chromium and CI is unset.
func TestDeskInABrowser(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs Chromium at %s for the browser test: %v", chromiumPath, err)
		}
		t.Skipf("no Chromium at %s (apt-get install chromium); CI runs this test", chromiumPath)
	}
	data := bottest.DataDirFrom(t, bottest.FixtureOnly())
	db := filepath.Join(t.TempDir(), "briefbot.db")
	env := map[string]string{"BRIEFBOT_DB": db, "BRIEFBOT_DATA": data, "BRIEFBOT_CACHE": "off", "BRIEFBOT_DEFAULT_LANG": "en"}
	if _, stderr, err := runWith(t, env, desktest.CuratorPassword+"\n", "desk", "adduser", desktest.Curator); err != nil {
		t.Fatalf("adduser: %v\n%s", err, stderr)
	}

	tg := telegramtest.New(telegramtest.WithBotUser(777, "BriefBot"))
	defer tg.Close()
	env["TELEGRAM_TOKEN"], env["TELEGRAM_API_URL"], env["BRIEFBOT_HTTP_ADDR"] = tg.Token(), tg.URL(), "127.0.0.1:0"
	stderr, _ := runInBackground(t, env, "run")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	base := "http://" + waitForLog(t, stderr, regexp.MustCompile(`msg="serving HTTP" addr=(\S+)`))

	shots, err := os.MkdirTemp("", "briefbot-desk-screenshots-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots of every step: %s", shots)
	b := newBrowser(t, ctx, shots)

	// 1. Sign in.
	b.do("sign in",
		chromedp.Navigate(base+"/desk/"),
		chromedp.WaitVisible(chromedp.ID("signin-form")),
		chromedp.SendKeys(chromedp.ID("signin-name"), desktest.Curator),
		chromedp.SendKeys(chromedp.ID("signin-password"), desktest.CuratorPassword),
	)
	b.navigate("signed in", chromedp.Click(chromedp.ID("signin-submit")))
	b.waitVisible("#statements")
	b.shot("1-signed-in")

	// 2. Paste the seed's raw page.
	b.navigate("new from text", chromedp.Click(chromedp.ID("nav-new")))
	b.do("paste the page",
		chromedp.SetValue(chromedp.ID("new-text"), string(desktest.SeedPage(t))),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("details").open = true`),
		chromedp.SetValue(chromedp.CSS(`input[name="published"]`), "2019-11-15"),
	)
	b.shot("2-pasted")
	b.navigate("import", chromedp.Click(chromedp.ID("new-submit")))
	b.waitVisible("#statement-form")

	// 3. The nine figures proposed, each quote marked in the source.
	if n := b.count("fieldset.figure"); n != 9 {
		t.Fatalf("%d figures proposed, want 9", n)
	}
	if n := b.count("#source mark"); n < 9 {
		t.Errorf("%d quotes marked in the source, want 9 or more", n)
	}
	b.shot("3-nine-figures")

	// Select a sentence of the source: the page's script fills the box, and
	// "Make a figure" adds a tenth figure, which step 4 drops again.
	const sentence = "وأكثر من 100 من أعضاء التحالف ضحوا بحياتهم"
	selected, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(() => {
			const w = document.createTreeWalker(document.getElementById("source"), NodeFilter.SHOW_TEXT);
			for (let n = w.nextNode(); n; n = w.nextNode()) {
				const i = n.data.indexOf(`+quoteJS(sentence)+`);
				if (i < 0) continue;
				const r = document.createRange();
				r.setStart(n, i);
				r.setEnd(n, i + `+quoteJS(sentence)+`.length);
				getSelection().removeAllRanges();
				getSelection().addRange(r);
				return true;
			}
			return false;
		})()`))
	if err != nil || !selected {
		t.Fatalf("selecting %q: %v", sentence, err)
	}
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool](`document.getElementById("selection").value.length > 0`)); err != nil {
		t.Fatalf("the selection did not fill the box: %v", err)
	}
	if got, _ := chromedp.Run(b.ctx, chromedp.Value(chromedp.ID("selection"))); got != sentence {
		t.Errorf("the selection box holds %q", got)
	}
	b.navigate("make a figure", chromedp.Click(chromedp.ID("add-figure")))
	b.waitVisible("#figure-9")
	if n, v := b.count("fieldset.figure"), b.value(`[name="figures[9].value"]`); n != 10 || v != "100" {
		t.Errorf("after making a figure: %d figures, the new one's value %q", n, v)
	}
	b.shot("3b-figure-from-selection")

	// 4. Fill in the summaries with one sentence too few in English: the
	// problem appears next to its field; then fix it.
	fill := map[string]string{
		"date": "2019-11-14", "title.en": "Joint Communiqué by Ministers of the Global Coalition to Defeat ISIS",
		"publisher.ar": "وزراء التحالف العالمي لهزيمة داعش", "publisher.en": "Ministers of the Global Coalition to Defeat ISIS",
		"source.name.ar": "الترجمة العربية للبيان", "source.name.en": "Arabic translation of the communiqué",
		"summary.ar":          "اجتمع وزراء التحالف في واشنطن. وأكدوا التزامهم بالهزيمة الدائمة لداعش.",
		"summary.en":          "Ministers of the Coalition met in Washington.",
		"key_points[0].ar":    "يلتزم التحالف بالهزيمة الدائمة لداعش.",
		"key_points[0].en":    "The Coalition commits to the enduring defeat of ISIS.",
		"figures[0].label.ar": "سنوات المشاركة", "figures[0].label.en": "Years of engagement",
	}
	for i := 1; i < 9; i++ {
		fill[fmt.Sprintf("figures[%d].label.ar", i)] = fmt.Sprintf("الرقم %d من البيان", i+1)
		fill[fmt.Sprintf("figures[%d].label.en", i)] = fmt.Sprintf("Figure %d of the statement", i+1)
	}
	for name, v := range fill {
		b.do("fill "+name, chromedp.SetValue(chromedp.CSS(`[name="`+name+`"]`), v))
	}
	b.do("drop the tenth figure", chromedp.Click(chromedp.CSS(`[name="figures[9].drop"]`)))
	b.navigate("save", chromedp.Click(chromedp.ID("save")))
	b.waitVisible(`[data-field="summary.en"] .problems`)
	if got := b.text(`[data-field="summary.en"] .problems`); !strings.Contains(got, "summary.en: a summary has two to four sentences, this one has 1") {
		t.Errorf("the summary's problem reads %q", got)
	}
	b.shot("4a-problem")
	b.do("fix the summary", chromedp.SetValue(chromedp.CSS(`[name="summary.en"]`),
		"Ministers of the Coalition met in Washington. They committed to the enduring defeat of ISIS."))
	b.navigate("save again", chromedp.Click(chromedp.ID("save")))
	b.waitVisible("#status")
	if n := b.count(".problems"); n != 0 {
		t.Fatalf("problems left after the fix: %d\n%s", n, b.text("main"))
	}
	if got := b.text("#status"); got != "Valid" {
		t.Errorf("status %q, want Valid", got)
	}
	if n := b.count("fieldset.figure"); n != 9 {
		t.Errorf("%d figures after dropping one, want 9", n)
	}
	b.shot("4b-fixed")

	// 5. Preview both languages.
	b.navigate("preview", chromedp.Click(chromedp.ID("preview-link")))
	b.waitVisible("#previews")
	b.shot("5a-preview-en-summary")
	for _, tab := range []struct{ lang, view, want string }{
		{"ar", "summary", "اجتمع وزراء التحالف في واشنطن."}, {"ar", "figures", "40,000"},
		{"en", "figures", "more than 40,000"}, {"en", "briefing", "Ministers of the Coalition met in Washington."},
	} {
		b.navigate("preview "+tab.lang+" "+tab.view, chromedp.Click(chromedp.CSS(`#preview-tabs a[data-lang="`+tab.lang+`"][data-view="`+tab.view+`"]`)))
		b.waitVisible("#telegram-frame")
		for _, sel := range []string{"#plain-preview", ".preview-discord"} {
			if got := b.text(sel); !strings.Contains(got, tab.want) {
				t.Errorf("%s preview %s %s lacks %q:\n%s", sel, tab.lang, tab.view, tab.want, got)
			}
		}
		b.shot("5-preview-" + tab.lang + "-" + tab.view)
	}

	// 6. Publish.
	b.navigate("back to the statement", chromedp.Click(chromedp.ID("preview-back")))
	b.navigate("publish", chromedp.Click(chromedp.ID("publish")))
	b.waitVisible("#banner-notice")
	if got := b.text("#state"); got != "Published" {
		t.Errorf("state after publishing %q", got)
	}
	b.shot("6-published")
	if _, err := os.Stat(filepath.Join(data, "washington-2019-11.yaml")); err != nil {
		t.Fatalf("the statement file was not written: %v", err)
	}

	// 7. The running bot's /list has it, once live reload has read it.
	user := telegramtest.User{ID: 42, FirstName: "Rana", LanguageCode: "en"}
	for n := 1; ; n++ {
		tg.SendText(user.PrivateChat(), user, "/list")
		wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
		msgs, err := tg.WaitMessages(wctx, user.ID, n)
		wcancel()
		if err != nil {
			t.Fatalf("no /list reply: %v\n%s", err, stderr.String())
		}
		if strings.Contains(msgs[n-1].PlainText, "washington-2019-11") {
			break
		}
		if n == 20 {
			t.Fatalf("/list never listed the published statement:\n%s\n%s", msgs[n-1].PlainText, stderr.String())
		}
		time.Sleep(250 * time.Millisecond)
	}

	// The Arabic interface on a phone's screen.
	b.do("phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/desk/lang?to=ar&back=/desk/s/washington-2019-11"))
	b.waitVisible("#statement-form")
	if got := b.attr("html", "dir"); got != "rtl" {
		t.Errorf("the Arabic interface has dir=%q", got)
	}
	b.shot("7-phone-ar")
	for _, v := range tg.Violations() {
		t.Error(v)
	}
	if strings.Contains(stderr.String(), desktest.CuratorPassword) {
		t.Error("the password reached the log")
	}
}

// browser is one headless Chromium tab with the test's helpers.
type browser struct {
	t     *testing.T
	ctx   context.Context
	shots string
}

func newBrowser(t *testing.T, parent context.Context, shots string) *browser {
	profile := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath), chromedp.NoSandbox, chromedp.Headless, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true), chromedp.Flag("disable-default-apps", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return &browser{t: t, ctx: ctx, shots: shots}
}

func (b *browser) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
}

// navigate runs an action that loads a page and waits for it.
func (b *browser) navigate(step string, a chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	res, err := chromedp.RunResponse(b.ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", step, err)
	}
	if res != nil && res.Status >= 400 {
		b.t.Fatalf("%s: status %d\n%s", step, res.Status, b.text("main"))
	}
}

func (b *browser) waitVisible(sel string) {
	b.t.Helper()
	b.do("wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector(`+quoteJS(sel)+`).getAttribute(`+quoteJS(name)+`) || ""`))
	if err != nil {
		b.t.Fatalf("%s[%s]: %v", sel, name, err)
	}
	return v
}

func (b *browser) value(sel string) string {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}

func (b *browser) count(sel string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+quoteJS(sel)+`).length`))
	if err != nil {
		b.t.Fatalf("count %s: %v", sel, err)
	}
	return n
}

func (b *browser) shot(name string) {
	b.t.Helper()
	img, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join(b.shots, name+".png"), img, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

func quoteJS(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// waitForLog waits until the program logs a line re matches and returns
// the match's first group.
func waitForLog(t *testing.T, logs *bottest.SyncBuffer, re *regexp.Regexp) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no log line matches %s:\n%s", re, logs.String())
	return ""
}
