-- Search index, second form: contentless FTS5 (no second copy of the text) with the ascii tokenizer over
-- rasd's index form (normalised text, non-word runs as spaces; see rasd/store/search.py). Cheaper to write
-- than unicode61 over the normalised text, and snippets now come from the original text.
-- rasd_search_form() is registered on every connection by rasd.store.sqlite.SQLiteStore.
DROP TABLE IF EXISTS articles_fts;

CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content = '', tokenize = 'ascii');

INSERT INTO articles_fts (rowid, title, body)
SELECT rowid, rasd_search_form(coalesce(title, '')), rasd_search_form(text) FROM articles;
