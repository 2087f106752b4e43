"""``DateMention``: one temporal expression found in a text, with its TIMEX3-style value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: TIMEX3 types.
TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass(slots=True)
class DateMention:
    """A temporal expression at ``text[start:end]``.

    ``value`` is a TIMEX3 value ("2022-02-12", "2022-01", "2022-W06", "2022-02-12T11:04-05:00",
    "P3D", "PAST_REF" …) or None when it could not be resolved (a relative expression
    without an anchor). ``anchored`` tells whether the value depended on the anchor date.
    """

    start: int
    end: int
    text: str
    type: str
    value: str | None
    anchored: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "value": self.value,
            "anchored": self.anchored,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DateMention:
        return cls(
            int(data["start"]),
            int(data["end"]),
            str(data["text"]),
            str(data["type"]),
            data.get("value"),
            bool(data.get("anchored", False)),
        )
