package bot

import (
	"context"

	"github.com/briefbot/briefbot/summaries"
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
// the bot runs (see summaries.Live), so handlers ask for it per request.
type CatalogSource interface {
	Catalog() *summaries.Catalog
}
