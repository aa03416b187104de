-- A chat's server (Discord guild) is kept with its subscription and its
-- briefings, so a briefing composed later still follows the server's
-- language and digits when the channel has none of its own.
ALTER TABLE subscriptions ADD COLUMN parent TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN parent TEXT NOT NULL DEFAULT '';
