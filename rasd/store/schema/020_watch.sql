-- rasd watch: one row per polled feed URL, so polling resumes politely after a restart.
CREATE TABLE IF NOT EXISTS watch_feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,                          -- validators of the last 200 answer (conditional GET)
    last_modified TEXT,
    last_status INTEGER,                -- HTTP status of the last attempt (NULL: network error or refused)
    last_error TEXT,
    last_checked TEXT,                  -- ISO 8601 UTC
    last_success TEXT,
    failures INTEGER NOT NULL DEFAULT 0, -- consecutive failed polls (drives the back-off)
    next_due REAL NOT NULL DEFAULT 0,   -- Unix time of the next poll
    items_seen INTEGER NOT NULL DEFAULT 0
);
