-- The curators' desk: curators with their password hashes, sessions (the
-- SHA-256 of each token, never the token), drafts with their versions, and
-- the history of every change. Times are Unix milliseconds (UTC).

CREATE TABLE desk_curators (
    name          TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE desk_sessions (
    token_hash TEXT PRIMARY KEY,
    curator    TEXT NOT NULL REFERENCES desk_curators (name) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX desk_sessions_expiry ON desk_sessions (expires_at);

CREATE TABLE desk_drafts (
    statement   TEXT PRIMARY KEY,
    path        TEXT NOT NULL,
    yaml        BLOB NOT NULL,
    source_path TEXT NOT NULL,
    source      BLOB NOT NULL,
    version     INTEGER NOT NULL,
    updated_by  TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Curators' names are kept as written: deleting a curator keeps the history.
CREATE TABLE desk_history (
    id        INTEGER PRIMARY KEY,
    statement TEXT NOT NULL,
    curator   TEXT NOT NULL,
    action    TEXT NOT NULL,
    fields    TEXT NOT NULL,            -- JSON array of field names
    at        INTEGER NOT NULL
);
CREATE INDEX desk_history_statement ON desk_history (statement, at);
