package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/draft"
)

func runImport(_ context.Context, e env, args []string) error {
	fset := newFlags(e, "import", "import [--lang ar|en] [--url URL] [--id ID] [--published YYYY-MM-DD] [--out FILE.yaml [--force]] FILE|-",
		`Drafts a statement file from a raw statement text, Arabic or English, as saved from a
web page (FILE, or - for stdin). It drops the page chrome (navigation, share buttons,
"back to top"), keeps the statement after a lead-in such as "وفيما يلي نص البيان:", and
drafts the id, the date, the place, the title and every candidate figure with its value,
unit, qualifier and exact quote. Summary, key points, labels, publisher and source name
are left empty and marked "# TODO"; what the importer was unsure of is marked "# check:".

With --out the draft is written to FILE.yaml and the cleaned source text beside it, as
<id>.<lang>.txt; existing files are kept unless --force. Without --out the draft goes to
stdout and no file is written (a preview). Fill in the TODOs, keep the key figures, then
run "briefbot validate DIR".

Exit status 0 on success; 1 when the text is refused (empty, binary, no sentence, over
1 MB) or a file cannot be read or written; 2 on bad flags.`)
	lang := fset.String("lang", "", "the text's language, `ar|en` (default: detected from its letters)")
	url := fset.String("url", "", "where the text was published, for source.url")
	id := fset.String("id", "", "the statement id (default: a suggestion from the place and month)")
	published := fset.String("published", "", "the page's publication date, `YYYY-MM-DD`: a date written with no month or year, and \"yesterday\", count from it")
	out := fset.String("out", "", "write the draft to this `FILE.yaml` and the source text beside it")
	force := fset.Bool("force", false, "overwrite the draft and source files when they exist")
	if err := parseFlags(fset, args); err != nil {
		return helpOK(err)
	}
	opt, err := importOptions(*lang, *url, *id, *published, *out)
	if err == nil && fset.NArg() != 1 {
		err = errors.New("give one FILE, or - for stdin")
	}
	if err != nil {
		fmt.Fprintln(e.stderr, "briefbot import:", err)
		return exitCode(2)
	}
	name := fset.Arg(0)
	raw, err := readImport(e, name)
	if err == nil {
		var d *draft.Draft
		if d, err = draft.Import(raw, opt); err == nil {
			err = writeDraft(e, d, *out, *force)
		}
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "briefbot import: %s: %v\n", name, err)
		return exitCode(1)
	}
	return nil
}

// importOptions checks the flags that carry values.
func importOptions(lang, url, id, published, out string) (draft.Options, error) {
	opt := draft.Options{URL: url, ID: id}
	if lang != "" {
		l, ok := summaries.ParseLang(lang)
		if !ok || len(lang) != 2 {
			return opt, fmt.Errorf("--lang %q: want ar or en", lang)
		}
		opt.Lang = l
	}
	if id != "" && !summaries.ValidID(id) {
		return opt, fmt.Errorf("--id %q: lower-case letters, digits and '-', 2 to 64 characters", id)
	}
	if published != "" {
		t, err := time.Parse(time.DateOnly, published)
		if err != nil {
			return opt, fmt.Errorf("--published %q: want YYYY-MM-DD", published)
		}
		opt.Published = t
	}
	if out != "" && !summaries.IsStatementFile(out) {
		return opt, fmt.Errorf("--out %q: name a .yaml file, as validate reads *.yaml", out)
	}
	return opt, nil
}

// readImport reads the raw text from a file or stdin, one byte past the
// size bound so that Import can say the text is too large.
func readImport(e env, name string) ([]byte, error) {
	var r io.Reader = e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	raw, err := io.ReadAll(io.LimitReader(r, draft.MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading: %w", err)
	}
	return raw, nil
}

// writeDraft writes the draft to stdout, or to out with its source text
// beside it, and says on stderr what was written and what is left to do.
func writeDraft(e env, d *draft.Draft, out string, force bool) error {
	var yml bytes.Buffer
	if err := d.WriteYAML(&yml); err != nil {
		return err
	}
	exact := 0
	for _, c := range d.Figures {
		if !c.Vague {
			exact++
		}
	}
	found := fmt.Sprintf("%d candidate figure(s), %d vague amount(s) commented out", exact, len(d.Figures)-exact)
	if out == "" {
		if _, err := e.stdout.Write(yml.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "%s; the source text was not written: with --out FILE.yaml it goes beside the draft as %s\n", found, d.SourceFile())
		return nil
	}
	src := filepath.Join(filepath.Dir(out), d.SourceFile())
	for _, p := range []string{out, src} {
		if _, err := os.Stat(p); err == nil && !force {
			return fmt.Errorf("%s exists; --force overwrites it", p)
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.WriteFile(src, d.SourceText(), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(out, yml.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s (%s) and %s\nfill in its TODOs, keep the key figures, then: briefbot validate %s\n",
		out, found, src, filepath.Dir(out))
	return nil
}
