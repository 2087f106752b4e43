"""Text reuse and near-duplicates: shingles, MinHash/LSH, passages, the stage's state and rendering."""
