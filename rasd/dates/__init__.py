"""Temporal expressions: detection, TIMEX3 normalisation, publication and event dates.

``extract`` finds and normalises expressions; ``resolve_published`` chooses an article's
publication date; ``event_date`` its main happening's day. The ``dates`` stage
(``rasd.stages.dates``) wires them together.
"""

from rasd.dates.extract import extract
from rasd.dates.mention import DateMention
from rasd.dates.published import event_date, parse_iso, resolve_published

__all__ = ["DateMention", "event_date", "extract", "parse_iso", "resolve_published"]
