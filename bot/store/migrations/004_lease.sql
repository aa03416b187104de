-- The sender lease: one process at a time claims outbox rows, schedules
-- briefings and fetches updates. Its holder renews it; another process
-- waits as a standby and takes it over once expires_at has passed.
CREATE TABLE lease (
    name        TEXT PRIMARY KEY,
    owner       TEXT NOT NULL,
    expires_at  INTEGER NOT NULL,
    renewed_at  INTEGER NOT NULL,
    acquired_at INTEGER NOT NULL
);
