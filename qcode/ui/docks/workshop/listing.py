"""The workshop dock's listing: where a passage is in it, and the next one undecided."""

from __future__ import annotations

from qcode.services.workshop.passages import Listed, PassageKey

Scope = tuple[tuple[str, ...], int | None, str | None]  # coders ticked, code id, document name


def place_of(items: list[Listed], key: PassageKey | None, position: int) -> int:
    """Where ``key``'s passage is in a listing; else ``position``, kept inside it."""
    if key is not None and position < len(items) and items[position].key == key:
        return position  # a refresh that moved nothing
    found = next((i for i, item in enumerate(items) if item.key == key), None)
    return found if found is not None else min(position, max(len(items) - 1, 0))


def next_undecided(items: list[Listed], position: int) -> int:
    """The first passage after ``position`` not decided when listed (``position`` if none)."""
    for step in range(1, len(items) + 1):
        index = (position + step) % len(items)
        if not items[index].decided:
            return index
    return position
