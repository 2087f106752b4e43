-- Search index write tuning (stored in articles_fts_config, so it holds for every connection).
-- hashsize: FTS5 keeps pending index terms in memory up to this many bytes before it writes a segment; the
-- default (1 MB) is filled several times by one ingest batch of 500 articles, and each extra segment is
-- merged again later. 8 MB holds a batch, so a batch writes one segment.
-- automerge: merge 8 segments of a level at a time instead of 4, which halves how often each entry is
-- rewritten. Together they cut the CPU of indexing the ANT corpus by about a third (docs/benchmarks.md).
-- Neither changes what is indexed, so search results and their ranking stay the same.
INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 8388608);
INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 8);
