package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// instruction is one Dockerfile instruction, continuation lines joined.
type instruction struct {
	line int
	cmd  string // upper case: FROM, RUN, ...
	args string
}

// parseDockerfile reads a Dockerfile's instructions: comments and blank
// lines dropped, lines ending in a backslash joined with the next. No
// Docker engine is on this machine, so the file is checked by reading it.
func parseDockerfile(t *testing.T, path string) []instruction {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []instruction
	var cur *instruction
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if cur == nil && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		cont := strings.HasSuffix(line, `\`)
		line = strings.TrimSuffix(line, `\`)
		if cur == nil {
			cmd, args, _ := strings.Cut(line, " ")
			cur = &instruction{line: n, cmd: strings.ToUpper(cmd), args: strings.TrimSpace(args)}
		} else if !strings.HasPrefix(line, "#") {
			cur.args = strings.TrimSpace(cur.args + " " + line)
		}
		if !cont {
			out = append(out, *cur)
			cur = nil
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// stage is the instructions of one FROM.
type stage struct {
	from, name string
	ins        []instruction
}

func stages(ins []instruction) []stage {
	var out []stage
	for _, in := range ins {
		if in.cmd == "FROM" {
			f := strings.Fields(in.args)
			s := stage{from: f[0]}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				s.name = f[2]
			}
			out = append(out, s)
			continue
		}
		if len(out) > 0 {
			out[len(out)-1].ins = append(out[len(out)-1].ins, in)
		}
	}
	return out
}

func (s stage) all(cmd string) []instruction {
	var out []instruction
	for _, in := range s.ins {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// envPairs reads an ENV instruction's KEY=value pairs.
func envPairs(args string) map[string]string {
	out := map[string]string{}
	for _, f := range strings.Fields(args) {
		k, v, _ := strings.Cut(f, "=")
		out[k] = strings.Trim(v, `"`)
	}
	return out
}

// buildLine is the Dockerfile's `go build` command.
func buildLine(t *testing.T, build stage) string {
	t.Helper()
	for _, in := range build.all("RUN") {
		if strings.Contains(in.args, "go build") {
			return in.args
		}
	}
	t.Fatal("the build stage has no go build")
	return ""
}

// TestDockerfile checks what the image must be: a build stage and a
// minimal runtime stage; a static, trimmed build of ./cmd/briefbot (the
// curated data and the zone database are embedded in it); a non-root
// user; the database on the /data volume; the HTTP port exposed; a health
// check by `briefbot healthcheck`; and no secret in it.
func TestDockerfile(t *testing.T) {
	ins := parseDockerfile(t, "../../Dockerfile")
	st := stages(ins)
	if len(st) != 2 || st[0].name != "build" || !strings.HasPrefix(st[0].from, "golang:") {
		t.Fatalf("stages %+v: want FROM golang:… AS build, then the runtime", st)
	}
	build, rt := st[0], st[1]
	if !strings.Contains(rt.from, "distroless/static") && rt.from != "scratch" {
		t.Errorf("runtime image %q: want a minimal one (distroless static or scratch)", rt.from)
	}
	line := buildLine(t, build)
	for _, want := range []string{"CGO_ENABLED=0", "go build", "-trimpath", "./cmd/briefbot"} {
		if !strings.Contains(line, want) {
			t.Errorf("build line %q lacks %q", line, want)
		}
	}
	copies := rt.all("COPY")
	if !slices.ContainsFunc(copies, func(in instruction) bool {
		return strings.Contains(in.args, "--from=build") && strings.HasSuffix(in.args, " /briefbot")
	}) {
		t.Errorf("the runtime does not copy the binary from the build stage: %+v", copies)
	}

	users := rt.all("USER")
	if len(users) == 0 {
		t.Fatal("no USER: the image would run as root")
	}
	user, _, _ := strings.Cut(users[len(users)-1].args, ":")
	if user == "" || user == "0" || user == "root" {
		t.Errorf("USER %q is root", users[len(users)-1].args)
	}

	env := map[string]string{}
	for _, in := range rt.all("ENV") {
		for k, v := range envPairs(in.args) {
			env[k] = v
		}
	}
	if env["BRIEFBOT_DB"] != "/data/briefbot.db" {
		t.Errorf("ENV BRIEFBOT_DB=%q, want /data/briefbot.db", env["BRIEFBOT_DB"])
	}
	for _, in := range append(build.all("ENV"), append(rt.all("ENV"), append(build.all("ARG"), rt.all("ARG")...)...)...) {
		for k, v := range envPairs(in.args) {
			u := strings.ToUpper(k)
			if (strings.Contains(u, "TOKEN") || strings.Contains(u, "SECRET") || strings.Contains(u, "KEY")) && !strings.HasSuffix(u, "_FILE") && v != "" {
				t.Errorf("line %d: %s %s=%q bakes a secret into the image", in.line, in.cmd, k, v)
			}
		}
	}

	if vols := rt.all("VOLUME"); len(vols) != 1 || !slices.Contains(volumeArgs(vols[0].args), "/data") {
		t.Errorf("VOLUME %+v, want /data", vols)
	}
	port := strings.TrimPrefix(env["BRIEFBOT_HTTP_ADDR"], ":")
	if exp := rt.all("EXPOSE"); len(exp) != 1 || port == "" || strings.TrimSuffix(exp[0].args, "/tcp") != port {
		t.Errorf("EXPOSE %+v, want the port of BRIEFBOT_HTTP_ADDR=%q", exp, env["BRIEFBOT_HTTP_ADDR"])
	}
	hc := rt.all("HEALTHCHECK")
	if len(hc) != 1 {
		t.Fatalf("HEALTHCHECK %+v", hc)
	}
	_, argvJSON, ok := strings.Cut(hc[0].args, "CMD ")
	var argv []string
	if !ok || json.Unmarshal([]byte(argvJSON), &argv) != nil || !slices.Equal(argv, []string{"/briefbot", "healthcheck"}) {
		t.Errorf("HEALTHCHECK %q, want CMD [\"/briefbot\", \"healthcheck\"] (the image has no shell or curl)", hc[0].args)
	}
	if ep := rt.all("ENTRYPOINT"); len(ep) != 1 || !strings.Contains(ep[0].args, `"/briefbot"`) {
		t.Errorf("ENTRYPOINT %+v", ep)
	}
}

