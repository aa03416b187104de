-- The topic a subscription was made in (a Telegram forum topic), kept with
-- its briefings, so they are posted there and not in the chat's general
-- topic. '' is the chat itself.
ALTER TABLE subscriptions ADD COLUMN thread TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN thread TEXT NOT NULL DEFAULT '';
