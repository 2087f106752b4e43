"""Named entities: CRF tagger, gazetteers, title patterns and spelling-variant matching."""
