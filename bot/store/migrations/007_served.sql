-- What the outbox last told chats of each statement's figures
-- (schedule.Served): corrections are worked out against it, so edits made
-- while the bot was stopped are still told at the next start. Written in
-- the transaction that writes a reload's notices.
CREATE TABLE served (
    statement TEXT PRIMARY KEY,
    hash      TEXT NOT NULL,
    record    TEXT NOT NULL
) WITHOUT ROWID;
