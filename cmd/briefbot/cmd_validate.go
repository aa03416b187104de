package main

import (
	"context"
	"fmt"
	"os"
	"path"

	"github.com/briefbot/briefbot/data"
	"github.com/briefbot/briefbot/summaries"
)

func runValidate(ctx context.Context, e env, args []string) error {
	fs := newFlags(e, "validate", "validate [DIR]",
		`Checks every curated statement file (*.yaml, at any depth of DIR) and its source text.
With no DIR it checks the data bundled into this binary. Exit status 0 when all
is valid; otherwise 1, with every problem printed as "file:line: field: what is wrong".
It rejects YAML syntax errors, unknown fields, duplicate ids or aliases, missing ar or
en texts, dates that are not dates, quotes that do not occur in the source text, quotes
that do not state their figure's value, qualifiers the quote contradicts, translations
that state other numbers than their quote, and files too large to be a statement.`)
	if err := parseFlags(fs, args); err != nil {
		return helpOK(err)
	}
	if fs.NArg() > 1 {
		fmt.Fprintln(e.stderr, "briefbot validate: at most one directory")
		return exitCode(2)
	}
	fsys, prefix := data.FS(), "data"
	if fs.NArg() == 1 {
		dir := fs.Arg(0)
		st, err := os.Stat(dir)
		if err != nil {
			return fmt.Errorf("validate: %w", err)
		}
		if !st.IsDir() {
			return fmt.Errorf("validate: %s is not a directory", dir)
		}
		fsys, prefix = summaries.DirFS(dir), dir
	}
	cat, problems, err := summaries.Load(fsys)
	if err != nil {
		return fmt.Errorf("validate: %w", err)
	}
	for _, p := range problems {
		p.File = path.Join(prefix, p.File)
		fmt.Fprintln(e.stdout, p.String())
	}
	if len(problems) > 0 {
		fmt.Fprintf(e.stderr, "%d problem(s); %d statement(s) valid\n", len(problems), cat.Len())
		return exitCode(1)
	}
	figures := 0
	for _, st := range cat.All() {
		figures += len(st.Figures)
	}
	fmt.Fprintf(e.stdout, "ok: %d statement(s), %d figure(s), every quote found in its source\n", cat.Len(), figures)
	return nil
}
