"""An audit event's before/after values as the log shows them: on one line, cut at 160."""

from __future__ import annotations

import json

SHOWN_CHARS = 160


def readable(value: str) -> str:
    """A before/after value on one line: "name: Time · text: …" rather than raw JSON."""
    if not value:
        return ""
    try:
        data = json.loads(value)
    except ValueError:
        return " ".join(value.split())
    if isinstance(data, dict):
        text = " · ".join(f"{key}: {compact(item)}" for key, item in data.items())
    else:
        text = compact(data)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def compact(item: object) -> str:
    if isinstance(item, str):
        return " ".join(item.split())
    if isinstance(item, list) and all(isinstance(part, str) for part in item):
        return " / ".join(item)
    return json.dumps(item, ensure_ascii=False)
