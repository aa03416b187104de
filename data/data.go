// Package data holds briefbot's curated statements and their source texts,
// embedded into the binary so that the bot serves them with no files beside it.
package data

import (
	"embed"
	"io/fs"
)

//go:embed statements
var files embed.FS

// FS returns the curated statements: *.yaml statement files with their
// source texts beside them.
func FS() fs.FS { return files }
