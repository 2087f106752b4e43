-- Every token tuple an entity was registered under, with the index's registration step
-- (JSON [[tokens, step], ...]), so the entity index rebuilt by a later run, or by a run resumed
-- after a crash, links mentions exactly as the index that saved it (see rasd.ner.index.EntityIndex).
ALTER TABLE entities ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]';
