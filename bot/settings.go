package bot

import (
	"context"

	"github.com/briefbot/briefbot/summaries"
	"github.com/briefbot/briefbot/summaries/search"
)

// ChatSettings are a chat's choices. Zero values mean "not chosen".
type ChatSettings struct {
	Lang   summaries.Lang
	Digits Digits
	// Private answers every command only to its sender, on platforms that
	// can (Discord ephemeral replies).
	Private bool
}

// Settings stores chat settings. bot/store implements it in memory and in
// SQLite; a missing chat has zero settings and no error.
type Settings interface {
	ChatSettings(ctx context.Context, chat string) (ChatSettings, error)
	SaveChatSettings(ctx context.Context, chat string, s ChatSettings) error
}

// CatalogSource gives the catalog being served now; it may be swapped while
// the bot runs (see search.Live and summaries.Live), so each request takes
// it once, when it arrives (see Bot.served).
type CatalogSource interface {
	Catalog() *summaries.Catalog
}

// ServedSource is a CatalogSource that serves the catalog's search index
// with it (search.Live): a request takes both at once, so it never pairs a
// catalog with another catalog's index. With a plain CatalogSource there
// is no index, and /search says so.
type ServedSource interface {
	CatalogSource
	Served() *search.Served
}
