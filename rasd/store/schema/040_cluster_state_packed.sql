-- Cheaper clustering state for events and stories (issue 6).
-- A cluster row's term weights move to a packed BLOB of little-endian float64 values (centroid terms, then
-- title terms, in the order `state` lists them; `state` then holds {"v": 2, "centroid": [terms], "title":
-- [terms], "entities": {...}}). Rows written before keep their JSON state and weights NULL; both load.
ALTER TABLE events ADD COLUMN weights BLOB;
ALTER TABLE stories ADD COLUMN weights BLOB;

-- Document-frequency changes as one compressed row per saved batch instead of one upsert per term.
-- A loaded state is cluster_df (rows written before) plus every delta of its level in seq order; loading
-- folds long logs into a single snapshot row.
CREATE TABLE IF NOT EXISTS cluster_df_log (
    level TEXT NOT NULL,               -- 'events' | 'stories'
    seq INTEGER NOT NULL,              -- order of the deltas within a level
    n_terms INTEGER NOT NULL,
    data BLOB NOT NULL,                -- zlib of JSON [[term, ...], [count, ...]]
    stage TEXT NOT NULL,
    stage_version INTEGER NOT NULL,
    PRIMARY KEY (level, seq)
);
