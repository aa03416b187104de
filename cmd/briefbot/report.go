package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/briefbot/briefbot/bot/store"
)

// openReport opens the database of BRIEFBOT_DB for an operator's report,
// read-only: it is safe while the bot runs on it.
func openReport(ctx context.Context, e env) (*store.SQLite, error) {
	cfg, err := loadConfig(e.getenv)
	if err != nil {
		return nil, err
	}
	st, err := store.OpenReadOnly(ctx, cfg.db)
	if err != nil {
		return nil, fmt.Errorf("BRIEFBOT_DB=%s: %w", cfg.db, err)
	}
	return st, nil
}

// writeTable prints rows under header as aligned columns.
func writeTable(w io.Writer, header []string, rows [][]string) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = cell(c)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	return tw.Flush()
}

// maxCell bounds a table cell (an error a platform sent may be long); the
// JSON output keeps it whole.
const maxCell = 100

// cell makes a value fit a table cell: no tabs, newlines or other control
// characters, at most maxCell characters, "—" for nothing.
func cell(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) && r != ' ' }), " ")
	if s == "" {
		return "—"
	}
	return clip(s, maxCell)
}

// clip keeps the first n characters of s, marking a cut.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
