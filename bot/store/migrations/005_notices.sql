-- Notices beside the daily briefings: each outbox row has a kind
-- (briefing, correction, instant, admin) and, for notices, a JSON payload
-- (schedule.Payload) that says what it tells; a subscription may ask for
-- each new statement as soon as it is published.
ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'briefing'
    CHECK (kind IN ('briefing', 'correction', 'instant', 'admin'));
ALTER TABLE outbox ADD COLUMN payload TEXT NOT NULL DEFAULT '{}';
ALTER TABLE subscriptions ADD COLUMN instant INTEGER NOT NULL DEFAULT 0;
-- A correction goes to every chat that received the statement.
CREATE INDEX received_statement ON received (statement);
CREATE INDEX subscriptions_instant ON subscriptions (chat) WHERE instant = 1 AND ended_at IS NULL;
