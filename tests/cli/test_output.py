"""Streamed JSON: lists given as iterators are written item by item and parse as before."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest

from qcode.cli.output import stream_json


def streamed(value: object) -> str:
    out = io.StringIO()
    stream_json(value, out)
    return out.getvalue()


def lazy(items: list[object]) -> Iterator[object]:
    yield from items


VALUES = [
    [],
    [{"document": "PJ 1", "code": ["Work", "Rota"], "text": "a\n\"b\"\tc — é"}],
    {"coders": ["Ann", "Ben"], "pairs": [], "overall": {"alpha": None, "pairs": [{"k": 1.5}]}},
    {"a": {"b": {"c": [1, 2, {"d": []}]}}, "e": "", "f": 0},
    {},
    "plain",
]


def as_lazy(value: object) -> object:
    """The same value with its outer lists made iterators (their items stay plain values)."""
    if isinstance(value, list):
        return lazy(value)
    if isinstance(value, dict):
        return {key: as_lazy(item) for key, item in value.items()}
    return value


@pytest.mark.parametrize("value", VALUES)
def test_streamed_json_parses_to_the_same_value(value: object) -> None:
    assert json.loads(streamed(as_lazy(value))) == value
    assert json.loads(streamed(value)) == value


def test_each_streamed_item_is_one_line() -> None:
    rows = [{"document": "PJ 1", "start": n, "end": n + 2, "text": "x\ny"} for n in range(3)]
    text = streamed({"total": 3, "rows": iter(rows)})
    assert text.splitlines() == [
        "{",
        '  "total": 3,',
        '  "rows": [',
        *(f"    {json.dumps(row)}{',' if n < 2 else ''}" for n, row in enumerate(rows)),
        "  ]",
        "}",
    ]


def test_an_empty_iterator_is_an_empty_list() -> None:
    assert streamed({"rows": iter([])}) == '{\n  "rows": []\n}\n'
    assert streamed(iter([])) == "[]\n"


def test_items_are_made_only_as_they_are_written() -> None:
    made: list[int] = []
    out = io.StringIO()

    def rows() -> Iterator[dict[str, int]]:
        for n in range(3):
            made.append(n)
            assert out.getvalue().count('"n"') == n  # the rows before are written already
            yield {"n": n}

    stream_json(rows(), out)
    assert made == [0, 1, 2]