func volumeArgs(args string) []string {
	var list []string
	if json.Unmarshal([]byte(args), &list) == nil {
		return list
	}
	return strings.Fields(args)
}

// TestDockerBuildContextLeavesSecretsOut: what `COPY . .` copies excludes
// the secret files compose.yaml reads and any database.
func TestDockerBuildContextLeavesSecretsOut(t *testing.T) {
	b, err := os.ReadFile("../../.dockerignore")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Fields(string(b))
	for _, want := range []string{"secrets", "*.db"} {
		if !slices.Contains(lines, want) {
			t.Errorf(".dockerignore lacks %q: %q", want, lines)
		}
	}
}

// TestBinaryEmbedsDataAndZones: the binary the Dockerfile builds needs no
// file beside it: it links the embedded statements and Go's embedded zone
// database.
func TestBinaryEmbedsDataAndZones(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-deps", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	for _, want := range []string{"time/tzdata", "github.com/briefbot/briefbot/data", "embed"} {
		if !slices.Contains(deps, want) {
			t.Errorf("the binary does not link %s", want)
		}
	}
}

// TestComposeExample: compose.yaml passes the tokens as secret files, not
// as values, and keeps the database on a volume at /data.
func TestComposeExample(t *testing.T) {
	b, err := os.ReadFile("../../compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
			Secrets     []string          `yaml:"secrets"`
			Volumes     []string          `yaml:"volumes"`
		} `yaml:"services"`
		Secrets map[string]struct {
			File string `yaml:"file"`
		} `yaml:"secrets"`
		Volumes map[string]any `yaml:"volumes"`
	}
	if err := yaml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	svc, ok := doc.Services["briefbot"]
	if !ok {
		t.Fatalf("no briefbot service: %+v", doc)
	}
	if f := svc.Environment["TELEGRAM_TOKEN_FILE"]; f != "/run/secrets/telegram_token" || !slices.Contains(svc.Secrets, "telegram_token") || doc.Secrets["telegram_token"].File == "" {
		t.Errorf("the token is not a secret file: env %v, secrets %v / %v", svc.Environment, svc.Secrets, doc.Secrets)
	}
	for k, v := range svc.Environment {
		if u := strings.ToUpper(k); (strings.Contains(u, "TOKEN") || strings.Contains(u, "SECRET")) && !strings.HasSuffix(u, "_FILE") && v != "" {
			t.Errorf("%s holds a secret's value", k)
		}
	}
	if !slices.ContainsFunc(svc.Volumes, func(v string) bool { return strings.HasSuffix(v, ":/data") }) {
		t.Errorf("no volume at /data: %v", svc.Volumes)
	}
}
