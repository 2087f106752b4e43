"""Online clustering of articles into events and of events into stories.

``features`` turns an article into what clustering needs, ``vectors`` weighs terms
(TF-IDF with an incrementally updated document-frequency table), ``index`` finds the
candidate clusters active near an article's date, ``online`` assigns, merges and keeps
ids stable, ``summarise`` picks titles and summary sentences, and ``export`` renders
timelines and reports.
"""
