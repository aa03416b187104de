package desk_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/briefbot/briefbot/bot/desk/desktest"

	"github.com/briefbot/briefbot/bot/bottest"
)

func TestSignInAndOut(t *testing.T) {
	h := desktest.NewDesk(t, desktest.DeskOptions{})
	b := h.Browser(t)
	if r := b.Get("/desk/"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/desk/signin?next=") {
		t.Fatalf("without a session: %d %q", r.Status, r.Location)
	}
	if r := b.SignIn(desktest.Curator, "wrong password!"); r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "do not match") {
		t.Fatalf("wrong password: %d\n%s", r.Status, r.Body)
	}
	if r := b.SignIn("nobody", desktest.CuratorPassword); r.Status != http.StatusUnauthorized {
		t.Fatalf("unknown curator: %d", r.Status)
	}
	r := b.SignIn(desktest.Curator, desktest.CuratorPassword)
	if r.Status != http.StatusSeeOther || r.Location != "/desk/" {
		t.Fatalf("sign-in: %d %q", r.Status, r.Location)
	}
	cookie := setCookie(t, r, "briefbot_desk")
	if !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/desk/" || cookie.Secure {
		t.Errorf("session cookie %+v", cookie)
	}
	list := b.Get("/desk/")
	if list.Status != http.StatusOK || !strings.Contains(list.Body, "coalition-fixture-2018") {
		t.Fatalf("list: %d\n%s", list.Status, list.Body)
	}
	if r := b.Post("/desk/signout", url.Values{"csrf": {desktest.FormValue(list.Body, "csrf")}}); r.Status != http.StatusSeeOther {
		t.Fatalf("sign-out: %d", r.Status)
	}
	if r := b.Get("/desk/"); r.Status != http.StatusSeeOther {
		t.Errorf("after signing out the list is still served: %d", r.Status)
	}
	for _, secret := range []string{desktest.CuratorPassword, "wrong password!", cookie.Value} {
		if strings.Contains(h.Logs.String(), secret) {
			t.Errorf("the log holds a secret: %q", secret)
		}
	}
}

func TestSessionCookieIsSecureBehindTLS(t *testing.T) {
	h := desktest.NewDesk(t, desktest.DeskOptions{})
	page := h.Browser(t).Get("/desk/signin")
	req, _ := http.NewRequest(http.MethodPost, h.Server.URL+"/desk/signin", strings.NewReader(url.Values{
		"csrf": {desktest.FormValue(page.Body, "csrf")}, "name": {desktest.Curator}, "password": {desktest.CuratorPassword}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	req.AddCookie(&http.Cookie{Name: "briefbot_desk_signin", Value: desktest.FormValue(page.Body, "csrf")})
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if c := setCookie(t, desktest.Response{Status: res.StatusCode, Header: res.Header}, "briefbot_desk"); !c.Secure {
		t.Errorf("behind TLS the session cookie is not Secure: %+v", c)
	}
}

func TestFailedSignInsAreRateLimited(t *testing.T) {
	clock := bottest.NewClock(time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC))
	h := desktest.NewDesk(t, desktest.DeskOptions{Now: clock.Now})
	b := h.Browser(t)
	for i := range 5 {
		if r := b.SignIn(desktest.Curator, "not the password"); r.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, r.Status)
		}
	}
	r := b.SignIn(desktest.Curator, desktest.CuratorPassword)
	if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Too many failed sign-ins") {
		t.Fatalf("the sixth attempt, right password, must wait: %d", r.Status)
	}
	other := h.Browser(t) // the limit is per address too: another name from here waits as well
	if r := other.SignIn("someone", "not the password"); r.Status != http.StatusTooManyRequests {
		t.Errorf("another name from the same address: %d", r.Status)
	}
	clock.Advance(time.Minute)
	if r := b.SignIn(desktest.Curator, desktest.CuratorPassword); r.Status != http.StatusSeeOther {
		t.Errorf("after a minute the right password signs in: %d", r.Status)
	}
}

func TestFormsWithoutTheCSRFTokenAreRefused(t *testing.T) {
	h := desktest.NewDesk(t, desktest.DeskOptions{})
	b := h.SignedIn(t)
	page := b.Get("/desk/new")
	token := desktest.FormValue(page.Body, "csrf")
	for name, form := range map[string]url.Values{
		"no token":    {"text": {"Some text. It has sentences."}},
		"wrong token": {"text": {"Some text. It has sentences."}, "csrf": {token + "x"}},
	} {
		if r := b.Post("/desk/new", form); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "form has expired") {
			t.Errorf("%s: %d", name, r.Status)
		}
	}
	if r := b.Post("/desk/signout", url.Values{}); r.Status != http.StatusForbidden {
		t.Errorf("sign-out without a token: %d", r.Status)
	}
	// The sign-in form's token must match its cookie.
	fresh := h.Browser(t)
	if r := fresh.Post("/desk/signin", url.Values{"csrf": {"guess"}, "name": {desktest.Curator}, "password": {desktest.CuratorPassword}}); r.Status != http.StatusForbidden {
		t.Errorf("sign-in without its cookie: %d", r.Status)
	}
	// A cross-site POST is refused even with the token.
	req, _ := http.NewRequest(http.MethodPost, h.Server.URL+"/desk/new", strings.NewReader(url.Values{"csrf": {token}, "text": {"A text. Two."}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", res.StatusCode)
	}
	if entries, _ := os.ReadDir(h.Data); len(entries) != 2 {
		t.Errorf("a refused form wrote files: %v", entries)
	}
}
