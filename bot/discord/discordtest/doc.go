// Package discordtest is an in-process fake of Discord — the REST API and the
// Gateway WebSocket — for the bot's end-to-end tests and benchmarks.
//
// A test starts a fake with New, points a real github.com/bwmarrin/discordgo
// session at it (Server.NewSession, or set session.Client to Server.Client(),
// whose RewriteTransport sends every https://discord.com/... request to the
// fake), opens the session, and then plays the user:
//
//	fake := discordtest.New()
//	defer fake.Close()
//	fake.AddChannel("200", "100", "general")
//	dg, _ := fake.NewSession()
//	... start the bot with dg ...
//	p, _ := fake.SlashCommand(ctx, discordtest.SlashSpec{ChannelID: "200", Name: "ping"})
//	resp, _ := fake.WaitResponse(ctx, p.ID)
//
// The fake behaves like Discord where a bot can get it wrong:
//
//   - the Gateway says HELLO, checks the IDENTIFY token (close 4004 when it is
//     wrong), answers READY with increasing sequence numbers, acknowledges
//     heartbeats, replays missed dispatches on RESUME and honours the identify
//     "compress" flag with zlib-compressed binary frames;
//   - an interaction may be answered once (40060), within 3 seconds of its
//     dispatch (10062), and its token serves follow-ups for 15 minutes; the
//     clock can be moved on (Advance) so tests need not sleep;
//   - every JSON body is validated against the official OpenAPI description
//     (testdata/discord-openapi.json, embedded) plus the rules the
//     description misses (command-name pattern and case, locale keys,
//     2000-character content, the 6000-character embed total, component and
//     autocomplete limits); a failure is answered with Discord's 400
//     {"code":50035,"message":"Invalid Form Body","errors":{...}} and
//     recorded in Violations;
//   - per-route and global rate limits send the X-RateLimit-* headers that
//     discordgo's rate limiter reads and real-shaped 429s; a request that comes
//     back before its bucket's reset is recorded as a violation; 401/403/429
//     answers are counted by InvalidRequests (Discord bans at 10,000 per
//     10 minutes);
//   - threads are channels of their own under a parent (AddThread): an
//     interaction from one names the thread, and a message posted to the
//     thread's id appears in the thread;
//   - channels can be made to refuse the bot (DenyChannel, DeleteChannel),
//     and any JSON can be dispatched as an interaction (DispatchRawInteraction).
//
// The fake models what the bot uses. Its REST routes are one table in New,
// each line a method, a path template as the OpenAPI description writes it,
// a handler and the body rules the description misses: the gateway URL, the
// application, the bulk overwrite of commands (global and per guild),
// interaction callbacks, edits of @original, follow-ups and channel
// messages. Any other route is answered 404 (405 for a method Discord does
// not have) and recorded as a violation; so are multipart bodies (file
// uploads) and an IDENTIFY that asks for more than one shard.
//
// Everything is concurrency-safe and cheap enough for benchmarks that push
// thousands of interactions through the Gateway (use WithoutLimits there).
// Rate limits use the real clock (clients sleep in real time); interaction
// deadlines use the injectable clock.
package discordtest
