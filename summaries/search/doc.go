// Package search is briefbot's full-text index over a catalog: statements
// (titles, summaries, key points, place, publisher, ids and aliases, the
// source text) and their figures (labels, quotes, the amounts as the bot
// renders them in both languages, values, units and qualifiers), each a
// result of its own. /search, Telegram inline mode and Discord
// autocomplete all query it. It is built on bleve: its scorch index, its
// Arabic and English analysers completed with token filters of ours (see
// analysis.go), and its searchers.
//
// # One index per catalog, swapped with it
//
// An Index answers for exactly one *summaries.Catalog, and the bot swaps
// them together. Update makes the Index of the next catalog by writing one
// batch for the statements that changed; the old Index keeps answering for
// the old catalog, exactly as before, for requests that started with it.
//
// This rests on scorch's own design rather than on filtering: scorch
// writes each batch as an immutable segment and publishes, atomically, a
// new snapshot (the list of segments with their deleted documents); a
// reader holds its snapshot, reference-counted, for as long as it likes.
// Each Index pins the snapshot taken right after its batch, so an old
// Index sees the old documents and a new one the new, with the same
// document ids and no per-hit filtering or over-fetching. An Index gives
// its snapshot back on Close, or when it is garbage collected
// (runtime.AddCleanup), and scorch frees a segment once no snapshot uses
// it. The alternatives cost more: content-hashed ids filtered per view
// need over-fetching and a separate collector of stale documents; shards
// behind an IndexAlias rebuild a whole shard for one statement.
//
// In-memory scorch does not merge segments, so Build writes large batches
// and Update keeps the segments it writes in a few small tiers (see
// Update and Fragmented).
//
// Live is the holder the bot serves from: one atomic pair of a catalog and
// its index (Served), taken once per request. A new catalog is served at
// once, with its index updated in place when few statements changed, or
// with none while one is built in the background.
//
// # Queries
//
// A query's words must all match, each in any field, its "phrases" word
// after word, its -exclusions nowhere; with Prefix, the last word also
// matches the words it begins, for lookups made as the user types. Each word is analysed by both
// analysers, each for the fields of its language (see Search). Bleve
// scores every matching document, so a search costs in proportion to how
// many documents its words are in: ranking is done without term
// locations, and the locations snippets need are read for the page's hits
// only (see Index.locations).
//
// # Snippets
//
// Nothing is stored in the index but term vectors: a hit's snippet is cut
// from the catalog's own text at the byte offsets bleve reports, so a
// quote's snippet is the curated quote, byte for byte, and its marks are
// the matched words. Marks are byte spans, never markup.
package search
