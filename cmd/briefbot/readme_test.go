package main

import (
	"context"
	"flag"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/briefbot/briefbot/bot"
	"github.com/briefbot/briefbot/bot/metrics"
)

var updateREADME = flag.Bool("update-readme", false, "rewrite the README's table of settings from settings()")

const (
	settingsStart = "<!-- settings: generated from cmd/briefbot/settings.go by `go test ./cmd/briefbot -run README -update-readme` -->\n"
	settingsEnd   = "<!-- end of settings -->\n"
)

// TestREADMEConfigurationTable: the README's Configuration table is the
// table --help prints; -update rewrites it.
func TestREADMEConfigurationTable(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i, j := strings.Index(readme, settingsStart), strings.Index(readme, settingsEnd)
	if i < 0 || j < i {
		t.Fatal("the README has no generated table of settings")
	}
	got, want := readme[i+len(settingsStart):j], markdownTable()
	if got == want {
		return
	}
	if *updateREADME {
		if err := os.WriteFile("../../README.md", []byte(readme[:i+len(settingsStart)]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the README's table of settings is not settings(); run go test ./cmd/briefbot -run README -update-readme\n got:\n%s\nwant:\n%s", got, want)
}

// TestREADMEStandsAlone: the README refers to nothing outside the
// repository, and its Monitoring section lists every briefbot metric.
func TestREADMEStandsAlone(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, outside := range []string{"../shared", "/work/", "shared/"} {
		if strings.Contains(readme, outside) {
			t.Errorf("the README points at %q, outside the repository", outside)
		}
	}
	for _, section := range []string{"## Configuration", "## Deploy", "## Monitoring"} {
		if !strings.Contains(readme, "\n"+section+"\n") {
			t.Errorf("no %q section", section)
		}
	}
	deploy := readme[strings.Index(readme, "## Deploy"):]
	for _, want := range []string{"docker build", "docker run", "compose.yaml", "TELEGRAM_TOKEN_FILE"} {
		if !strings.Contains(deploy, want) {
			t.Errorf("the Deploy section lacks %q", want)
		}
	}
	i := strings.Index(readme, "\n## Monitoring\n")
	if i < 0 {
		return
	}
	monitoring := readme[i:]
	if k := strings.Index(monitoring[1:], "\n## "); k >= 0 {
		monitoring = monitoring[:k+1]
	}
	m, err := metrics.New(nil, bot.PlatformTelegram)
	if err != nil {
		t.Fatal(err)
	}
	m.WatchOutbox(zeroOutbox{})
	m.Command(bot.PlatformTelegram, "help", "en", 0) // a vector shows once it has a child
	families, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	listed := regexp.MustCompile("`(briefbot_[a-z_]+)").FindAllStringSubmatch(monitoring, -1)
	var names []string
	for _, l := range listed {
		names = append(names, l[1])
	}
	var ours []string
	for _, f := range families {
		if strings.HasPrefix(f.GetName(), "briefbot_") {
			ours = append(ours, f.GetName())
			if !slices.Contains(names, f.GetName()) {
				t.Errorf("the Monitoring section does not list %s", f.GetName())
			}
		}
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(n, "_bucket"), "_count"), "_sum")
		if !slices.Contains(ours, base) {
			t.Errorf("the Monitoring section lists %s, which no collector has", n)
		}
	}
}

// zeroOutbox is an empty outbox, for the gauge to exist.
type zeroOutbox struct{}

func (zeroOutbox) OutboxPending(context.Context) (int, error) { return 0, nil }
