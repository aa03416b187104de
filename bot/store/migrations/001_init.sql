-- Chat settings, chat states, daily briefing subscriptions, what each chat
-- has received, and the briefing outbox. Times are Unix milliseconds (UTC).

CREATE TABLE chat_settings (
    chat       TEXT PRIMARY KEY,
    lang       TEXT NOT NULL DEFAULT '',
    digits     TEXT NOT NULL DEFAULT '',
    private    INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);

CREATE TABLE chat_states (
    chat        TEXT PRIMARY KEY,
    inactive_at INTEGER NOT NULL,
    reason      TEXT NOT NULL
);

CREATE TABLE subscriptions (
    chat       TEXT PRIMARY KEY,
    hour       INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
    minute     INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 59),
    zone       TEXT NOT NULL,
    lang       TEXT NOT NULL DEFAULT '',
    every_day  INTEGER NOT NULL DEFAULT 0,
    next_due   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    ended_at   INTEGER,
    end_reason TEXT
);
CREATE INDEX subscriptions_due ON subscriptions (next_due) WHERE ended_at IS NULL;

CREATE TABLE received (
    chat        TEXT NOT NULL,
    statement   TEXT NOT NULL,
    outbox_key  TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (chat, statement)
);

-- One row per (subscription, local date): the key makes a briefing unique,
-- so a restart can never enqueue the same day twice.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    key             TEXT NOT NULL UNIQUE,
    chat            TEXT NOT NULL,
    local_date      TEXT NOT NULL,
    due_at          INTEGER NOT NULL,
    statements      TEXT NOT NULL,          -- JSON array of statement ids
    lang            TEXT NOT NULL DEFAULT '',
    every_day       INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';
